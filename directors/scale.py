"""Scale dataset: the roster of directors (``manage.py seed_scale``; see
``enterprise.scale``)."""

from enterprise.scale import BATCH

from .models import DirectorProfile


def seed(world: dict, *, sizes: dict, stdout) -> None:
    DirectorProfile.objects.bulk_create(
        (
            DirectorProfile(user=user, kind=DirectorProfile.Kind.STAFF,
                            max_engagements=50)
            for user in world["directors"]
        ),
        batch_size=BATCH,
        ignore_conflicts=True,  # the demo director may be on it already
    )  # fmt: skip
    stdout.write(f"  directors: {len(world['directors'])} on the roster")
