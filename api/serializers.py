"""Shapes only: what each object looks like on the wire. Amounts are integer
yen; datetimes ISO 8601 in Asia/Tokyo (+09:00). Clients never see budgets,
rewards, margins, directors or workers."""

from django.utils import timezone
from rest_framework import serializers

from clients.models import Client
from engagements.models import Delivery, Engagement, Quote, QuoteLine, Subtask
from enterprise.models import WorkCategory
from invoicing.models import Invoice, InvoiceLine, Payment, PayoutStatement


class ProgressMixin(serializers.Serializer):
    subtask_count = serializers.IntegerField(read_only=True, default=0)
    approved_count = serializers.IntegerField(read_only=True, default=0)


class EngagementSerializer(ProgressMixin, serializers.ModelSerializer):
    """An engagement as its client's contact sees it."""

    client = serializers.CharField(source="client.legal_name", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)

    class Meta:
        model = Engagement
        fields = [
            "id", "title", "state", "client", "category", "deadline",
            "created_at", "contracted_at", "delivered_at", "completed_at",
            "subtask_count", "approved_count",
        ]  # fmt: skip


class StaffEngagementSerializer(EngagementSerializer):
    """Staff also see the budget and who directs it."""

    director = serializers.CharField(
        source="director.username", read_only=True, default=None
    )

    class Meta(EngagementSerializer.Meta):
        fields = [*EngagementSerializer.Meta.fields, "client_id", "budget", "director"]


class EngagementSchemaSerializer(EngagementSerializer):
    """The documented shape: the staff-only fields are present for staff."""

    director = serializers.CharField(required=False, allow_null=True)
    budget = serializers.IntegerField(required=False, help_text="staff only")
    client_id = serializers.IntegerField(required=False, help_text="staff only")

    class Meta(EngagementSerializer.Meta):
        fields = StaffEngagementSerializer.Meta.fields


class WorkRequestSerializer(serializers.Serializer):
    """A new work request: the order form (発注書の内容) of the intake."""

    title = serializers.CharField(max_length=200)
    category = serializers.SlugField(max_length=40)
    purpose = serializers.CharField(max_length=5000)
    deliverables = serializers.CharField(max_length=5000)
    acceptance_criteria = serializers.CharField(max_length=5000)
    reference_material = serializers.CharField(
        max_length=5000, required=False, default="", allow_blank=True
    )
    constraints = serializers.CharField(
        max_length=5000, required=False, default="", allow_blank=True
    )
    deadline = serializers.DateField()
    budget = serializers.IntegerField(min_value=1, max_value=10**12)

    def validate_deadline(self, value):
        if value <= timezone.localdate():
            raise serializers.ValidationError("deadline must be in the future")
        return value


class QuoteLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuoteLine
        fields = ["description", "quantity", "unit", "unit_price", "tax_rate"]


class QuoteSerializer(serializers.ModelSerializer):
    engagement_title = serializers.CharField(source="engagement.title", read_only=True)
    lines = QuoteLineSerializer(many=True, read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id", "engagement", "engagement_title", "number", "revision", "state",
            "issued_on", "valid_until", "work_subtotal", "direction_fee", "tax",
            "total", "sent_at", "decided_at", "lines",
        ]  # fmt: skip


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = [
            "id", "engagement", "note", "delivered_at", "accept_by", "decision",
            "decided_at", "change_request",
        ]  # fmt: skip


class DeliverableFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    sha256 = serializers.CharField()


class InvoiceLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = ["description", "quantity", "unit", "unit_price", "amount", "tax_rate"]


class InvoiceSerializer(serializers.ModelSerializer):
    client_name = serializers.CharField(source="client.legal_name", read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id", "number", "state", "client", "client_name", "issue_date",
            "period_start", "period_end", "due_date", "subtotal", "tax", "total",
            "paid_total", "credited_total", "issued_at", "sent_at", "paid_at",
        ]  # fmt: skip


class InvoiceDetailSerializer(InvoiceSerializer):
    lines = InvoiceLineSerializer(many=True, read_only=True)

    class Meta(InvoiceSerializer.Meta):
        fields = [*InvoiceSerializer.Meta.fields, "tax_breakdown", "lines"]


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "invoice", "received_on", "amount", "discount", "note"]
        read_only_fields = ["id", "invoice"]
        extra_kwargs = {
            "amount": {"min_value": 0, "max_value": 10**12},
            "discount": {"min_value": 0, "max_value": 10**12, "required": False},
        }


class ClientSerializer(serializers.ModelSerializer):
    class Meta:
        model = Client
        fields = [
            "id", "legal_name", "legal_name_kana", "corporate_number",
            "registration_number", "state", "created_at",
        ]  # fmt: skip


class SubtaskSerializer(serializers.ModelSerializer):
    assignee = serializers.CharField(
        source="assignee.username", read_only=True, default=None
    )

    class Meta:
        model = Subtask
        fields = [
            "id", "engagement", "title", "state", "work_format", "reward", "due_at",
            "assignee",
        ]  # fmt: skip


class PayoutStatementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PayoutStatement
        fields = [
            "id", "number", "state", "worker", "worker_name", "pay_date",
            "issue_date", "period_start", "period_end", "subtotal",
            "consumption_tax", "gross", "fee", "withholding", "transfer_fee", "net",
        ]  # fmt: skip


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkCategory
        fields = ["code", "name", "name_en"]
