"""What every partnership page's template needs to know about the user looking at it."""

from django.shortcuts import render

from accounts.permissions import Access, access_level


def page_context(request, partnership, **extra) -> dict:
    """The partnership, and whether this user manages it or reads its partner-level records."""
    level = access_level(request.user, partnership)
    return {
        "partnership": partnership,
        "can_manage": level >= Access.COORDINATOR,
        "is_partner": level >= Access.VIEWER,
        **extra,
    }


def form_page(request, partnership, template: str, form, **extra):
    """Render a form page; a submitted form with errors answers 400, as GOV.UK services do."""
    return render(
        request,
        template,
        page_context(request, partnership, form=form, **extra),
        status=400 if form.is_bound and form.errors else 200,
    )
