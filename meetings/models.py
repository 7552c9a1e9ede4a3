"""Meetings of a partnership's groups: attendance, agenda and minute items, papers, the minutes'
lifecycle with every version kept, quorum rules and the decisions register."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from core import search
from core.models import Visibility, VisibleRecord
from partnership.models import Group, Partnership, Person

item_number_validator = RegexValidator(
    r"^\d{1,2}(\.\d{1,2})?$", "Number items as 1 to 99, and sub-items as 7.1 or 8.4"
)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Circulated"
    APPROVED = "approved", "Approved"
    LOCKED = "locked", "Locked"


EDITABLE_MINUTES = {MinutesStatus.DRAFT, MinutesStatus.CIRCULATED}


class Meeting(VisibleRecord):
    """One meeting of a group, on a date, with its minutes."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="Room and building")
    online_link = models.URLField(blank=True)
    minutes_heading = models.CharField(
        max_length=200,
        blank=True,
        help_text="The body the minutes are headed with, after MINUTES OF THE (for example "
        "LOCAL STRATEGIC PARTNERSHIP); empty uses the partnership's name",
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    minutes_status = models.CharField(
        max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_at = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approved",
        help_text="The later meeting that approved these minutes.",
    )
    approved_on = models.DateField(null=True, blank=True)
    agenda_published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the coordinator published the agenda: from then on the items' titles "
        "and papers are shown at each item's visibility; the minute text waits for the minutes.",
    )
    next_meeting_date = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The date of the group's next meeting after this one that is not cancelled "
        '(what a deadline "By next meeting" resolves to). Kept current by '
        "meetings.services.meeting_next_dates_refresh whenever a meeting of the group is "
        "scheduled, moved or cancelled.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["group", "date"], name="meeting_group_date")]

    def __str__(self) -> str:
        return f"{self.group.name}, {self.date.day} {self.date:%B %Y}"

    def clean(self) -> None:
        if (
            self.group_id
            and self.partnership_id
            and self.group.partnership_id != self.partnership_id
        ):
            raise ValidationError({"group": "Choose a group of this partnership"})
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": "The meeting must end after it starts"})
        if self.end_time and not self.start_time:
            raise ValidationError({"start_time": "Enter a start time as well as an end time"})

    @property
    def minutes_editable(self) -> bool:
        return self.minutes_status in EDITABLE_MINUTES

    def starts_at(self) -> dt.datetime | None:
        if self.start_time is None:
            return None
        return dt.datetime.combine(self.date, self.start_time)

    search_partnership_path = "partnership"

    def search_document(self):
        """The meeting as the search index sees it (core/search.py)."""
        return search.Document(
            kind="meeting",
            kind_label="Meeting",
            title=str(self),
            body=search.joined_text(self.minutes_heading, self.location),
            partnership_id=self.partnership_id,
            url=search.link("meetings:meeting_detail", self.partnership, pk=self.pk),
            chain=[self, self.group],
            date=self.date,
            group_id=self.group_id,
        )

    def search_dependants(self):
        return [*self.items.all(), *self.actions.all()]


