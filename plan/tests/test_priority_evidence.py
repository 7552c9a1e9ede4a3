"""Adopting a priority from an assessment freezes its evidence, which survives a re-import."""

from __future__ import annotations

import pytest

from accounts.factories import RoleFactory, UserFactory
from accounts.models import RoleName
from assessments.models import Assessment
from assessments.tests.conftest import (  # noqa: F401 - fixtures
    immediate_tasks,
    own_crime_data,
    west_yorkshire_store,
)
from assessments.tests.test_evidence import _reimport_without_violence
from partnership.factories import PartnershipFactory
from plan.models import Priority

pytestmark = pytest.mark.django_db


def test_priority_adopted_from_an_assessment_keeps_its_evidence_after_reimport(
    own_crime_data,  # noqa: F811
    client,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    partnership = PartnershipFactory(slug="safer-leeds", area_codes=["E08000035"])
    user = UserFactory()
    RoleFactory(user=user, partnership=partnership, role=RoleName.COORDINATOR)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
        response = client.post(
            "/p/safer-leeds/assessments/new/",
            {
                "kind": "strategic",
                "current": "2018-07",
                "baseline": "2017-07",
                "visibility": "partners",
            },
        )
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and assessment.is_ready
    page = client.get(f"/p/safer-leeds/assessments/{assessment.pk}/").content.decode()
    adopt = f"/p/safer-leeds/plan/priorities/adopt/{assessment.pk}/"
    assert adopt in page

    response = client.post(
        adopt,
        {
            "category": "Violence and sexual offences",
            "year": "2018",
            "name": "Violent crime",
            "rationale": "Up significantly and above our peers",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    priority = Priority.objects.get(name="Violent crime")
    assert priority.evidence.figures["category"]["current"] == 3319
    detail = client.get(f"/p/safer-leeds/plan/priorities/{priority.pk}/").content.decode()
    evidence_url = f"/p/safer-leeds/assessments/evidence/{priority.evidence_id}/"
    assert evidence_url in detail
    before = client.get(evidence_url).content.decode()
    assert "3,319 against 2,433" in before

    _reimport_without_violence(own_crime_data, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/p/safer-leeds/assessments/new/",
            {
                "kind": "strategic",
                "current": "2018-07",
                "baseline": "2017-07",
                "visibility": "partners",
            },
        )
    fresh = Assessment.objects.latest("pk")
    fresh_vso = next(
        r for r in fresh.result["categories"] if r["category"] == "Violence and sexual offences"
    )
    assert fresh_vso["current"] != 3319
    after = client.get(evidence_url).content.decode()
    assert "3,319 against 2,433" in after
    priority.refresh_from_db()
    assert priority.evidence.figures["category"]["current"] == 3319


@pytest.mark.usefixtures("own_crime_data")
def test_the_partnership_can_adopt_its_own_priority_with_a_rationale(client):
    from assessments.factories import AssessmentFactory, sample_result

    partnership = PartnershipFactory(slug="safer-leeds", area_codes=["E08000035"])
    user = UserFactory()
    RoleFactory(user=user, partnership=partnership, role=RoleName.COORDINATOR)
    client.force_login(user)
    assessment = AssessmentFactory(partnership=partnership, status="done", result=sample_result())
    response = client.post(
        f"/p/safer-leeds/plan/priorities/adopt/{assessment.pk}/",
        {
            "category": "",
            "year": "2018",
            "name": "Road safety",
            "rationale": "",
            "visibility": "public",
        },
    )
    assert response.status_code == 400
    response = client.post(
        f"/p/safer-leeds/plan/priorities/adopt/{assessment.pk}/",
        {
            "category": "",
            "year": "2018",
            "name": "Road safety",
            "rationale": "Residents asked for it",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    priority = Priority.objects.get(name="Road safety")
    assert priority.evidence.figures == {} and priority.evidence.assessment is None
