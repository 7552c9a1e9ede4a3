"""Pages of the assessments app. Views parse input, call one service or selector, render."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from accounts.pages import page_context
from accounts.permissions import (
    Access,
    access_level,
    partnership_view,
    require_visible,
)
from assessments import formatting as fmt
from assessments import selectors, services
from assessments import statistics as st
from assessments.documents import (
    assessment_version,
    document_filename,
    document_title,
)
from assessments.documents import page_context as page_context_for
from assessments.forms import AssessmentForm, MeasureForm, MeasureUploadForm, ScoringForm
from assessments.models import Assessment, AssessmentKind, EvidenceSnapshot, PartnerMeasure
from assessments.narrative import DEMO_NOTICE
from assessments.periods import default_periods
from assessments.scoring import FACTORS
from assessments.strategic import ALL_CRIME
from assessments.sub_areas import ALPHA as SUB_AREA_ALPHA
from assessments.tables import table_csv, tables_for
from core.forms import add_service_errors
from crime.formats import CATEGORIES
from documents.views import document_response


def _ctx(request, partnership, **extra) -> dict:
    can_request = access_level(request.user, partnership) >= Access.MEMBER
    return page_context(
        request, partnership, can_request=can_request, demo_notice=DEMO_NOTICE, fmt=fmt, **extra
    )


def _assessment(request, partnership, pk) -> Assessment:
    assessment = get_object_or_404(Assessment, partnership=partnership, pk=pk)
    return require_visible(request.user, assessment, partnership)


@partnership_view()
def index(request, partnership):
    """Assessments and exceptions reports the user may read, with evidence snapshots."""
    assessments = list(selectors.assessments_visible(user=request.user, partnership=partnership))
    snapshots = list(selectors.snapshots_visible(user=request.user, partnership=partnership))
    months = selectors.area_months_held(area_codes=partnership.area_codes)
    usable = selectors.area_months_usable(area_codes=partnership.area_codes)
    return render(
        request,
        "assessments/index.html",
        _ctx(
            request,
            partnership,
            assessments=assessments,
            snapshots=snapshots,
            months=months,
            defaults=default_periods(usable),
        ),
    )


@partnership_view(Access.MEMBER)
@require_http_methods(["GET", "POST"])
def create(request, partnership):
    """Ask for a strategic assessment or an exceptions report; a worker builds it."""
    months = selectors.area_months_held(area_codes=partnership.area_codes)
    defaults = default_periods(selectors.area_months_usable(area_codes=partnership.area_codes))
    initial = {"kind": AssessmentKind.STRATEGIC, "visibility": "partners"}
    if defaults:
        initial.update(current=str(defaults[0]), baseline=str(defaults[1]))
    form = AssessmentForm(
        request.POST or None, initial=initial, partnership=partnership, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_request(
                partnership=partnership,
                kind=data["kind"],
                current=data["current"],
                baseline=data["baseline"],
                user=request.user,
                visibility=data["visibility"],
                restricted_to=data["restricted_to"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("assessments:detail", slug=partnership.slug, pk=assessment.pk)
    return render(
        request,
        "assessments/form.html",
        _ctx(request, partnership, form=form, months=months),
        status=400 if form.is_bound and form.errors else 200,
    )


def _chart_context(assessment: Assessment) -> dict:
    return page_context_for(assessment.result or {})


@partnership_view()
def detail(request, partnership, pk):
    """One assessment: progress while it is generated, then its figures, charts and narrative."""
    services.assessments_sweep()
    assessment = _assessment(request, partnership, pk)
    extra = {}
    if assessment.is_ready:
        extra = _chart_context(assessment)
        extra["title"] = document_title(assessment.result)
    snapshots = assessment.snapshots.filter(
        pk__in=selectors.snapshots_visible(user=request.user, partnership=partnership).values("pk")
    )
    return render(
        request,
        "assessments/detail.html",
        _ctx(
            request,
            partnership,
            assessment=assessment,
            snapshots=list(snapshots),
            adopt_url=_adopt_url(partnership, assessment),
            **extra,
        ),
    )


@partnership_view(Access.MEMBER)
@require_http_methods(["POST"])
def retry(request, partnership, pk):
    """Generate a failed assessment again (after a crash or once the data are loaded)."""
    assessment = _assessment(request, partnership, pk)
    try:
        services.assessment_retry(assessment=assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("assessments:detail", slug=partnership.slug, pk=assessment.pk)


def _adopt_url(partnership, assessment) -> str | None:
    """The plan app's "adopt as priority" page, when that app provides one."""
    try:
        return reverse(
            "plan:priority_adopt", kwargs={"slug": partnership.slug, "pk": assessment.pk}
        )
    except NoReverseMatch:
        return None


@partnership_view()
def download(request, partnership, pk, fmt):
    """The assessment as Word, PDF or JSON."""
    assessment = _assessment(request, partnership, pk)
    if not assessment.is_ready:
        raise Http404("The assessment is not ready")
    if fmt in ("docx", "pdf"):  # built once per version by the task queue
        return document_response(
            request,
            partnership,
            kind="assessment",
            object_id=assessment.pk,
            version=assessment_version(assessment),
            format=fmt,
            file_name=document_filename(assessment.result, fmt),
        )
    if fmt == "json":
        body = json.dumps(assessment.result, indent=2).encode()
        ctype = "application/json"
    else:
        raise Http404("No such format")
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = (
        f'attachment; filename="{document_filename(assessment.result, fmt)}"'
    )
    return response


