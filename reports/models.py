"""Accountability: scrutiny sessions and their packs, recommendations and responses, and the
records the statutory compliance calendar needs that no other app holds (the plan sent to the
Police and Crime Commissioner, quarterly s17A data received from each responsible authority).
"""

from django.core.exceptions import ValidationError
from django.db import models

from core import search
from core.models import Visibility, VisibleRecord
from partnership.models import Person


class Committee(models.Model):
    """A council's crime and disorder committee (Police and Justice Act 2006 s19)."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="committees"
    )
    name = models.CharField(max_length=300)
    council = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="committee_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SessionType(models.TextChoices):
    ANNUAL_REVIEW = "annual_review", "Annual review of the partnership"
    CALL_IN = "call_in", "Call-in"
    CCFA = "ccfa", "Councillor Call for Action"


class ScrutinySession(VisibleRecord):
    """One session of the committee scrutinising the partnership."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="scrutiny_sessions"
    )
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField()
    session_type = models.CharField("type", max_length=16, choices=SessionType.choices)
    title = models.CharField(max_length=300)
    report_of = models.CharField(max_length=200, blank=True, help_text="Who wrote the report")
    background = models.TextField(blank=True, help_text="Context the report gives (Markdown)")
    demonstration = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "date"], name="session_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.date.day} {self.date:%B %Y}"

    search_partnership_path = "partnership"

    def search_document(self):
        """The session as the search index sees it (core/search.py)."""
        return search.Document(
            kind="scrutiny_session",
            kind_label="Scrutiny session",
            title=self.title,
            body=search.joined_text(self.committee.name, self.report_of, self.background),
            partnership_id=self.partnership_id,
            url=search.link("reports:session_detail", self.partnership, pk=self.pk),
            chain=[self],
            date=self.date,
        )

    def search_dependants(self):
        return [*self.questions.all(), *self.recommendations.all()]


