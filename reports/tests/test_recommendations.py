"""Recommendations: responses due and overdue, status, actions and copies sent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from partnership.factories import BodyFactory
from reports.factories import SessionFactory
from reports.models import ResponseStatus
from reports.services import copy_sent_record, recommendation_add, recommendation_respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world):
    return SessionFactory(partnership=world.partnership, date=dt.date(2011, 3, 14))


def test_an_awaiting_response_past_its_due_date_is_overdue_on_the_tracker(
    world, session, client_for
):
    police = BodyFactory(partnership=world.partnership, name="Kent Police", body_type="police")
    rec = recommendation_add(
        session=session,
        text="Publish the revised priorities",
        addressed_to=[police],
        response_due=dt.date(2011, 5, 14),
    )
    assert rec.is_overdue(on=dt.date(2011, 5, 14)) is False
    assert rec.is_overdue(on=dt.date(2011, 5, 15)) is True
    page = client_for("anonymous").get(f"/p/{world.slug}/reports/recommendations/").content
    assert b"1 response is overdue" in page
    assert b"Kent Police" in page
    recommendation_respond(
        recommendation=rec,
        status=ResponseStatus.ACCEPTED,
        response_text="Agreed; published on the website.",
        responded_on=dt.date(2011, 4, 30),
    )
    assert rec.is_overdue(on=dt.date(2011, 6, 1)) is False
    page = client_for("anonymous").get(f"/p/{world.slug}/reports/recommendations/").content
    assert b"is overdue" not in page and b">Overdue<" not in page
    assert b"Agreed; published on the website." in page


def test_a_response_needs_its_text_and_date_unless_awaiting(world, session):
    rec = recommendation_add(
        session=session,
        text="X",
        addressed_to=[world.bodies["public"]],
        response_due=dt.date(2011, 5, 1),
    )
    with pytest.raises(ValidationError, match="Enter the response"):
        recommendation_respond(
            recommendation=rec, status="accepted", response_text="", responded_on=None
        )


def test_a_recommendation_needs_an_authority_and_a_due_date_after_the_session(world, session):
    with pytest.raises(ValidationError):
        recommendation_add(
            session=session, text="X", addressed_to=[], response_due=dt.date(2011, 5, 1)
        )
    with pytest.raises(ValidationError):
        recommendation_add(
            session=session,
            text="X",
            addressed_to=[world.bodies["public"]],
            response_due=dt.date(2011, 3, 1),
        )


def test_copies_sent_are_recorded_once_per_body(world, session, client_for):
    rec = recommendation_add(
        session=session,
        text="X",
        addressed_to=[world.bodies["public"]],
        response_due=dt.date(2011, 5, 1),
    )
    bodies = [world.bodies["public"], world.bodies["partners"]]
    assert copy_sent_record(recommendation=rec, bodies=bodies, sent_on=dt.date(2011, 3, 20)) == 2
    assert copy_sent_record(recommendation=rec, bodies=bodies, sent_on=dt.date(2011, 3, 21)) == 0
    page = client_for("anonymous").get(f"/p/{world.slug}/reports/recommendations/").content
    assert b"Public Body (20 March 2011)" in page
    assert b"Partners Body" not in page
