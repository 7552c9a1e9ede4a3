"""Engagement: stakeholder events and what came of them, statutory public meetings, and
community consultations (what residents said, for the assessment's "public concern" factor).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from core import search
from core.models import VisibleRecord
from plan.models import Theme


class Event(VisibleRecord):
    """A stakeholder event, such as the Domestic Abuse event of 12 November 2010."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="stakeholder_events"
    )
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    venue = models.CharField(max_length=200, blank=True)
    run_with = models.CharField(
        max_length=200, blank=True, help_text="Who the partnership ran it with"
    )
    priority = models.ForeignKey(
        "plan.Priority", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    attendance = models.PositiveIntegerField(null=True, blank=True)
    attendance_is_minimum = models.BooleanField(
        default=False, help_text='The figure is a lower bound ("over 90 people").'
    )
    attendance_note = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title

    @property
    def attendance_text(self) -> str:
        if self.attendance is None:
            return "Not recorded"
        return ("Over " if self.attendance_is_minimum else "") + f"{self.attendance:,}"

    search_partnership_path = "partnership"

    def search_document(self):
        """The event as the search index sees it (core/search.py)."""
        return search.Document(
            kind="event",
            kind_label="Event",
            title=self.title,
            body=search.joined_text(self.summary, self.venue, self.run_with, self.attendance_note),
            partnership_id=self.partnership_id,
            url=search.link("engagement:event_detail", self.partnership, pk=self.pk),
            chain=[self],
            date=self.held_on,
        )

    def search_dependants(self):
        return list(self.findings.all())


class Workshop(models.Model):
    """A workshop at an event on one theme: priorities, best practice and gaps it found."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="workshops")
    theme = models.CharField(max_length=12, choices=Theme.choices)
    title = models.CharField(max_length=200, blank=True)
    priorities_found = models.TextField("priorities identified", blank=True)
    best_practice = models.TextField(blank=True)
    gaps = models.TextField("gaps and barriers", blank=True)

    class Meta:
        ordering = ["event", "theme"]

    def __str__(self) -> str:
        return self.title or self.get_theme_display()


class Finding(models.Model):
    """Something an event found; recurring findings are the event's recurring themes."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="findings")
    text = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    theme = models.CharField(max_length=12, choices=Theme.choices, blank=True)
    recurring = models.BooleanField(default=False, help_text="Raised again and again on the day.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    search_partnership_path = "event__partnership"

    def search_document(self):
        """The finding, as readable as its event, for the search index."""
        event = self.event
        return search.Document(
            kind="finding",
            kind_label="Finding",
            title=self.text,
            body=self.detail,
            partnership_id=event.partnership_id,
            url=search.link("engagement:event_detail", event.partnership, pk=event.pk),
            chain=[event],
            date=event.held_on,
        )


class FollowUpKind(models.TextChoices):
    ACTION = "action", "An action"
    PLAN_CHANGE = "plan_change", "A change to the plan"


class FollowUp(models.Model):
    """How a finding was taken forward: an action, or a change to the plan."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(max_length=12, choices=FollowUpKind.choices)
    description = models.TextField()
    recorded_on = models.DateField()
    objective = models.ForeignKey(
        "plan.Objective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="The objective the plan change touches.",
    )
    done = models.BooleanField(default=False, help_text="For plan changes: made.")
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagement_follow_ups",
        help_text="The action raised to take the finding forward.",
    )

    class Meta:
        ordering = ["finding", "recorded_on", "pk"]

    def __str__(self) -> str:
        return self.description


class PublicMeeting(VisibleRecord):
    """A statutory public meeting: notice, who attended for each authority, published summary."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="public_meetings"
    )
    held_on = models.DateField()
    venue = models.CharField(max_length=200)
    notice_published_on = models.DateField(null=True, blank=True)
    notice_url = models.URLField(blank=True)
    attendees = models.ManyToManyField(
        "partnership.Person",
        blank=True,
        related_name="public_meetings_attended",
        help_text="Senior people who attended for the responsible authorities.",
    )
    summary = models.TextField(blank=True)
    summary_published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Public meeting, {self.held_on.day} {self.held_on:%B %Y}"

    def clean(self) -> None:
        if self.notice_published_on and self.held_on and self.notice_published_on > self.held_on:
            raise ValidationError(
                {"notice_published_on": "The notice must be published before the meeting"}
            )
        if self.summary_published_on and not self.summary.strip():
            raise ValidationError({"summary": "Enter the summary that was published"})
        if self.summary_published_on and self.held_on and self.summary_published_on < self.held_on:
            raise ValidationError(
                {"summary_published_on": "The summary must be published after the meeting"}
            )

    def notice_is_published(self, on: dt.date) -> bool:
        """The notice was published ahead of the meeting, on or before this day (reg 12)."""
        published = self.notice_published_on
        return published is not None and published <= self.held_on and published <= on

    def summary_is_published(self, on: dt.date) -> bool:
        """What was discussed was published after the meeting, on or before this day (reg 12)."""
        published = self.summary_published_on
        return (
            published is not None and bool(self.summary.strip()) and self.held_on <= published <= on
        )


class Consultation(VisibleRecord):
    """A community consultation: how residents were asked, and how many answered."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField(max_length=200)
    method = models.CharField(
        max_length=200, help_text="For example: street survey, online survey, ward meeting"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    respondents = models.PositiveIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The end date must be after the start date"})

    search_partnership_path = "partnership"

    def search_document(self):
        """The consultation as the search index sees it (core/search.py)."""
        return search.Document(
            kind="consultation",
            kind_label="Consultation",
            title=self.title,
            body=search.joined_text(self.summary, self.method),
            partnership_id=self.partnership_id,
            url=search.link("engagement:consultation_detail", self.partnership, pk=self.pk),
            chain=[self],
            date=self.started_on,
        )


class Concern(models.Model):
    """What residents said in a consultation about one topic, and how many said it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="concerns"
    )
    topic = models.CharField(max_length=200, help_text="For example: anti-social behaviour")
    said = models.TextField("what residents said")
    mentions = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many respondents raised it"
    )
    priority = models.ForeignKey(
        "plan.Priority", on_delete=models.SET_NULL, null=True, blank=True, related_name="concerns"
    )

    class Meta:
        ordering = ["consultation", "-mentions", "topic"]

    def __str__(self) -> str:
        return self.topic
