"""The bank table lives in ``enterprise.banks`` (one table, the lower layer);
this name stays for the workers code that looks banks up."""

from enterprise.banks import (  # noqa: F401
    BANK_NAMES,
    BankBranch,
    bank_display_name,
    bank_exists,
    bank_name,
    lookup,
)
