"""A veteran who directs cannot record an incident against themselves."""

from django.utils import timezone

from workers.models import Incident

from .factories import WorkerProfileFactory


def test_a_director_cannot_record_an_incident_on_their_own_profile(client, make_user):
    veteran = make_user("veteran", roles=["worker", "director"])
    profile = WorkerProfileFactory(user=veteran)
    client.force_login(veteran)
    url = f"/workers/{profile.pk}/incidents/new/"
    response = client.post(
        url,
        {
            "kind": "quality",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "subtask_ref": "",
            "engagement_ref": "",
            "description": "自分で自分の記録を書き換えようとする",
        },
    )
    assert response.status_code == 200
    assert "自分のワーカー情報にインシデントは記録できません。" in (
        response.content.decode()
    )
    assert not Incident.objects.exists()
    # The profile page offers no such action either.
    page = client.get(f"/workers/{profile.pk}/").content.decode()
    assert url not in page