class QuorumRule(models.Model):
    """How many must be present for a group's meeting to be quorate."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="quorum_rule")
    min_present = models.PositiveSmallIntegerField(
        "members present", default=0, help_text="At least this many members present"
    )
    min_responsible_authorities = models.PositiveSmallIntegerField(
        "responsible authorities present",
        default=0,
        help_text="At least this many different responsible authorities represented",
    )

    def __str__(self) -> str:
        return f"Quorum of {self.group.name}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    """Whether a person (or a named non-member) attended a meeting, and in which role."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="attendance"
    )
    name = models.CharField(
        max_length=200, blank=True, help_text="For an attendee who is not in the register"
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    role = models.CharField(max_length=200, blank=True, help_text="For example, Chair")
    substitute_for = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substituted_by",
        help_text="The member this person attended for",
    )
    is_member = models.BooleanField(default=True)
    reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="The reason given for apologies or absence, if one was given",
    )

    class Meta:
        ordering = ["status", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=models.Q(person__isnull=False),
                name="one_attendance_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.get_status_display()}"

    @property
    def display_name(self) -> str:
        return self.person.name if self.person is not None else self.name

    @property
    def role_line(self) -> str:
        """Role (or job title) and organisation as the minutes print them, the body named once:
        "Chair, Borough Commander, KFRS", "Inspector, Kent Police", "Golding Homes"."""
        role = self.role or (self.person.job_title if self.person is not None else "")
        body = self.person.body if self.person is not None else None
        if body is not None:
            label = body.short_name or body.name
            named = role.casefold()
            if label.casefold() not in named and body.name.casefold() not in named:
                role = f"{role}, {label}" if role else label
        return role

    def clean(self) -> None:
        if not self.person_id and not self.name.strip():
            raise ValidationError("Choose a person or type the attendee's name")
        if self.substitute_for_id and self.substitute_for_id == self.person_id:
            raise ValidationError({"substitute_for": "A person cannot substitute for themselves"})


class _MinutesGate:
    """A link of a search-index chain standing for what the minutes' status hides, as a draft
    board update does (reports.models.BoardReport): the index takes the strictest visibility of
    the chain, and a restricted link naming no one leaves the entry to the coordinators
    (core.search.effective_visibility)."""

    def __init__(self, visibility: str) -> None:
        self.visibility = visibility

    @property
    def restricted_to(self):
        return Person.objects.none()


def minutes_search_gate(meeting: "Meeting", *, agenda: bool) -> list[_MinutesGate]:
    """The extra search-chain links for what a meeting's minutes' status hides, the rule of
    meetings.selectors.minutes_readable: draft minutes for the coordinators, circulated ones
    for the partners, approved or locked ones at the item's own visibility. With `agenda` a
    published agenda opens the way too (agenda_readable: item titles and papers)."""
    if meeting.minutes_status in (MinutesStatus.APPROVED, MinutesStatus.LOCKED):
        return []
    if agenda and meeting.agenda_published_at is not None:
        return []
    if meeting.minutes_status == MinutesStatus.CIRCULATED:
        return [_MinutesGate(Visibility.PARTNERS)]
    return [_MinutesGate(Visibility.RESTRICTED)]


class Item(VisibleRecord):
    """A numbered agenda and minute item (1 … 9) or sub-item (7.1, 8.4)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(max_length=5, validators=[item_number_validator])
    position = models.PositiveIntegerField(default=0, editable=False)
    title = models.CharField(max_length=300)
    minutes = models.TextField(blank=True, help_text="Markdown")

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_item_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_sub_item(self) -> bool:
        return "." in self.number

    @staticmethod
    def position_of(number: str) -> int:
        """Sort key for item numbers: 7 < 7.1 < 7.2 < 8 < 10."""
        main, _, sub = number.partition(".")
        return int(main) * 100 + (int(sub) if sub else 0)

    search_partnership_path = "meeting__partnership"

    def search_document(self):
        """The minute item as the search index sees it (core/search.py): found only by those
        who may read the minutes (meetings.selectors.minutes_readable); a published agenda's
        title is a companion entry (ItemAgendaTitle)."""
        meeting = self.meeting
        return search.Document(
            kind="item",
            kind_label="Minute item",
            title=f"{self.number} {self.title}",
            body=self.minutes,
            partnership_id=meeting.partnership_id,
            url=search.link("meetings:meeting_detail", meeting.partnership, pk=meeting.pk),
            chain=[self, meeting, meeting.group, *minutes_search_gate(meeting, agenda=False)],
            date=meeting.date,
            group_id=meeting.group_id,
        )

    def search_dependants(self):
        return [*self.papers.all(), *self.actions.all()]

    def search_companions(self):
        return [ItemAgendaTitle(self)]


class ItemAgendaTitle:
    """The second search entry of an item: its title alone, at the item's own visibility, while
    the agenda is published and the minutes not yet approved (agenda_readable: titles and papers
    before the minutes). None otherwise, so the entry goes once the minutes say everything."""

    search_record_type = "meetings.item_agenda"

    def __init__(self, item: Item) -> None:
        self.item = item
        self.pk = item.pk

    def search_document(self):
        item = self.item
        meeting = item.meeting
        if meeting.agenda_published_at is None or not minutes_search_gate(meeting, agenda=False):
            return None
        return search.Document(
            kind="agenda_item",
            kind_label="Agenda item",
            title=f"{item.number} {item.title}",
            body="",
            partnership_id=meeting.partnership_id,
            url=search.link("meetings:meeting_detail", meeting.partnership, pk=meeting.pk),
            chain=[item, meeting, meeting.group],
            date=meeting.date,
            group_id=meeting.group_id,
        )


PAPER_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".csv": "text/csv",
    ".txt": "text/plain",
}
PAPER_MAX_BYTES = 10 * 1024 * 1024


def paper_path(instance: "Paper", filename: str) -> str:
    return f"papers/{instance.item.meeting.partnership_id}/{instance.item.meeting_id}/{filename}"


class Paper(models.Model):
    """A paper circulated with an item; readable by whoever may read the item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=paper_path, max_length=300)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    search_partnership_path = "item__meeting__partnership"

    def search_document(self):
        """The paper, with the text of its file, as the search index sees it."""
        item = self.item
        meeting = item.meeting
        return search.Document(
            kind="paper",
            kind_label="Paper",
            title=self.title,
            body=search.joined_text(self.filename, search.file_text(self.file, self.filename)),
            partnership_id=meeting.partnership_id,
            url=search.link("meetings:paper_download", meeting.partnership, pk=self.pk),
            chain=[item, meeting, meeting.group, *minutes_search_gate(meeting, agenda=True)],
            date=meeting.date,
            group_id=meeting.group_id,
        )