class Witness(models.Model):
    """Someone the committee interviews: a register Person or an outsider, in the role and
    organisation they appear in on the session's date (which may differ from the register)."""

    session = models.ForeignKey(ScrutinySession, on_delete=models.CASCADE, related_name="witnesses")
    person = models.ForeignKey(
        "partnership.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True, help_text="For someone not in the register")
    role = models.CharField(max_length=300, help_text="The role they appear in on this date")
    organisation = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "order", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person is not None else self.name

    def clean(self) -> None:
        if bool(self.person_id) == bool(self.name.strip()):
            raise ValidationError(
                {"name": "Choose a person from the register or enter a name, not both"}
            )


class Question(models.Model):
    """An area of questioning, in the report's order, with the coordinator's short answer."""

    session = models.ForeignKey(ScrutinySession, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="question_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    search_partnership_path = "session__partnership"

    def search_document(self):
        """An area of questioning and its answer, as readable as its session."""
        session = self.session
        return search.Document(
            kind="scrutiny_question",
            kind_label="Scrutiny question",
            title=f"{self.number}. {self.text}",
            body=self.answer,
            partnership_id=session.partnership_id,
            url=search.link("reports:session_detail", session.partnership, pk=session.pk),
            chain=[session],
            date=session.date,
        )


class LinkState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class AnswerLink(models.Model):
    """A record of any kind (reports.records.KINDS) offered as evidence for a question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    state = models.CharField(max_length=10, choices=LinkState.choices)
    score = models.PositiveIntegerField(default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "kind", "object_id"], name="answer_link_unique_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.state})"


class ResponseStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting response"
    ACCEPTED = "accepted", "Accepted"
    PARTLY = "partly", "Partly accepted"
    REJECTED = "rejected", "Rejected"
    IMPLEMENTED = "implemented", "Implemented"


class Recommendation(models.Model):
    """A recommendation the committee made after a session, and the partnership's response."""

    session = models.ForeignKey(
        ScrutinySession, on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    addressed_to = models.ManyToManyField(
        "partnership.Body", related_name="scrutiny_recommendations"
    )
    response_due = models.DateField()
    response_text = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.AWAITING
    )
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="+")

    class Meta:
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"], name="recommendation_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    search_partnership_path = "session__partnership"

    def search_document(self):
        """A committee recommendation and the response, as readable as its session."""
        session = self.session
        return search.Document(
            kind="scrutiny_recommendation",
            kind_label="Scrutiny recommendation",
            title=f"Recommendation {self.number}: {self.text}",
            body=self.response_text,
            partnership_id=session.partnership_id,
            url=search.link("reports:tracker", session.partnership),
            chain=[session],
            date=session.date,
        )

    def is_overdue(self, *, on) -> bool:
        return self.status == ResponseStatus.AWAITING and self.response_due < on


class CopySent(models.Model):
    """A record that a copy of the recommendations went to a body (PJA 2006 s19)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="copies"
    )
    body = models.ForeignKey("partnership.Body", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        ordering = ["recommendation", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "body"], name="copy_sent_unique")
        ]

    def __str__(self) -> str:
        return f"Copy to {self.body} on {self.sent_on}"


class PlanSentToPcc(VisibleRecord):
    """The partnership plan sent to the Police and Crime Commissioner (SI 2007/1830 reg 13A)."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="plans_sent_to_pcc"
    )
    plan = models.ForeignKey("plan.Plan", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-sent_on"]

    def __str__(self) -> str:
        return f"Plan sent to the Police and Crime Commissioner, {self.sent_on.day} {self.sent_on:%B %Y}"


class DataReceipt(VisibleRecord):
    """Depersonalised data received from a responsible authority for a quarter (s17A)."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="data_receipts"
    )
    body = models.ForeignKey("partnership.Body", on_delete=models.CASCADE, related_name="+")
    quarter_start = models.DateField(help_text="First day of the quarter the data covers")
    received_on = models.DateField()

    class Meta:
        ordering = ["-quarter_start", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "body", "quarter_start"], name="data_receipt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Data from {self.body} for the quarter from {self.quarter_start:%d %B %Y}"


class BoardStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class ReportKind(models.TextChoices):
    BOARD = "board", "Board update"
    ANNUAL = "annual", "Annual report"


class BoardReport(models.Model):
    """A quarterly update to the board or an annual report, drafted from the record. Issuing
    freezes `content`: a later change to the record never changes an issued report; reissuing
    makes a new version. `quarter` is the period: `2010-Q3` for a board update, the financial
    year's first calendar year (`2010` = April 2010 to March 2011) for an annual report.
    """

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="board_reports"
    )
    kind = models.CharField(max_length=6, choices=ReportKind.choices, default=ReportKind.BOARD)
    quarter = models.CharField(
        max_length=7, help_text="Financial quarter (2010-Q3) or, for an annual report, year (2010)"
    )
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=6, choices=BoardStatus.choices, default=BoardStatus.DRAFT)
    narrative = models.TextField("chair's narrative", blank=True)
    content = models.JSONField(default=dict, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "quarter", "version"], name="board_report_unique_version"
            )
        ]

    def __str__(self) -> str:
        if self.kind == ReportKind.ANNUAL:
            return f"Annual report {self.quarter} (version {self.version})"
        return f"Board update {self.quarter} (version {self.version})"

    search_partnership_path = "partnership"

    @property
    def visibility(self) -> str:
        """An issued report is public (each reader's copy is filtered when shown); a draft is
        for coordinators only, as the views say: restricted, naming no one."""
        return Visibility.PUBLIC if self.status == BoardStatus.ISSUED else Visibility.RESTRICTED

    @property
    def restricted_to(self):
        return Person.objects.none()

    def search_document(self):
        """The report's title and chair's narrative, for the search index (core/search.py)."""
        name = "annual_detail" if self.kind == ReportKind.ANNUAL else "board_detail"
        return search.Document(
            kind=f"{self.kind}_report",
            kind_label="Annual report" if self.kind == ReportKind.ANNUAL else "Board update",
            title=str(self),
            body=self.narrative,
            partnership_id=self.partnership_id,
            url=search.link(f"reports:{name}", self.partnership, pk=self.pk),
            chain=[self],
            date=self.issued_on,
        )


class ComplianceAlertSent(models.Model):
    """A weekly compliance alert e-mailed to a coordinator, so a week sends at most one each."""

    partnership = models.ForeignKey("partnership.Partnership", on_delete=models.CASCADE)
    email = models.EmailField()
    week_of = models.DateField(help_text="The Monday of the week the alert was for.")
    duties = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "email", "week_of"], name="one_compliance_alert_a_week"
            )
        ]

    def __str__(self) -> str:
        return f"Compliance alert to {self.email} for the week of {self.week_of}"
