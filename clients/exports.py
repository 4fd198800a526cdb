"""The columns of the company list's CSV/Excel export."""

from enterprise.exports import field, state

from .models import Client

CLIENT_COLUMNS = [
    field(Client, "legal_name"),
    field(Client, "legal_name_kana"),
    field(Client, "corporate_number"),
    field(Client, "registration_number"),
    state(Client),
    field(Client, "sales_owner", lambda c: c.sales_owner and c.sales_owner.username),
    field(Client, "created_at"),
]
