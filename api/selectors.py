"""Reads for the API: tokens, and the collections not already a page selector."""

from django.db.models import Prefetch, QuerySet

from accounts.permissions import visible_q
from api.models import ApiToken
from api.services import TOKEN_PREFIX, token_digest
from engagement.models import Finding
from engagement.models import FollowUp as EngagementFollowUp
from engagement.selectors import events_visible
from funding.models import FundingRequest, RequestStatus
from funding.selectors import requests_visible
from meetings.models import Item, Meeting
from meetings.selectors import meetings_visible, minutes_q
from partnership.models import Partnership
from plan.models import Measure, MeasureValue
from plan.selectors import measures_visible


def tokens_of(*, user) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, revoked ones too."""
    return ApiToken.objects.filter(user=user).order_by("-created", "-pk")


def token_active(*, token: str) -> ApiToken | None:
    """The live token record for a presented token, with its user, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    return (
        ApiToken.objects.filter(digest=token_digest(token), revoked__isnull=True)
        .select_related("user")
        .first()
    )


# The collections the API reads beyond the apps' own selectors: each starts from a page
# selector (so the same visibility applies) and narrows to what a collection holds.


def items_visible_all(*, user, partnership: Partnership) -> QuerySet[Item]:
    """Every minute item the user may see: the item, its meeting and the meeting's group."""
    return (
        Item.objects.filter(meeting__in=meetings_visible(user=user, partnership=partnership))
        .filter(visible_q(user, partnership))
        .select_related("meeting", "meeting__partnership")
    )


def minutes_visible(*, user, partnership: Partnership) -> QuerySet[Meeting]:
    """Meetings whose minutes the user may read (drafts only for coordinators)."""
    return meetings_visible(user=user, partnership=partnership).filter(minutes_q(user, partnership))


def items_of_decisions(*, user, partnership: Partnership, item_ids: set[int]) -> set[int]:
    """Which of these items (that decisions were made at) the user may see."""
    return set(
        items_visible_all(user=user, partnership=partnership)
        .filter(pk__in=item_ids)
        .values_list("pk", flat=True)
    )


def funding_decisions_visible(*, user, partnership: Partnership) -> QuerySet[FundingRequest]:
    """Funding requests that have been decided (approved, declined or paid) the user may see."""
    return requests_visible(user=user, partnership=partnership).filter(
        status__in=[RequestStatus.APPROVED, RequestStatus.DECLINED, RequestStatus.PAID]
    )


def measure_values_visible(*, user, partnership: Partnership) -> QuerySet[MeasureValue]:
    """Values of the measures the user may see."""
    return MeasureValue.objects.filter(
        measure__in=measures_visible(user=user, partnership=partnership)
    ).select_related("measure")


def outcomes_visible(*, user, partnership: Partnership) -> QuerySet[Finding]:
    """Findings of the events the user may see, with how each was taken forward."""
    return (
        Finding.objects.filter(event__in=events_visible(user=user, partnership=partnership))
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=EngagementFollowUp.objects.select_related("objective").order_by("pk"),
            )
        )
    )


def measures_listed(*, user, partnership: Partnership) -> QuerySet[Measure]:
    """The measures the user may see, without their values (a collection of its own)."""
    return measures_visible(user=user, partnership=partnership).prefetch_related(None)
