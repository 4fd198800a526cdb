"""The dashboard's "Engagements to plan": my contracted and planning
engagements, linking to their board; nobody else's, nothing further on."""

from django.urls import reverse

from engagements.models import Engagement

from . import factories as d


def test_my_engagements_to_plan_link_their_board(client, world, roster):
    mine = d.bulk_engagements(
        5, director=world.director, client=world.client, sales=world.sales,
        category=world.category,
    )  # fmt: skip
    d.bulk_engagements(
        3, director=world.other_director, client=world.client, sales=world.sales,
        category=world.category,
    )  # fmt: skip
    client.force_login(world.director)
    response = client.get(reverse("directors:dashboard"))
    to_plan = response.context["to_plan"]
    # bulk_engagements makes engagement 0 planning and 4 contracted.
    assert sorted(e.pk for e in to_plan["rows"]) == [mine[0].pk, mine[4].pk]
    assert to_plan["total"] == 2
    html = response.content.decode()
    assert "計画する案件" in html
    board = reverse("directors:engagement", args=[mine[0].pk])
    assert f'<a href="{board}">案件 0</a>' in html
    for engagement in mine[1:4]:
        board = reverse("directors:engagement", args=[engagement.pk])
        assert f'href="{board}"' not in html


def test_nothing_to_plan_says_so(client, world, roster):
    client.force_login(world.director)
    html = client.get(reverse("directors:dashboard")).content.decode()
    assert "計画待ちの案件はありません。" in html
    assert not Engagement.objects.exists()
