"""Invoicing models, one module per half of the app.

sequences: gapless document numbers shared by every document kind.
billing: client invoices and credit notes (issue 7).
payouts: worker orders and payout statements (issue 8).
"""

from .billing import (
    BilledTimesheet,
    CreditNote,
    CreditNoteLine,
    FinalDocumentError,
    Invoice,
    InvoiceLine,
    MonthCloseItem,
    MonthCloseRun,
    Payment,
)
from .payouts import (
    CategoryWithholding,
    PaidTaskUnit,
    PayoutLine,
    PayoutRun,
    PayoutRunItem,
    PayoutStatement,
    TaxTreatment,
    TransferFeePayer,
    WorkerFeePolicy,
    WorkerOrder,
)
from .receipts import (
    BankCredit,
    BankCsvLayout,
    BankStatement,
    BankStatementItem,
    CreditPayment,
    DunningLetter,
    DunningStep,
    PayerName,
    ReceivablesSettings,
    ReceivedDocument,
)
from .reports import PaymentReport
from .sequences import DocumentSequence
from .shapes import BilledMilestone, BilledMonth, CancellationCharge

__all__ = [
    "BankCredit",
    "BankCsvLayout",
    "BankStatement",
    "BankStatementItem",
    "CreditPayment",
    "DunningLetter",
    "DunningStep",
    "PayerName",
    "ReceivablesSettings",
    "ReceivedDocument",
    "BilledMilestone",
    "BilledMonth",
    "CancellationCharge",
    "BilledTimesheet",
    "CategoryWithholding",
    "CreditNote",
    "CreditNoteLine",
    "DocumentSequence",
    "FinalDocumentError",
    "Invoice",
    "InvoiceLine",
    "MonthCloseItem",
    "MonthCloseRun",
    "PaidTaskUnit",
    "PaymentReport",
    "Payment",
    "PayoutLine",
    "PayoutRun",
    "PayoutRunItem",
    "PayoutStatement",
    "TaxTreatment",
    "TransferFeePayer",
    "WorkerFeePolicy",
    "WorkerOrder",
]
