"""Scale dataset: active corporate clients, each with a portal contact
(``manage.py seed_scale``; see ``enterprise.scale``)."""

from django.contrib.auth.models import Permission
from django.utils import timezone

from enterprise.roles import CLIENT
from enterprise.scale import BATCH, bulk_users

from .models import CheckResult, Client, ClientContact, ClientUserObjectPermission
from .numbers import with_check_digit

KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモ"


def _client(n: int, sales) -> Client:
    number = with_check_digit(f"{7_000_000_00000 + n:012d}")
    kana = KANA[n % len(KANA)] + KANA[(n // len(KANA)) % len(KANA)]
    return Client(
        legal_name=f"株式会社規模{n:05d}",
        legal_name_kana=f"キボ{kana}{n:05d}",
        corporate_number=number,
        registration_number=f"T{number}",
        postal_code="100-0005",
        address=f"東京都千代田区丸の内{n % 9 + 1}-{n % 30 + 1}",
        billing_contact_name="経理 花子",
        billing_contact_email=f"billing{n:05d}@scale.example.jp",
        billing_contact_department="経理部",
        closing_day=0,
        payment_month_offset=1,
        payment_day=0,
        sales_owner=sales,
        state=Client.State.ACTIVE,
        state_changed_at=timezone.now(),
        antisocial_check=CheckResult.PASSED,
        credit_check=CheckResult.PASSED,
    )


def seed(world: dict, *, sizes: dict, stdout) -> None:
    count = sizes["clients"]
    clients = Client.objects.bulk_create(
        (_client(n, world["sales"]) for n in range(1, count + 1)), batch_size=BATCH
    )
    users = bulk_users("scale-client", count, CLIENT, password=world["password"])
    ClientContact.objects.bulk_create(
        (
            ClientContact(user=user, client=client, name=f"担当 {n}", email=user.email)
            for n, (user, client) in enumerate(zip(users, clients, strict=True))
        ),
        batch_size=BATCH,
    )
    # What clients.services.contact_add grants: the contact sees their company.
    view = Permission.objects.get(
        codename="view_client", content_type__app_label="clients"
    )
    ClientUserObjectPermission.objects.bulk_create(
        (
            ClientUserObjectPermission(
                user=user, permission=view, content_object=client
            )
            for user, client in zip(users, clients, strict=True)
        ),
        batch_size=BATCH,
    )
    world["clients"] = clients
    world["contacts"] = users
    stdout.write(f"  clients: {count} active companies with a contact each")
