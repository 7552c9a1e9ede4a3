"""Background tasks: assessments can take a while on a large store, so a worker builds them."""

from django.tasks import task


@task()
def generate_assessment(assessment_id: int) -> str:
    """Build one queued assessment's figures (progress is saved on the record as it goes)."""
    from assessments.models import Assessment
    from assessments.services import assessment_generate

    assessment = Assessment.objects.select_related("partnership").get(pk=assessment_id)
    return assessment_generate(assessment=assessment).status
