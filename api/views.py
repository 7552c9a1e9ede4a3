"""The open-data API's views: one read-only collection per kind of record, as JSON and CSV.

Each collection reads through the same selectors as the pages (so visibility is decided in
one place), orders its records stably (by date, then number), and filters by date range and
group where it applies. The CSV download of a collection has the same fields, in the same
order, as its JSON records, and goes through core/exports.py.
"""

import re
from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers as drf
from rest_framework.exceptions import ParseError
from rest_framework.generics import ListAPIView

from actions.selectors import actions_visible
from api import selectors, serializers
from core.exports import csv_response
from crime.selectors import AreaCount, crime_counts_by_area
from engagement.selectors import events_visible
from meetings.selectors import decisions_visible, meetings_visible
from partnership.models import Partnership
from partnership.selectors import bodies_visible, groups_visible, people_visible
from plan.selectors import objectives_visible, plans_visible, priorities_visible

CSV_MAX_ROWS = 100_000
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")

_ERROR = inline_serializer(
    "Error", fields={"detail": drf.CharField(help_text="What went wrong, in words.")}
)
_ERRORS = {
    400: OpenApiResponse(_ERROR, description="A filter's value is not valid."),
    401: OpenApiResponse(_ERROR, description="The API token is not valid or was revoked."),
    404: OpenApiResponse(_ERROR, description="No such partnership, or no such page."),
    429: OpenApiResponse(
        _ERROR, description="Too many requests: wait the seconds the Retry-After header gives."
    ),
}
_SLUG = OpenApiParameter(
    "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The partnership's short name."
)


def _page(serializer_class) -> OpenApiResponse:
    return OpenApiResponse(
        serializer_class(many=True), description="A page of records, in the collection's order."
    )


def _date_param(name: str, text: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.DATE, description=text)


_GROUP = OpenApiParameter(
    "group",
    OpenApiTypes.INT,
    description="Only records of this group (its number, from the groups collection).",
)


class Filters(drf.Serializer):
    date_from = drf.DateField(required=False)
    date_to = drf.DateField(required=False)
    group = drf.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    measure = drf.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class Collection(ListAPIView):
    """A read-only collection of one kind of record in one partnership."""

    name = ""  # the collection's name in URLs and the CSV file's name
    summary = ""
    records: Callable[..., QuerySet]  # a selector taking user and partnership
    ordering: tuple[str, ...] = ("pk",)
    date_field = ""  # what date_from / date_to compare, if anything
    group_field = ""  # what the group filter compares, if anything
    csv = False

    @property
    def partnership(self) -> Partnership:
        # Loaded here rather than by accounts.permissions.partnership_view, so that an unknown
        # partnership is DRF's JSON 404 like every other API error. Every collection is open
        # to the public (Access.PUBLIC); what each reader gets is decided by the selectors.
        if not hasattr(self, "_partnership"):
            self._partnership = get_object_or_404(Partnership, slug=self.kwargs["slug"])
        return self._partnership

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        request._request.partnership = self.partnership

    def filters(self) -> dict:
        form = Filters(data=self.request.query_params)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise ParseError(f"{field}: {' '.join(str(e) for e in errors)}")
        values = form.validated_data
        start, end = values.get("date_from"), values.get("date_to")
        if start and end and start > end:
            raise ParseError("date_from: must not be after date_to")
        return values

    def get_queryset(self) -> QuerySet:
        values = self.filters()
        qs = type(self).records(user=self.request.user, partnership=self.partnership)
        if self.date_field:
            if "date_from" in values:
                qs = qs.filter(**{f"{self.date_field}__gte": values["date_from"]})
            if "date_to" in values:
                qs = qs.filter(**{f"{self.date_field}__lte": values["date_to"]})
        if self.group_field and "group" in values:
            qs = qs.filter(**{self.group_field: values["group"]})
        return self.narrow(qs, values).distinct().order_by(*self.ordering)

    def narrow(self, qs: QuerySet, values: dict) -> QuerySet:
        return qs

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "partnership": self.partnership}

    def list(self, request, *args, **kwargs):
        if self.csv:
            return self.csv_download()
        return super().list(request, *args, **kwargs)

    def csv_download(self) -> HttpResponse:
        records = list(self.get_queryset()[:CSV_MAX_ROWS])
        data = self.get_serializer(records, many=True).data
        fields = list(self.get_serializer().fields)
        return csv_response(
            filename=f"{self.partnership.slug}-{self.name}.csv",
            headers=fields,
            rows=([_cell(row[f]) for f in fields] for row in data),
        )


