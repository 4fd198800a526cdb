"""The client's face: engagements, work requests, quotes, deliveries and
invoices of their own company. Staff reach engagements, quotes and invoices
through the same selectors as their pages. Another company's object is 404."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from clients.selectors import client_for_contact
from engagements import selectors
from engagements.models import Engagement, Quote
from engagements.services import delivery, intake, quotes
from engagements.views.common import stored_upload
from enterprise.models import WorkCategory
from invoicing.models import Invoice
from invoicing.selectors import billing

from .. import serializers as s
from ..base import ReadOnlyViewSet
from ..permissions import IsClient, IsStaffOrClient, KeyScope, is_staff_user
from .common import FILE_RESPONSE, PDF_RESPONSE, filter_parameters, filtered, pdf_answer

ENGAGEMENT_FILTERS = filter_parameters(Engagement.State.values, "created")


def engagements_for(user):
    """The pages' rule: staff by their role's selector, a contact their
    company's portal scope."""
    if is_staff_user(user):
        return selectors.engagement_list_for_user(user=user)
    return selectors.portal_engagements(user)


@extend_schema_view(list=extend_schema(parameters=ENGAGEMENT_FILTERS))
class EngagementViewSet(ReadOnlyViewSet):
    permission_classes = [KeyScope, IsStaffOrClient]

    schema_model = Engagement

    def scoped_queryset(self):
        engagements = selectors.with_progress(engagements_for(self.request.user))
        engagements = engagements.order_by("-created_at", "-id")
        if self.action == "list":
            states = Engagement.State.values
            return filtered(
                engagements, self.request, states=states, date_field="created_at"
            )
        return engagements

    def get_serializer_class(self):
        if self.action == "create":
            return s.WorkRequestSerializer
        if getattr(self, "swagger_fake_view", False):
            return s.EngagementSchemaSerializer
        if is_staff_user(self.request.user):
            return s.StaffEngagementSerializer
        return s.EngagementSerializer

    @extend_schema(
        request=s.WorkRequestSerializer, responses={201: s.EngagementSchemaSerializer}
    )
    def create(self, request):
        """A new work request from a client's contact, through the intake
        screening: it answers in state ``quoting`` or ``screening``."""
        if not IsClient().has_permission(request, self):
            self.permission_denied(request)
        client = client_for_contact(request.user)
        if client is None:
            self.permission_denied(request)
        form = s.WorkRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        data["category"] = get_object_or_404(WorkCategory, code=data["category"])
        engagement = intake.engagement_request(client=client, by=request.user, **data)
        engagement = self.get_queryset().get(pk=engagement.pk)
        return Response(s.EngagementSerializer(engagement).data, status=201)

    @extend_schema(responses=s.DeliverySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def deliveries(self, request, pk=None):
        engagement = self.get_object()
        rows = engagement.deliveries.order_by("-delivered_at", "-id")
        return Response(s.DeliverySerializer(rows, many=True).data)

    @extend_schema(responses=s.DeliverableFileSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def files(self, request, pk=None):
        """The delivered files (the approved version of each subtask)."""
        files = selectors.delivered_files(self.get_object())
        return Response(s.DeliverableFileSerializer(files, many=True).data)

    @extend_schema(responses=FILE_RESPONSE)
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_id>\d+)")
    def file(self, request, pk=None, file_id=None):
        files = selectors.delivered_files(self.get_object())
        return stored_upload(get_object_or_404(files, pk=file_id))

    @extend_schema(request=None, responses=s.DeliverySerializer)
    @action(detail=True, methods=["post"], url_path="accept-delivery")
    def accept_delivery(self, request, pk=None):
        """検収: accept the delivery; the engagement is completed."""
        self._client_only(request)
        done = delivery.delivery_accept(engagement=self.get_object(), by=request.user)
        return Response(s.DeliverySerializer(done).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.DeliverySerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        self._client_only(request)
        form = s.ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        done = delivery.delivery_request_changes(
            engagement=self.get_object(),
            by=request.user,
            reason=form.validated_data["reason"],
        )
        return Response(s.DeliverySerializer(done).data)

    def _client_only(self, request):
        if not IsClient().has_permission(request, self):
            self.permission_denied(request)


def quotes_for(user):
    if is_staff_user(user):
        engagements = selectors.engagement_list_for_user(user=user)
        return Quote.objects.filter(engagement__in=engagements.values("pk"))
    return selectors.portal_quotes(user)


@extend_schema_view(
    list=extend_schema(parameters=filter_parameters(Quote.State.values, "issued"))
)
class QuoteViewSet(ReadOnlyViewSet):
    serializer_class = s.QuoteSerializer
    permission_classes = [KeyScope, IsStaffOrClient]

    schema_model = Quote

    def scoped_queryset(self):
        rows = quotes_for(self.request.user).select_related("engagement")
        rows = rows.prefetch_related("lines").order_by("-created_at", "-id")
        if self.action == "list":
            return filtered(
                rows, self.request, states=Quote.State.values, date_field="issued_on"
            )
        return rows

    @extend_schema(request=None, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"], permission_classes=[KeyScope, IsClient])
    def accept(self, request, pk=None):
        """Accept the quote (who, when and from which address are recorded)."""
        quote = quotes.quote_accept(
            quote=self.get_object(), by=request.user, ip=request.META.get("REMOTE_ADDR")
        )
        return Response(s.QuoteSerializer(self.get_queryset().get(pk=quote.pk)).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.QuoteSerializer)
    @action(detail=True, methods=["post"], permission_classes=[KeyScope, IsClient])
    def decline(self, request, pk=None):
        form = s.ReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        quote = quotes.quote_decline(
            quote=self.get_object(),
            by=request.user,
            reason=form.validated_data["reason"],
        )
        return Response(s.QuoteSerializer(self.get_queryset().get(pk=quote.pk)).data)


@extend_schema_view(
    list=extend_schema(parameters=filter_parameters(Invoice.State.values, "issued"))
)
class InvoiceViewSet(ReadOnlyViewSet):
    """Invoices: finance sees all, a contact their company's issued ones."""

    permission_classes = [KeyScope, IsStaffOrClient]

    schema_model = Invoice

    def scoped_queryset(self):
        rows = billing.invoice_list_for_user(user=self.request.user)
        rows = rows.order_by("-issue_date", "-id")
        if self.action == "list":
            return filtered(
                rows, self.request, states=Invoice.State.values, date_field="issue_date"
            )
        return rows.prefetch_related("lines")

    def get_serializer_class(self):
        return (
            s.InvoiceSerializer if self.action == "list" else s.InvoiceDetailSerializer
        )

    @extend_schema(responses=PDF_RESPONSE)
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        invoice = self.get_object()
        return pdf_answer(invoice, f"{invoice.number}.pdf")


class WorkCategoryViewSet(ReadOnlyViewSet):
    """The categories a work request names by code."""

    permission_classes = [KeyScope]
    pagination_class = None

    schema_model = WorkCategory

    def scoped_queryset(self):
        return WorkCategory.objects.order_by("sort_order", "code")

    serializer_class = s.CategorySerializer
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
