"""Partnerships, their partner bodies, people, groups and memberships."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper
from simple_history.models import HistoricalRecords

from core import search
from core.models import Visibility, VisibleRecord

area_code_validator = RegexValidator(
    r"^[EW]0[6-9]\d{6}$",
    "Enter a local authority code such as E07000110 (England) or W06000015 (Wales)",
)
initials_validator = RegexValidator(
    r"^[A-Za-z]{1,6}$", "Initials are 1 to 6 letters, such as MA or JAW"
)
RESERVED_INITIALS = {"ALL"}


class Partnership(models.Model):
    """A Community Safety Partnership for one or more local authority areas."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=60, unique=True)
    area_codes = models.JSONField(
        default=list, help_text="Local authority (LAD) codes the partnership covers."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.area_codes, list) or not self.area_codes:
            raise ValidationError({"area_codes": "Enter at least one local authority code"})
        for code in self.area_codes:
            area_code_validator(code)


class BodyType(models.TextChoices):
    COUNCIL = "council", "Responsible authority: council"
    POLICE = "police", "Responsible authority: police"
    FIRE = "fire", "Responsible authority: fire and rescue"
    PROBATION = "probation", "Responsible authority: probation"
    HEALTH = "health", "Responsible authority: health"
    CO_OPERATING = "co_operating", "Co-operating body"
    INVITED = "invited", "Invited body"
    OTHER = "other", "Other"


RESPONSIBLE_AUTHORITY_TYPES = {
    BodyType.COUNCIL,
    BodyType.POLICE,
    BodyType.FIRE,
    BodyType.PROBATION,
    BodyType.HEALTH,
}


class Body(VisibleRecord):
    """An organisation in the partnership: a responsible authority or another partner."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30, blank=True, help_text="For example, KFRS or MBC")
    body_type = models.CharField("type", max_length=20, choices=BodyType.choices)
    website = models.URLField(blank=True)
    history = HistoricalRecords(excluded_fields=["partnership"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_body_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_responsible_authority(self) -> bool:
        return self.body_type in RESPONSIBLE_AUTHORITY_TYPES

    search_partnership_path = "partnership"

    def search_document(self):
        """The body as the search index sees it (core/search.py)."""
        return search.Document(
            kind="body",
            kind_label="Body",
            title=self.name,
            body=search.joined_text(self.short_name, self.get_body_type_display()),
            partnership_id=self.partnership_id,
            url=search.link("partnership:body_detail", self.partnership, pk=self.pk),
            chain=[self],
        )


class Person(VisibleRecord):
    """Someone who takes part in the partnership, known in minutes by their initials."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    initials = models.CharField(max_length=6, validators=[initials_validator])
    job_title = models.CharField(max_length=200, blank=True)
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    email = models.EmailField("e-mail address", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        help_text="The sign-in account of this person, if they have one.",
    )
    history = HistoricalRecords(excluded_fields=["partnership"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                "partnership", Upper("initials"), name="unique_initials_in_partnership"
            ),
            models.UniqueConstraint(
                fields=["partnership", "user"], name="one_person_per_user_in_partnership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.initials})"

    def clean(self) -> None:
        if self.initials:
            self.initials = self.initials.strip()
            if self.initials.upper() in RESERVED_INITIALS:
                raise ValidationError({"initials": "ALL is reserved for 'everyone present'"})
        if (
            self.body is not None
            and self.partnership_id
            and self.body.partnership_id != self.partnership_id
        ):
            raise ValidationError({"body": "Choose a body of this partnership"})

    search_partnership_path = "partnership"

    def search_document(self):
        """The person as the search index sees it (their own fields only, not their body)."""
        return search.Document(
            kind="person",
            kind_label="Person",
            title=self.name,
            body=search.joined_text(self.initials, self.job_title),
            partnership_id=self.partnership_id,
            url=search.link("partnership:person_detail", self.partnership, pk=self.pk),
            chain=[self],
        )


class GroupKind(models.TextChoices):
    DELIVERY = "delivery", "Delivery group"
    BOARD = "board", "Board"
    SUB_GROUP = "sub_group", "Sub-group"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"
    OTHER = "other", "Other"


class Group(VisibleRecord):
    """A group that meets: delivery group, LSP Board, sub-group or task and finish group."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    purpose = models.TextField(blank=True)
    priority_served = models.CharField(
        max_length=200, blank=True, help_text="The priority this group serves, in words."
    )
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="sub_groups"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="Task and finish groups end on this date."
    )
    history = HistoricalRecords(excluded_fields=["partnership"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_group_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == GroupKind.TASK_AND_FINISH and not self.end_date:
            raise ValidationError({"end_date": "A task and finish group needs an end date"})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be after the start date"})
        if self.reports_to is not None and self.reports_to.partnership_id != self.partnership_id:
            raise ValidationError({"reports_to": "Choose a group of this partnership"})

    def is_active(self, on: dt.date) -> bool:
        return self.end_date is None or self.end_date >= on

    search_partnership_path = "partnership"

    def search_document(self):
        """The group as the search index sees it (core/search.py)."""
        return search.Document(
            kind="group",
            kind_label="Group",
            title=self.name,
            body=search.joined_text(self.purpose, self.priority_served),
            partnership_id=self.partnership_id,
            url=search.link("partnership:group_detail", self.partnership, pk=self.pk),
            chain=[self],
            date=self.start_date,
            group_id=self.pk,
        )

    def search_dependants(self):
        return list(self.meetings.all())


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    LEAD_OFFICER = "lead_officer", "Lead officer"
    MEMBER = "member", "Member"
    ADVISER = "adviser", "Adviser"
    NON_MEMBER = "non_member", "Non-member attendee"


class MembershipStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    ENDED = "ended", "Ended"


class Membership(VisibleRecord):
    """A person's place in a group: proposed, then approved by a group on a date, then ended."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices)
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PROPOSED
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    approved_by = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_memberships",
    )
    approved_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__name", "person__name"]

    def __str__(self) -> str:
        return f"{self.person.name}, {self.get_role_display()} of {self.group.name}"

    @property
    def partnership(self) -> Partnership:
        return self.group.partnership

    @property
    def is_current(self) -> bool:
        return self.status != MembershipStatus.ENDED

    def clean(self) -> None:
        if (
            self.group_id
            and self.person_id
            and self.group.partnership_id != self.person.partnership_id
        ):
            raise ValidationError("The person and the group must belong to the same partnership")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be after the start date"})
        if self.status == MembershipStatus.APPROVED and not (
            self.approved_by_id and self.approved_on
        ):
            raise ValidationError(
                "An approved membership records which group approved it, and when"
            )


__all__ = [
    "Body",
    "BodyType",
    "Group",
    "GroupKind",
    "Membership",
    "MembershipRole",
    "MembershipStatus",
    "Partnership",
    "Person",
    "Visibility",
]
