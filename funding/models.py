"""Funding: pots of money, requests against them, the approval protocol and year-end rollovers.

Money is held as integer pence. A pot's balances are derived from its requests and rollovers
(see funding.services.pot_balance), never stored, so they cannot drift.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from core import search
from core.models import VisibleRecord
from plan.models import Theme, year_label


class Pot(VisibleRecord):
    """Money a funder has given the partnership for a year, with the funder's conditions."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="funding_pots"
    )
    name = models.CharField(max_length=200)
    funder = models.ForeignKey(
        "partnership.Body", on_delete=models.PROTECT, related_name="funding_pots"
    )
    year = models.PositiveSmallIntegerField(help_text="The financial year it starts, e.g. 2010")
    amount_pence = models.PositiveBigIntegerField("amount (pence)")
    conditions = models.TextField(
        blank=True,
        help_text="For example: rolling money into next year needs the funder's approval",
    )
    history = HistoricalRecords(excluded_fields=["partnership"])

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year", "name"], name="unique_pot_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({year_label(self.year)})"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    def clean(self) -> None:
        if (
            self.funder_id
            and self.partnership_id
            and self.funder.partnership_id != self.partnership_id
        ):
            raise ValidationError({"funder": "Choose a body of this partnership"})

    search_partnership_path = "partnership"

    def search_document(self):
        """The pot as the search index sees it (its own text, not its funder)."""
        return search.Document(
            kind="pot",
            kind_label="Funding pot",
            title=self.name,
            body=self.conditions,
            partnership_id=self.partnership_id,
            url=search.link("funding:pot_detail", self.partnership, pk=self.pk),
            chain=[self],
        )

    def search_dependants(self):
        return list(self.requests.all())


class RequestStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    PAID = "paid", "Paid"


class FundingRequest(VisibleRecord):
    """A body's request for money from a pot, from draft to paid, with its decision."""

    pot = models.ForeignKey(Pot, on_delete=models.PROTECT, related_name="requests")
    requesting_body = models.ForeignKey(
        "partnership.Body", on_delete=models.PROTECT, related_name="funding_requests"
    )
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    amount_pence = models.PositiveBigIntegerField(
        "amount (pence)", validators=[MinValueValidator(1)]
    )
    priority = models.ForeignKey(
        "plan.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_requests",
    )
    theme = models.CharField(max_length=12, choices=Theme.choices, blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    retrospective = models.BooleanField(
        default=False,
        help_text="The form is completed after the decision (as in November 2010).",
    )
    submitted_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.CharField(max_length=200, blank=True)
    meeting_item = models.ForeignKey(
        "meetings.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funding_decisions",
        help_text="The meeting item where the decision was made.",
    )
    meeting_reference = models.CharField(
        max_length=200,
        blank=True,
        help_text="The meeting and item where it was decided, e.g. 25 November 2010, item 8.1",
    )
    decision_note = models.TextField(blank=True)
    over_commitment = models.BooleanField(
        default=False, help_text="Approved knowing it takes the pot below zero."
    )
    over_commitment_reason = models.TextField(blank=True)
    paid_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pot", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_decided(self) -> bool:
        return self.status in {RequestStatus.APPROVED, RequestStatus.DECLINED, RequestStatus.PAID}

    def clean(self) -> None:
        if self.over_commitment and not self.over_commitment_reason.strip():
            raise ValidationError(
                {"over_commitment_reason": "Say why the pot may be over-committed"}
            )
        if (
            self.requesting_body_id
            and self.pot_id
            and self.requesting_body.partnership_id != self.pot.partnership_id
        ):
            raise ValidationError({"requesting_body": "Choose a body of this partnership"})

    search_partnership_path = "pot__partnership"

    def search_document(self):
        """The request, as readable as it and its pot, for the search index."""
        pot = self.pot
        return search.Document(
            kind="request",
            kind_label="Funding request",
            title=self.title,
            body=search.joined_text(
                self.purpose, self.meeting_reference, self.decided_by, self.decision_note
            ),
            partnership_id=pot.partnership_id,
            url=search.link("funding:request_detail", pot.partnership, pk=self.pk),
            chain=[self, pot],
            date=self.decided_on or self.submitted_on,
        )


class Protocol(models.Model):
    """How the partnership decides funding requests: who decides, thresholds and criteria."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="funding_protocol"
    )
    decider = models.CharField(
        "who decides",
        max_length=200,
        help_text="For example: the delivery group, at a meeting",
    )
    coordinator_limit_pence = models.PositiveBigIntegerField(
        "coordinator's limit (pence)",
        default=0,
        help_text="Requests up to this may be approved between meetings; larger ones at a meeting.",
    )
    adopted_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Funding protocol of {self.partnership}"


class Criterion(models.Model):
    """One item of the protocol's checklist that a request must meet."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return self.text


class CriterionCheck(models.Model):
    """Whether a request meets one criterion, as checked by the coordinator."""

    request = models.ForeignKey(FundingRequest, on_delete=models.CASCADE, related_name="checks")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="checks")
    met = models.BooleanField()
    note = models.CharField(max_length=300, blank=True)
    checked_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "criterion"], name="one_check_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {'met' if self.met else 'not met'}"


class RolloverStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the funder"
    APPROVED = "approved", "Approved by the funder"
    DECLINED = "declined", "Declined by the funder"


class Rollover(models.Model):
    """A year-end request to carry unspent money into next year, and the funder's answer."""

    pot = models.ForeignKey(Pot, on_delete=models.PROTECT, related_name="rollovers_out")
    amount_pence = models.PositiveBigIntegerField(
        "amount (pence)", validators=[MinValueValidator(1)]
    )
    asked_of = models.ForeignKey(
        "partnership.Body", on_delete=models.PROTECT, related_name="rollovers_asked"
    )
    requested_on = models.DateField()
    reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=RolloverStatus.choices, default=RolloverStatus.PENDING
    )
    outcome_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    into_pot = models.ForeignKey(
        Pot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rollovers_in",
        help_text="Next year's pot that receives the money, once approved.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_on", "pk"]

    def __str__(self) -> str:
        return f"Rollover from {self.pot}"
