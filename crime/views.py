"""Crime data pages: the area's figures, the import log, uploads and their progress."""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods
from markupsafe import Markup

from accounts.pages import page_context
from accounts.permissions import Access, access_level, partnership_view
from assessments.charts import hotspot_map, small_trend_chart
from crime import selectors, services
from crime.formats import CATEGORIES, FORCES
from crime.forms import CrimeUploadForm, WardLookupForm
from crime.ingest import CrimeImportError
from crime.models import CrimeImport


def _ctx(request, partnership, **extra) -> dict:
    level = access_level(request.user, partnership)
    return page_context(
        request,
        partnership,
        can_upload=level >= Access.MEMBER,
        can_load_wards=level >= Access.COORDINATOR,
        force_names=FORCES,
        **extra,
    )


@partnership_view()
def crime_data(request, partnership):
    """The partnership area's crime: months covered, counts by category and month, flags."""
    overview = selectors.crime_area_overview(area_codes=partnership.area_codes)
    return render(
        request,
        "crime/crime_data.html",
        _ctx(
            request,
            partnership,
            overview=overview,
            charts=_category_charts(overview),
            ward_lookup=selectors.ward_lookup_current(partnership=partnership),
            ward_form=WardLookupForm(),
        ),
    )


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short_month(month: str) -> str:
    return f"{_MONTHS[int(month[5:7]) - 1]} {month[:4]}"


def _category_charts(overview: selectors.AreaOverview) -> list[tuple[str, str, Markup]]:
    """A small monthly chart per category, from the overview's stored counts (no scan).

    Flagged force-months (missing or implausibly low) are gaps in the line, not zeros.
    """
    flags = overview.month_flags
    labels = [_short_month(m) for m in overview.months_shown]
    charts = []
    for i, row in enumerate(overview.rows):
        values: list[int | None] = [
            None if flags.get(m) else c
            for m, c in zip(overview.months_shown, row.counts, strict=True)
        ]
        charts.append(
            (
                row.crime_type,
                category_slug(row.crime_type),
                small_trend_chart(
                    f"category-{i}",
                    f"{row.crime_type}: crimes per month",
                    labels,
                    values,
                    demonstration=overview.demonstration,
                ),
            )
        )
    return charts


def category_slug(crime_type: str) -> str:
    """A category as it appears in a URL: "violence-and-sexual-offences"."""
    return slugify(crime_type)


@partnership_view()
def hotspots(request, partnership, category: str):
    """One category's incidents over the months the Crime data page shows, as a map and table."""
    overview = selectors.crime_area_overview(area_codes=partnership.area_codes)
    known = [*CATEGORIES, *(r.crime_type for r in overview.rows)]
    names = {category_slug(name): name for name in known}
    if category not in names:
        raise Http404("No such crime category")
    if not overview.months_shown:
        return render(
            request,
            "crime/hotspots.html",
            _ctx(request, partnership, overview=overview, crime_type=names[category]),
        )
    spots = selectors.crime_hotspots(
        area_codes=partnership.area_codes,
        crime_type=names[category],
        month_from=overview.months_shown[0],
        month_to=overview.months_shown[-1],
    )
    svg = hotspot_map(
        "hotspots",
        f"{spots.crime_type}: where crimes were recorded",
        bounds=spots.bounds,
        columns=spots.columns,
        rows=spots.rows,
        cells=spots.cells,
        hull=spots.hull,
        demonstration=overview.demonstration,
    )
    return render(
        request,
        "crime/hotspots.html",
        _ctx(
            request,
            partnership,
            overview=overview,
            crime_type=names[category],
            spots=spots,
            svg=svg,
        ),
    )


@partnership_view(Access.VIEWER)
def import_list(request, partnership):
    """This partnership's import runs and the police.uk files they wrote, and the instance's."""
    services.crime_imports_sweep()
    return render(
        request,
        "crime/import_list.html",
        _ctx(
            request,
            partnership,
            runs=selectors.crime_imports_recent(partnership=partnership),
            files=selectors.imported_files_recent(partnership=partnership),
            updates=selectors.police_uk_updates_recent(partnership=partnership),
        ),
    )


@partnership_view(Access.MEMBER)
@require_http_methods(["GET", "POST"])
def upload(request, partnership):
    """Upload a police.uk CSV or archive; the import runs in the background."""
    form = CrimeUploadForm(
        request.POST if request.method == "POST" else None, request.FILES or None
    )
    if request.method == "POST" and form.is_valid():
        try:
            crime_import = services.crime_upload_start(
                upload=form.cleaned_data["file"],
                user=request.user,
                partnership=partnership,
                confirmed=form.cleaned_data["confirm"],
            )
        except CrimeImportError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, f"{crime_import.source_name} uploaded")
            return redirect("crime:upload_status", slug=partnership.slug, pk=crime_import.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "crime/upload.html", _ctx(request, partnership, form=form), status=status
    )


@partnership_view(Access.MEMBER)
def upload_status(request, partnership, pk):
    """Progress of one upload's import, the checks to confirm, or why it failed."""
    services.crime_imports_sweep()
    crime_import = get_object_or_404(CrimeImport, pk=pk, partnership=partnership)
    return render(
        request,
        "crime/upload_status.html",
        _ctx(request, partnership, crime_import=crime_import),
    )


@partnership_view(Access.MEMBER)
@require_http_methods(["POST"])
def upload_decide(request, partnership, pk):
    """Confirm an upload's checks, cancel it, or retry one whose worker died."""
    crime_import = get_object_or_404(CrimeImport, pk=pk, partnership=partnership)
    action = request.POST.get("action", "")
    try:
        if action == "confirm":
            if request.POST.get("confirm") != "yes":
                messages.error(request, "Tick the box to confirm, or cancel the import")
                return redirect("crime:upload_status", slug=partnership.slug, pk=pk)
            services.crime_upload_confirm(crime_import=crime_import, user=request.user)
        elif action == "cancel":
            services.crime_upload_cancel(crime_import=crime_import)
        elif action == "retry":
            services.crime_upload_retry(crime_import=crime_import)
        else:
            return HttpResponseBadRequest("Choose confirm, cancel or retry")
    except CrimeImportError as exc:
        messages.error(request, str(exc))
    return redirect("crime:upload_status", slug=partnership.slug, pk=pk)


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def ward_lookup_upload(request, partnership):
    """Load the ONS LSOA → ward best-fit lookup for the area; a bad file changes nothing."""
    form = WardLookupForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = services.ward_lookup_load(
                partnership=partnership,
                filename=upload.name or "lookup.csv",
                data=upload.read(),
                user=request.user,
            )
        except CrimeImportError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, outcome.summary)
            return redirect(
                reverse("crime:crime_data", kwargs={"slug": partnership.slug}) + "#ward-lookup"
            )
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "crime/ward_lookup_upload.html",
        _ctx(
            request,
            partnership,
            form=form,
            ward_lookup=selectors.ward_lookup_current(partnership=partnership),
            lookups=selectors.ward_lookups_recent(partnership=partnership),
        ),
        status=status,
    )