class MinutesVersion(models.Model):
    """A snapshot of a meeting's minutes, taken at every change; none is ever deleted."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    minutes_status = models.CharField(max_length=10, choices=MinutesStatus.choices)
    reason = models.CharField(max_length=300)
    content = models.JSONField(default=list)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_minutes_version")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of the minutes of {self.meeting}"


class Amendment(models.Model):
    """A correction to a meeting's minutes, agreed at a later meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    agreed_at = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="amendments_agreed"
    )
    item = models.ForeignKey(Item, on_delete=models.SET_NULL, null=True, blank=True)
    previous_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)
    note = models.TextField(help_text="What was corrected and who proposed it")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Amendment to {self.meeting}"


class Decision(VisibleRecord):
    """A decision, who made it (a group or a named role) and when, with follow-up dates."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True, help_text="Markdown")
    made_by_group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    made_by_role = models.CharField(
        max_length=200, blank=True, help_text='A named role, such as "Cabinet Member"'
    )
    made_on = models.DateField()
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def made_by(self) -> str:
        return self.made_by_group.name if self.made_by_group is not None else self.made_by_role

    def clean(self) -> None:
        if not self.made_by_group_id and not self.made_by_role.strip():
            raise ValidationError("Say who made the decision: a group or a named role")

    search_partnership_path = "partnership"

    def search_document(self):
        """The decision as the search index sees it (core/search.py)."""
        return search.Document(
            kind="decision",
            kind_label="Decision",
            title=self.title,
            body=search.joined_text(self.text, self.made_by_role),
            partnership_id=self.partnership_id,
            url=search.link("meetings:decision_detail", self.partnership, pk=self.pk),
            chain=[self],
            date=self.made_on,
            group_id=self.made_by_group_id,
        )


class FollowUp(models.Model):
    """A date by which something follows from a decision; shown on the calendar."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField()
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.description} ({self.date})"


class Circulation(models.Model):
    """One circulation of a meeting's minutes: which version was sent, when and by whom."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="circulations")
    version = models.ForeignKey(
        MinutesVersion,
        on_delete=models.PROTECT,
        related_name="circulations",
        help_text="The version of the minutes that was circulated",
    )
    subject = models.CharField(max_length=300)
    created = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Circulation of version {self.version.number} of the minutes of {self.meeting}"


class RecipientStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    NO_ADDRESS = "no_address", "Not sent: no e-mail address"


class CirculationRecipient(models.Model):
    """A member the circulated minutes were sent to (or could not be), and what happened."""

    circulation = models.ForeignKey(
        Circulation, on_delete=models.CASCADE, related_name="recipients"
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, related_name="circulations_received"
    )
    name = models.CharField(max_length=200, help_text="The name as it was when sent")
    email = models.EmailField(blank=True, help_text="The address it was sent to")
    status = models.CharField(
        max_length=10, choices=RecipientStatus.choices, default=RecipientStatus.QUEUED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["circulation", "person"],
                condition=models.Q(person__isnull=False),
                name="one_recipient_per_person_per_circulation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_status_display()}"
