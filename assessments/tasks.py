"""Background tasks: assessments can take a while on a large store, so a worker builds them."""

from django.tasks import task

from assessments.models import Assessment, AssessmentStatus
from assessments.services import assessment_generate, assessments_sweep
from core import jobs


@task()
def generate_assessment(assessment_id: int) -> str:
    """Build one queued assessment's figures (progress is saved on the record as it goes).

    Any exception marks the assessment failed, so its page stops waiting, and is re-raised.
    """
    assessments_sweep()
    assessment = Assessment.objects.select_related("partnership").get(pk=assessment_id)
    if assessment.status not in (AssessmentStatus.QUEUED,):
        return assessment.status
    try:
        return assessment_generate(assessment=assessment).status
    except BaseException as exc:
        jobs.fail_on_any_exception(assessment, exc, extra_fields={"progress": 100})
        raise