def _cell(value: object) -> object:
    """A JSON value as a CSV cell: lists joined with "; ", null as empty, booleans as yes/no."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _params(cls: type[Collection]) -> list[OpenApiParameter]:
    params = [_SLUG]
    if cls.date_field:
        params += [
            _date_param("date_from", f"Only records on or after this day ({cls.date_text})."),
            _date_param("date_to", f"Only records on or before this day ({cls.date_text})."),
        ]
    if cls.group_field:
        params.append(_GROUP)
    return params + list(getattr(cls, "extra_params", []))


def collection(cls: type[Collection]) -> type[Collection]:
    """Describe a collection in the OpenAPI document."""
    return extend_schema_view(
        get=extend_schema(
            operation_id=f"{cls.name.replace('-', '_')}_list",
            summary=cls.summary,
            description=cls.__doc__,
            parameters=_params(cls),
            responses={200: _page(cls.serializer_class), **_ERRORS},
            tags=[cls.tag],
        )
    )(cls)


@collection
class Bodies(Collection):
    """The partnership's bodies: the responsible authorities and the other partners."""

    name, summary, tag = "bodies", "Bodies", "Partnership"
    serializer_class = serializers.BodySerializer
    records = bodies_visible
    ordering = ("name", "pk")


@collection
class People(Collection):
    """People who take part in the partnership (their public fields only: no e-mail address)."""

    name, summary, tag = "people", "People", "Partnership"
    serializer_class = serializers.PersonSerializer
    records = people_visible
    ordering = ("name", "pk")


@collection
class Groups(Collection):
    """The groups that meet: delivery group, board, sub-groups, task and finish groups."""

    name, summary, tag = "groups", "Groups", "Partnership"
    serializer_class = serializers.GroupSerializer
    records = groups_visible
    ordering = ("name", "pk")


@collection
class Meetings(Collection):
    """Meetings of the partnership's groups, earliest first."""

    name, summary, tag = "meetings", "Meetings", "Meetings"
    serializer_class = serializers.MeetingSerializer
    records = meetings_visible
    ordering = ("date", "start_time", "pk")
    date_field, date_text, group_field = "date", "the meeting's date", "group"


@collection
class Items(Collection):
    """Agenda and minute items of the meetings, in meeting and agenda order."""

    name, summary, tag = "items", "Items", "Meetings"
    serializer_class = serializers.ItemSerializer
    records = selectors.items_visible_all
    ordering = ("meeting__date", "meeting_id", "position", "pk")
    date_field, date_text, group_field = "meeting__date", "the meeting's date", "meeting__group"


@collection
class Minutes(Collection):
    """The minutes you may read, one record per meeting, with links to the web page and PDF."""

    name, summary, tag = "minutes", "Minutes", "Meetings"
    serializer_class = serializers.MinutesSerializer
    records = selectors.minutes_visible
    ordering = ("date", "start_time", "pk")
    date_field, date_text, group_field = "date", "the meeting's date", "group"


@collection
class Actions(Collection):
    """Actions raised at meetings, with their owners, deadlines and progress."""

    name, summary, tag = "actions", "Actions", "Meetings"
    serializer_class = serializers.ActionSerializer
    records = actions_visible
    ordering = ("meeting__date", "meeting_id", "position", "pk")
    date_field, date_text = "meeting__date", "the date of the meeting that raised it"
    group_field = "meeting__group"

    def narrow(self, qs: QuerySet, values: dict) -> QuerySet:
        return qs.prefetch_related("owners")


@collection
class Decisions(Collection):
    """The decisions register: what was decided, by whom and when."""

    name, summary, tag = "decisions", "Decisions", "Meetings"
    serializer_class = serializers.DecisionSerializer
    records = decisions_visible
    ordering = ("made_on", "pk")
    date_field, date_text, group_field = "made_on", "the day it was made", "made_by_group"

    def get_serializer(self, *args, **kwargs):
        records = args[0] if args else []
        item_ids = {d.item_id for d in records if d.item_id}
        visible = (
            selectors.items_of_decisions(
                user=self.request.user, partnership=self.partnership, item_ids=item_ids
            )
            if item_ids
            else set()
        )
        kwargs["context"] = {**self.get_serializer_context(), "visible_items": visible}
        return self.get_serializer_class()(*args, **kwargs)


@collection
class Priorities(Collection):
    """The partnership's priorities, year by year."""

    name, summary, tag = "priorities", "Priorities", "Plan"
    serializer_class = serializers.PrioritySerializer
    records = priorities_visible
    ordering = ("year", "name", "pk")
    group_field = "groups"

    def narrow(self, qs: QuerySet, values: dict) -> QuerySet:
        return qs.prefetch_related("groups")


@collection
class Plans(Collection):
    """The partnership plan of each financial year."""

    name, summary, tag = "plans", "Plans", "Plan"
    serializer_class = serializers.PlanSerializer
    records = plans_visible
    ordering = ("year", "pk")


