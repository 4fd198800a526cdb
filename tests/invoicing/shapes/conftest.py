from tests.invoicing.billing.conftest import finance, operator, sales, sample  # noqa: F401
