"""The compliance calendar summary shown on the coordinator's partnership home page."""

from django.utils import timezone
from jinja2 import pass_context

from accounts.permissions import is_coordinator
from reports.compliance import compliance_calendar


@pass_context
def compliance_summary(context) -> dict | None:
    """Each duty's due date and status today, and how many are overdue or due soon; None for
    anyone but the partnership's coordinators (the page guards the include too)."""
    partnership = context.get("partnership")
    request = context.get("request")
    user = getattr(request, "user", None)
    if partnership is None or not is_coordinator(user, partnership):
        return None
    on = timezone.localdate()
    duties = compliance_calendar(partnership=partnership, on=on, user=user)
    return {
        "on": on,
        "duties": duties,
        "overdue": sum(d.status == "overdue" for d in duties),
        "due_soon": sum(d.status == "due soon" for d in duties),
    }
