"""The roster in the Django admin follows the same rules as the pages."""

from django.contrib.auth.models import Group

from directors.models import DirectorProfile
from enterprise.models import AuditLog

ADD_URL = "/admin/directors/directorprofile/add/"


def form(user, kind):
    return {"user": user.pk, "kind": kind, "active": "on", "max_engagements": "4"}


def test_admin_adds_through_the_roster_service(client, world, superuser):
    client.force_login(superuser)
    response = client.post(ADD_URL, form(world.director, "staff"))
    assert response.status_code == 302
    profile = DirectorProfile.objects.get()
    assert (profile.user, profile.max_engagements) == (world.director, 4)
    assert AuditLog.objects.get(action="directors.profile.added").actor == superuser


def test_admin_refuses_a_veteran_without_the_senior_certification(
    client, world, superuser
):
    world.alice.groups.add(Group.objects.get(name="director"))
    client.force_login(superuser)
    response = client.post(ADD_URL, form(world.alice, "veteran"))
    assert response.status_code == 200
    assert "シニア認定を保有していません" in response.content.decode()
    assert not DirectorProfile.objects.exists()
