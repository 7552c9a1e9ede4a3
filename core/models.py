"""Visibility: every record CSP Hub holds is public, for partners, or restricted."""

from django.db import connection, models


class SearchVectorField(models.Field):
    """A PostgreSQL tsvector column, the same column as django.contrib.postgres's field.

    Declared here so that loading the models does not import psycopg and django.contrib.postgres
    on SQLite (a tenth of a second of every command's start-up); on PostgreSQL core's AppConfig
    it gets django.contrib.postgres's `@@` match (below). Migrations see the original.
    """

    def db_type(self, connection) -> str:
        return "tsvector"

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.contrib.postgres.search.SearchVectorField", args, kwargs


if connection.vendor == "postgresql":  # the backend's class: no connection is opened
    from django.contrib.postgres.search import SearchVectorExact

    SearchVectorField.register_lookup(SearchVectorExact)


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    PARTNERS = "partners", "Partners only"
    RESTRICTED = "restricted", "Restricted (named people and coordinators)"


class VisibleRecord(models.Model):
    """Abstract base for records that carry a visibility and, when restricted, named readers."""

    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PARTNERS
    )
    restricted_to = models.ManyToManyField(
        "partnership.Person",
        blank=True,
        related_name="%(app_label)s_%(class)s_restricted",
        help_text="Who may read this record when it is restricted (coordinators always may).",
    )

    class Meta:
        abstract = True


class SearchEntry(models.Model):
    """One record's entry in the full-text index (core/search.py writes and reads it).

    The entry carries the record's effective visibility — the strictest of the record's own and
    that of the parents it inherits from — and, when restricted, the ids of the people who may
    read it (those named on every restricted level), so search filters by access in the query.
    On PostgreSQL `vector` holds the tsvector (GIN index); on SQLite an FTS5 table keyed by the
    entry's id holds the text (both made by core's migration for their database only).
    """

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    record_type = models.CharField(max_length=60, help_text="app_label.model")
    record_id = models.PositiveIntegerField()
    kind = models.CharField(max_length=30)
    kind_label = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    group_id = models.PositiveIntegerField(null=True, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices)
    restricted_ids = models.CharField(
        max_length=2000, blank=True, help_text='Readers of a restricted record: " 3 7 "'
    )
    url = models.CharField(max_length=500)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id"], name="search_entry_once")
        ]
        indexes = [
            models.Index(fields=["partnership", "kind"], name="search_entry_kind"),
            models.Index(fields=["partnership", "date"], name="search_entry_date"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.title}"


class ScheduledRun(models.Model):
    """One firing of a scheduled job, claimed before its task is enqueued (core/scheduler.py).

    The unique (job, slot) pair is the lock: two schedulers that reach the same slot both try
    to insert it, and only the one whose insert succeeds enqueues the task.
    """

    job = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text="The time the schedule named for this firing.")
    enqueued = models.BooleanField(
        default=True, help_text="False for the baseline recorded at a job's first start."
    )
    task_id = models.CharField(max_length=100, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_job_slot")]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"


class RecordStamp(models.Model):
    """A partnership's change counter for summaries kept beside the record (core/stamps.py).

    The services that change what a summary counts (actions, their owners and deadlines,
    meetings' dates and visibility, items, groups, people) bump `version` inside their
    transaction; a summary stores the version it was computed at and is rebuilt when they
    differ. `partnership_id` is a plain integer so core stays below `partnership`.
    """

    partnership_id = models.PositiveIntegerField(unique=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Partnership {self.partnership_id} at version {self.version}"
