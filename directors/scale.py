"""Scale dataset: the roster of directors (``manage.py seed_scale``; see
``enterprise.scale``)."""

from enterprise.scale import BATCH

from .models import DirectorProfile

# Open engagements a director may hold: the seed keeps every one within it.
ROSTER_LIMIT = 50


def seed(world: dict, *, sizes: dict, stdout) -> None:
    DirectorProfile.objects.bulk_create(
        (
            DirectorProfile(user=user, kind=DirectorProfile.Kind.STAFF,
                            max_engagements=ROSTER_LIMIT)
            for user in world["directors"]
        ),
        batch_size=BATCH,
        ignore_conflicts=True,  # the demo director may be on it already
    )  # fmt: skip
    # The demo director's demo entry allows 8; at this size they hold more.
    DirectorProfile.objects.filter(user=world["directors"][0]).update(
        max_engagements=ROSTER_LIMIT
    )
    stdout.write(f"  directors: {len(world['directors'])} on the roster")
