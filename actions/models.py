"""Actions raised at meeting items, their owners, deadlines, progress and matters arising."""

import datetime as dt

from django.conf import settings
from django.db import models

from core import search
from core.models import VisibleRecord
from meetings.models import Item, Meeting
from partnership.models import Partnership, Person


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class DeadlineRule(models.TextChoices):
    NONE = "none", "No date (kept as written)"
    DATE = "date", "A fixed date"
    NEXT_MEETING = "next_meeting", "The group's next meeting"


class Action(VisibleRecord):
    """Something a meeting asked someone to do, by a deadline kept as written.

    The deadline's date is `deadline_date` for a fixed date; for "By next meeting" it is the
    meeting's stored `next_meeting_date` (kept current by the meetings services when a meeting of
    the group is scheduled, moved or cancelled), read at query time through the join (see
    actions.selectors.due_expression), so it follows that meeting when it moves.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    text = models.TextField("action")
    owners_written = models.CharField(
        "owners", max_length=100, help_text='Initials as typed in the minutes, e.g. "JL/SR"'
    )
    owners = models.ManyToManyField(Person, through="ActionOwner", related_name="actions")
    deadline_text = models.CharField("deadline", max_length=100, blank=True)
    deadline_rule = models.CharField(
        max_length=20, choices=DeadlineRule.choices, default=DeadlineRule.NONE
    )
    deadline_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status"], name="action_partnership_status"),
            models.Index(fields=["deadline_date"], name="action_deadline_date"),
            # Matters arising and the action log read meeting by meeting; the overdue, due-soon
            # and open counts read status and deadline from the index, the date of "next
            # meeting" from the meeting.
            models.Index(
                fields=["meeting", "status", "deadline_rule", "deadline_date"],
                name="action_meeting_status_due",
            ),
            # The dashboard's overdue and due-soon lists read fixed deadlines in date order.
            models.Index(
                fields=["partnership", "status", "deadline_rule", "deadline_date"],
                name="action_open_by_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owners_written}: {self.text[:60]}"

    @property
    def due_date(self) -> dt.date | None:
        """The resolved deadline (annotated by the selectors; computed here otherwise)."""
        if "due" in self.__dict__:
            return self.__dict__["due"]
        if self.deadline_rule == DeadlineRule.DATE:
            return self.deadline_date
        if self.deadline_rule == DeadlineRule.NEXT_MEETING:
            # Read, not taken from self.meeting: the stored date may have moved since it loaded.
            return (
                Meeting.objects.filter(pk=self.meeting_id)
                .values_list("next_meeting_date", flat=True)
                .first()
            )
        return None

    def is_overdue(self, on: dt.date) -> bool:
        due = self.due_date
        return self.status == ActionStatus.OPEN and due is not None and due < on

    search_partnership_path = "partnership"

    def _search_chain(self):
        meeting = self.meeting
        return [self, meeting, meeting.group, *([self.item] if self.item_id else [])]

    def search_document(self):
        """The action as the search index sees it (core/search.py)."""
        return search.Document(
            kind="action",
            kind_label="Action",
            title=self.text[:300],
            body=search.joined_text(self.text, self.owners_written, self.deadline_text),
            partnership_id=self.partnership_id,
            url=search.link("actions:action_detail", self.partnership, pk=self.pk),
            chain=self._search_chain(),
            date=self.meeting.date,
            group_id=self.meeting.group_id,
        )

    def search_dependants(self):
        return list(self.notes.all())


class ActionOwner(models.Model):
    """One owner of an action (initials resolved to a person of the partnership)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="ownerships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ownerships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "person"], name="unique_action_owner")
        ]

    def __str__(self) -> str:
        return f"{self.person} owns {self.action}"


class ProgressNote(models.Model):
    """A dated note of progress on an action, and any change of status it made."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField()
    text = models.TextField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"

    search_partnership_path = "action__partnership"

    def search_document(self):
        """The progress note, as readable as its action, for the search index."""
        action = self.action
        return search.Document(
            kind="progress-note",
            kind_label="Progress note",
            title=f"Progress on: {action.text[:200]}",
            body=self.text,
            partnership_id=action.partnership_id,
            url=search.link("actions:action_detail", action.partnership, pk=action.pk),
            chain=action._search_chain(),
            date=self.date,
            group_id=action.meeting.group_id,
        )


class MatterOutcome(models.TextChoices):
    DONE = "done", "Done"
    CARRIED_FORWARD = "carried_forward", "Carried forward"
    DROPPED = "dropped", "Dropped"


class MatterArising(models.Model):
    """What a later meeting said about an open action of an earlier one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="matters_arising")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="matters_arising")
    outcome = models.CharField(max_length=20, choices=MatterOutcome.choices)
    note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "action"], name="one_matter_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.action} at {self.meeting}: {self.get_outcome_display()}"


class ReminderSent(models.Model):
    """A reminder e-mail sent on a day, so the daily job sends at most one per person a day."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE)
    email = models.EmailField()
    sent_on = models.DateField()
    kind = models.CharField(max_length=20, default="owner")
    action_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "email", "sent_on", "kind"], name="one_reminder_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder to {self.email} on {self.sent_on}"


class TallyKind(models.TextChoices):
    ALL = "all", "Every action"
    OWNER = "owner", "By owner (person)"
    BODY = "body", "By owner's organisation"
    GROUP = "group", "By group"


class ActionTally(models.Model):
    """How many actions of a partnership share a status and a resolved deadline, per kind of
    breakdown (all, by owner, by owner's organisation, by group), for three readers: the public
    (every level public), partners (no level restricted) and coordinators (all).

    A summary of the register kept beside it (actions.tally): the dashboard and the action
    log's counts read a few hundred of these rows instead of every action. It is rebuilt when
    the partnership's change counter (core.stamps) moves past `ActionTallyState.version`.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=TallyKind.choices)
    key = models.PositiveIntegerField(null=True, blank=True, help_text="person, body or group")
    status = models.CharField(max_length=10, choices=ActionStatus.choices)
    due = models.DateField(null=True, blank=True)
    n_public = models.PositiveIntegerField(default=0)
    n_partners = models.PositiveIntegerField(default=0)
    n_all = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["partnership", "kind", "status", "due"], name="action_tally_read")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.status} {self.due}: {self.n_all}"


class ActionTallyState(models.Model):
    """The change-counter version the partnership's ActionTally rows were built at."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    version = models.BigIntegerField(default=-1)
    built = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Tally of {self.partnership_id} at version {self.version}"
