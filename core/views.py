"""The service's statements and the error pages."""

from django.shortcuts import render


def accessibility(request):
    """The accessibility statement."""
    return render(request, "core/accessibility.html")


def privacy(request):
    """How CSP Hub uses personal data."""
    return render(request, "core/privacy.html")


def error_403(request, exception=None):
    """Forbidden, in the service's own look."""
    return render(request, "core/403.html", status=403)


def error_404(request, exception=None):
    """Not found, in the service's own look."""
    return render(request, "core/404.html", status=404)


def error_500(request):
    """Server error, in the service's own look (no database access: it may be down)."""
    return render(request, "core/500.html", status=500)
