"""Issue 9, faults: an assessment never stays "running" — any exception fails it (and goes on
up to the task), a dead worker is found by its heartbeat, and a failed one can be retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, AssessmentKind, AssessmentStatus, ScoringConfig
from assessments.periods import Period
from core import jobs
from partnership.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _request(partnership):
    return services.assessment_request(
        partnership=partnership,
        kind=AssessmentKind.STRATEGIC,
        current=Period("2018-07", "2018-07"),
        baseline=Period("2017-07", "2017-07"),
    )


def _break_scoring(partnership):
    """A settings record written behind the services' back: a harm weight that is no number."""
    config = services.scoring_config_get(partnership=partnership)
    ScoringConfig.objects.filter(pk=config.pk).update(harm_weights={"Burglary": None})


def test_an_unexpected_exception_marks_the_assessment_failed_and_is_re_raised(crime_data):
    partnership = PartnershipFactory(area_codes=["E08000035"])
    _break_scoring(partnership)
    assessment = _request(partnership)
    with pytest.raises(TypeError):
        services.assessment_generate(assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FAILED
    assert assessment.error == (
        "An unexpected error stopped this (TypeError); nothing was changed."
    )
    assert assessment.progress == 100


def test_the_task_runs_on_commit_and_fails_the_record_on_any_exception(
    crime_data, django_capture_on_commit_callbacks
):
    partnership = PartnershipFactory(area_codes=["E08000035"])
    _break_scoring(partnership)
    with django_capture_on_commit_callbacks() as callbacks:
        assessment = _request(partnership)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.QUEUED  # nothing ran before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FAILED
    assert "unexpected error" in assessment.error


def test_a_dead_worker_s_assessment_is_failed_when_its_page_is_viewed_and_can_be_retried(
    crime_data, client, django_capture_on_commit_callbacks
):
    from accounts.factories import RoleFactory, UserFactory

    partnership = PartnershipFactory(area_codes=["E08000035"])
    user = UserFactory()
    RoleFactory(user=user, partnership=partnership, role="member")
    client.force_login(user)
    assessment = _request(partnership)
    old = timezone.now() - jobs.STALE_AFTER - timedelta(minutes=5)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.RUNNING, progress=45, heartbeat_at=old
    )
    url = reverse("assessments:detail", kwargs={"slug": partnership.slug, "pk": assessment.pk})
    page = client.get(url).content.decode()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FAILED
    assert "The background worker stopped while this was running" in page
    assert 'http-equiv="refresh"' not in page  # the page no longer waits for ever
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assessments:retry", kwargs={"slug": partnership.slug, "pk": assessment.pk})
        )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DONE, assessment.error
    assert assessment.result["totals"]["current"] > 0


def test_a_running_assessment_with_a_fresh_heartbeat_is_left_alone(crime_data):
    partnership = PartnershipFactory(area_codes=["E08000035"])
    assessment = _request(partnership)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.RUNNING, heartbeat_at=timezone.now()
    )
    assert services.assessments_sweep() == 0
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RUNNING