@collection
class Objectives(Collection):
    """The plans' objectives and their long- and short-term targets."""

    name, summary, tag = "objectives", "Objectives and targets", "Plan"
    serializer_class = serializers.ObjectiveSerializer
    records = objectives_visible
    ordering = ("plan__year", "order", "pk")
    group_field = "groups"

    def narrow(self, qs: QuerySet, values: dict) -> QuerySet:
        return qs.prefetch_related("priorities", "groups")


@collection
class Measures(Collection):
    """The plans' performance measures and their targets."""

    name, summary, tag = "measures", "Measures", "Plan"
    serializer_class = serializers.MeasureSerializer
    records = selectors.measures_listed
    ordering = ("plan__year", "name", "pk")


@collection
class MeasureValues(Collection):
    """The measures' values, period by period."""

    name, summary, tag = "measure-values", "Measure values", "Plan"
    serializer_class = serializers.MeasureValueSerializer
    records = selectors.measure_values_visible
    ordering = ("measure_id", "period_start", "pk")
    date_field, date_text = "period_start", "the first day of the period"
    extra_params = [
        OpenApiParameter(
            "measure",
            OpenApiTypes.INT,
            description="Only values of this measure (its number, from the measures collection).",
        )
    ]

    def narrow(self, qs: QuerySet, values: dict) -> QuerySet:
        return qs.filter(measure_id=values["measure"]) if "measure" in values else qs


@collection
class FundingDecisions(Collection):
    """Funding requests that have been decided: approved, declined or paid."""

    name, summary, tag = "funding-decisions", "Funding decisions", "Funding"
    serializer_class = serializers.FundingDecisionSerializer
    records = selectors.funding_decisions_visible
    ordering = ("decided_on", "pk")
    date_field, date_text = "decided_on", "the day of the decision"


@collection
class Events(Collection):
    """Stakeholder events the partnership held."""

    name, summary, tag = "events", "Events", "Engagement"
    serializer_class = serializers.EventSerializer
    records = events_visible
    ordering = ("held_on", "pk")
    date_field, date_text = "held_on", "the day it was held"


@collection
class Outcomes(Collection):
    """What each event found and how each finding was taken forward."""

    name, summary, tag = "outcomes", "Event outcomes", "Engagement"
    serializer_class = serializers.OutcomeSerializer
    records = selectors.outcomes_visible
    ordering = ("event__held_on", "event_id", "order", "pk")
    date_field, date_text = "event__held_on", "the day of the event"


_MONTH_PARAMS = [
    OpenApiParameter(
        "month_from", OpenApiTypes.STR, description="Only months from this one (YYYY-MM).",
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
    ),
    OpenApiParameter(
        "month_to", OpenApiTypes.STR, description="Only months up to this one (YYYY-MM).",
        pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$",
    ),
]  # fmt: skip


@extend_schema_view(
    get=extend_schema(
        operation_id="crime_counts_list",
        summary="Crime counts",
        description="Street crimes recorded by police.uk in each of the partnership's local "
        "authority areas, per month and crime category, from the counts stored at import. Months "
        "with no data are absent.",
        parameters=[_SLUG, *_MONTH_PARAMS],
        responses={200: _page(serializers.CrimeCountSerializer), **_ERRORS},
        tags=["Crime"],
    )
)
class CrimeCounts(Collection):
    """Street crimes per local authority area, month and category (police.uk data)."""

    name = "crime-counts"
    serializer_class = serializers.CrimeCountSerializer

    def get_queryset(self) -> list[AreaCount]:  # type: ignore[override]
        bounds = {}
        for key in ("month_from", "month_to"):
            value = self.request.query_params.get(key)
            if value is not None:
                if not _MONTH.match(value):
                    raise ParseError(f"{key}: enter a month as YYYY-MM, such as 2011-04")
                bounds[key] = value
        if len(bounds) == 2 and bounds["month_from"] > bounds["month_to"]:
            raise ParseError("month_from: must not be after month_to")
        try:
            return crime_counts_by_area(area_codes=list(self.partnership.area_codes), **bounds)
        except LookupError:  # no geography loaded yet: no area can be counted
            return []


def _csv(cls: type[Collection]) -> type[Collection]:
    return type(f"{cls.__name__}Csv", (cls,), {"csv": True})


COLLECTIONS: list[type[Collection]] = [
    Meetings,
    Items,
    Minutes,
    Actions,
    Decisions,
    People,
    Bodies,
    Groups,
    Priorities,
    Plans,
    Objectives,
    Measures,
    MeasureValues,
    FundingDecisions,
    Events,
    Outcomes,
    CrimeCounts,
]


def json_view(cls: type[Collection]):
    return cls.as_view()


def csv_view(cls: type[Collection]):
    return _csv(cls).as_view()
