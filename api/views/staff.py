"""The staff face, by role: clients, subtasks, payments, payout statements
and finance's exports, each from the same selector or service as the page."""

import datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from clients.models import Client
from clients.selectors import client_list_for_user
from engagements.models import Subtask
from engagements.selectors import subtask_list_for_user
from enterprise.calendar import month_end
from invoicing.journals import export_journal
from invoicing.models import PayoutStatement
from invoicing.selectors import billing
from invoicing.selectors.payouts import statement_list_for_worker
from invoicing.services import billing as billing_services
from invoicing.services.payouts.exports import zengin_file
from invoicing.yayoi import YayoiError

from .. import serializers as s
from ..base import ApiView, GenericViewSet, ReadOnlyViewSet
from ..permissions import IsFinance, IsFinanceOrWorker, IsStaff, KeyScope
from ..problems import Conflict
from .common import FILE_RESPONSE, filter_parameters, filtered


@extend_schema_view(
    list=extend_schema(parameters=filter_parameters(Client.State.values, "created"))
)
class ClientViewSet(ReadOnlyViewSet):
    serializer_class = s.ClientSerializer
    permission_classes = [KeyScope, IsStaff]

    schema_model = Client

    def scoped_queryset(self):
        rows = client_list_for_user(user=self.request.user).order_by(
            "legal_name_kana", "id"
        )
        if self.action == "list":
            return filtered(
                rows, self.request, states=Client.State.values, date_field="created_at"
            )
        return rows


@extend_schema_view(
    list=extend_schema(parameters=filter_parameters(Subtask.State.values, "due"))
)
class SubtaskViewSet(ReadOnlyViewSet):
    serializer_class = s.SubtaskSerializer
    permission_classes = [KeyScope, IsStaff]

    schema_model = Subtask

    def scoped_queryset(self):
        rows = subtask_list_for_user(user=self.request.user).order_by("due_at", "id")
        if self.action == "list":
            return filtered(
                rows, self.request, states=Subtask.State.values, date_field="due_at"
            )
        return rows


class PaymentViewSet(GenericViewSet):
    """An invoice's payments: finance reads and records them."""

    serializer_class = s.PaymentSerializer
    permission_classes = [KeyScope, IsFinance]
    pagination_class = None

    def _invoice(self):
        return billing.get_invoice_for_user(
            self.request.user, self.kwargs["invoice_pk"]
        )

    def get_queryset(self):
        return self._invoice().payments.order_by("received_on", "id")

    def list(self, request, invoice_pk=None):
        return Response(s.PaymentSerializer(self.get_queryset(), many=True).data)

    @extend_schema(responses={201: s.PaymentSerializer})
    def create(self, request, invoice_pk=None):
        form = s.PaymentSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        payment = billing_services.payment_record(
            invoice=self._invoice(), by=request.user, **form.validated_data
        )
        return Response(s.PaymentSerializer(payment).data, status=201)


@extend_schema_view(
    list=extend_schema(
        parameters=filter_parameters(PayoutStatement.State.values, "pay date")
    )
)
class PayoutStatementViewSet(ReadOnlyViewSet):
    """支払通知書: finance sees every worker's, a worker their own."""

    serializer_class = s.PayoutStatementSerializer
    permission_classes = [KeyScope, IsFinanceOrWorker]

    schema_model = PayoutStatement

    def scoped_queryset(self):
        user = self.request.user
        if IsFinance().has_permission(self.request, self):
            rows = PayoutStatement.objects.all()
        else:
            rows = statement_list_for_worker(user=user)
        rows = rows.order_by("-pay_date", "-number")
        if self.action == "list":
            states = PayoutStatement.State.values
            return filtered(rows, self.request, states=states, date_field="pay_date")
        return rows


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class JournalExportView(ApiView):
    """The month's journal (sales and payouts) for accounting software."""

    permission_classes = [KeyScope, IsFinance]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period", OpenApiTypes.STR, required=True, pattern=r"^\d{4}-\d{2}$"
            ),
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=["yayoi", "freee", "moneyforward"]
            ),
        ],
        responses=FILE_RESPONSE,
    )
    def get(self, request):
        period = request.query_params.get("period", "")
        fmt = request.query_params.get("format", "yayoi")
        try:
            year, month = (int(x) for x in period.split("-"))
            first = datetime.date(year, month, 1)
        except ValueError:
            raise ValidationError(
                {"period": [_("Enter a month as YYYY-MM.")]}
            ) from None
        if fmt not in ("yayoi", "freee", "moneyforward"):
            raise ValidationError({"format": [_("Unknown format.")]})
        try:
            content, _counts = export_journal(first, month_end(year, month), fmt=fmt)
        except YayoiError as exc:
            raise Conflict(str(exc)) from None
        return _attachment(
            content, f"journal-{period}-{fmt}.csv", "application/octet-stream"
        )


class ZenginExportView(ApiView):
    """The Zengin transfer file of a pay date (as the payouts page gives it)."""

    permission_classes = [KeyScope, IsFinance]

    @extend_schema(
        parameters=[OpenApiParameter("pay_date", OpenApiTypes.DATE, required=True)],
        responses=FILE_RESPONSE,
    )
    def get(self, request):
        try:
            pay_date = datetime.date.fromisoformat(
                request.query_params.get("pay_date", "")
            )
        except ValueError:
            raise ValidationError(
                {"pay_date": [_("Enter a date as YYYY-MM-DD.")]}
            ) from None
        content = zengin_file(pay_date=pay_date, by=request.user)
        return _attachment(
            content, f"zengin-{pay_date:%Y%m%d}.txt", "application/octet-stream"
        )