@partnership_view()
def table_download(request, partnership, pk, table):
    """One table of the assessment as CSV."""
    assessment = _assessment(request, partnership, pk)
    if not assessment.is_ready:
        raise Http404("The assessment is not ready")
    found = next((t for t in tables_for(assessment.result) if t.key == table), None)
    if found is None:
        raise Http404("No such table")
    response = HttpResponse(table_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{assessment.kind}-{assessment.pk}-{table}.csv"'
    )
    return response


@partnership_view(Access.VIEWER)
def scoring(request, partnership):
    """The partnership's scoring weights, harm weights and public concern."""
    config = services.scoring_config_get(partnership=partnership)
    rows = [
        {
            "category": c,
            "harm": config.harm_weights.get(c, st.DEFAULT_CATEGORY_WEIGHTS.get(c, 0)),
            "default": st.DEFAULT_CATEGORY_WEIGHTS.get(c, 0),
            "concern": config.public_concern.get(c, 0),
        }
        for c in st.POLICE_UK_CATEGORIES
    ]
    factors = [(label, config.factor_weights.get(k, 0)) for k, label in FACTORS.items()]
    return render(
        request,
        "assessments/scoring.html",
        _ctx(request, partnership, config=config, rows=rows, factors=factors),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def scoring_edit(request, partnership):
    """Change the scoring weights, harm weights and public concern."""
    config = services.scoring_config_get(partnership=partnership)
    categories = list(st.POLICE_UK_CATEGORIES)
    initial = {f"weight_{k}": config.factor_weights.get(k, 0) for k in FACTORS}
    for i, c in enumerate(categories):
        initial[f"harm_{i}"] = config.harm_weights.get(c, st.DEFAULT_CATEGORY_WEIGHTS.get(c, 0))
        initial[f"concern_{i}"] = config.public_concern.get(c, 0)
    form = ScoringForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            services.scoring_config_update(
                partnership=partnership,
                factor_weights=form.weights(),
                harm_weights=form.harm(),
                public_concern=form.concern(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Scoring settings saved")
            return redirect("assessments:scoring", slug=partnership.slug)
    return render(
        request,
        "assessments/scoring_form.html",
        _ctx(request, partnership, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


@partnership_view()
def measures(request, partnership):
    """Partner measures the user may read, with their latest values."""
    items = list(selectors.measures_visible(user=request.user, partnership=partnership))
    return render(request, "assessments/measures.html", _ctx(request, partnership, measures=items))


@partnership_view(Access.MEMBER)
@require_http_methods(["GET", "POST"])
def measures_upload(request, partnership):
    """Upload a CSV of partner measure values: every row or none."""
    form = MeasureUploadForm(
        request.POST or None,
        request.FILES or None,
        partnership=partnership,
        user=request.user,
        initial={"visibility": "partners"},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            saved = services.partner_measures_import(
                partnership=partnership,
                data=upload.read(),
                filename=upload.name,
                user=request.user,
                visibility=form.cleaned_data["visibility"],
                restricted_to=form.cleaned_data["restricted_to"],
            )
        except ValidationError as exc:
            form.add_error("file", f"{' '.join(exc.messages)} Nothing was saved.")
        else:
            messages.success(request, f"Imported {upload.name}: {saved} values")
            return redirect("assessments:measures", slug=partnership.slug)
    return render(
        request,
        "assessments/measures_upload.html",
        _ctx(request, partnership, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def measure_edit(request, partnership, pk):
    """Tie a partner measure to a category and say which way is worse."""
    measure = get_object_or_404(PartnerMeasure, partnership=partnership, pk=pk)
    initial = {
        "category": measure.category,
        "higher_is_worse": "yes" if measure.higher_is_worse else "no",
        "visibility": measure.visibility,
        "restricted_to": list(measure.restricted_to.all()),
    }
    form = MeasureForm(request.POST or None, initial=initial, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_measure_update(measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{measure.name} saved")
            return redirect("assessments:measures", slug=partnership.slug)
    return render(
        request,
        "assessments/measure_form.html",
        _ctx(request, partnership, form=form, measure=measure),
        status=400 if form.is_bound and form.errors else 200,
    )


@partnership_view()
def snapshot_detail(request, partnership, pk):
    """On what basis? The frozen figures behind a priority."""
    snapshot = get_object_or_404(EvidenceSnapshot, partnership=partnership, pk=pk)
    require_visible(request.user, snapshot, partnership)
    return render(
        request,
        "assessments/snapshot.html",
        _ctx(request, partnership, snapshot=snapshot, figures=snapshot.figures),
    )


ALL_CRIME_SLUG = "all-crime"


@partnership_view()
def sub_areas(request, partnership):
    """Wards and MSOAs against the borough for one category: level and trend, with p-values."""
    names = {slugify(c): c for c in CATEGORIES}
    chosen = request.GET.get("category") or ALL_CRIME_SLUG
    if chosen != ALL_CRIME_SLUG and chosen not in names:
        raise Http404("No such crime category")
    category = ALL_CRIME if chosen == ALL_CRIME_SLUG else names[chosen]
    page = selectors.sub_area_page(partnership=partnership, category=category)
    options = [(ALL_CRIME_SLUG, ALL_CRIME), *names.items()]
    return render(
        request,
        "assessments/sub_areas.html",
        _ctx(
            request,
            partnership,
            page=page,
            chosen=chosen,
            options=options,
            alpha=SUB_AREA_ALPHA,
            can_load_wards=access_level(request.user, partnership) >= Access.COORDINATOR,
        ),
    )
