"""Partner evidence pages: the datasets, declaring one, loading a period, road casualties."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.pages import page_context
from accounts.permissions import Access, access_level, partnership_view
from core.exports import csv_bytes
from core.models import Visibility
from evidence import selectors, services
from evidence.forms import DatasetForm, LoadForm, RoadUploadForm
from evidence.ingest import EvidenceFileError
from evidence.models import DatasetKind
from evidence.presets import PRESETS, PRESETS_BY_KEY, columns_for
from evidence.suppression import threshold


def _ctx(request, partnership, **extra) -> dict:
    can_upload = access_level(request.user, partnership) >= Access.MEMBER
    return page_context(request, partnership, can_upload=can_upload, **extra)


@partnership_view()
def index(request, partnership):
    """The partnership's partner datasets and road casualties the reader may see."""
    datasets = selectors.datasets_visible(user=request.user, partnership=partnership)
    return render(
        request,
        "evidence/index.html",
        _ctx(
            request,
            partnership,
            datasets=datasets,
            presets=PRESETS,
            columns_for=columns_for,
            period_label=selectors.period_label,
        ),
    )


@partnership_view()
def template_csv(request, partnership, key: str):
    """The CSV header (and one example row) a supplier fills in for an s17A template."""
    preset = PRESETS_BY_KEY.get(key)
    if preset is None:
        raise Http404("No such template")
    example = {"period": "2010-07", "lsoa_code": "E01024347", "outward_postcode": "ME15"}
    example |= {"ward_code": "E05005057", "count": "0"}
    response = HttpResponse(
        csv_bytes(preset.columns, [[example[c] for c in preset.columns]]),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{key}-template.csv"'
    return response


@partnership_view(Access.MEMBER)
@require_http_methods(["GET", "POST"])
def declare(request, partnership):
    """Declare a dataset once (optionally from an s17A template)."""
    preset = PRESETS_BY_KEY.get(request.GET.get("template", ""))
    initial = {"visibility": Visibility.PARTNERS, "harm_weight": 1.0}
    if preset is not None:
        initial |= {
            "template": preset.key,
            "source": preset.source,
            "title": preset.title,
            "measure": preset.measure,
            "unit": preset.unit,
            "theme": preset.theme,
            "granularity": preset.granularity,
            "geography": preset.geography,
            "harm_weight": preset.harm_weight,
        }
    form = DatasetForm(
        request.POST if request.method == "POST" else None,
        partnership=partnership,
        user=request.user,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dataset = services.dataset_declare(
                partnership=partnership,
                source=data["source"],
                title=data["title"],
                measure=data["measure"],
                unit=data["unit"],
                granularity=data["granularity"],
                geography=data["geography"],
                geography_codes=data["geography_codes"],
                theme=data["theme"],
                harm_weight=data["harm_weight"],
                visibility=data["visibility"],
                template=data["template"],
                user=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = field if field in form.fields else None
                if field == "__all__" and "title" in str(errors):
                    name = "title"
                for error in errors:
                    form.add_error(name, error)
        else:
            if data["restricted_to"]:
                dataset.restricted_to.set(data["restricted_to"])
            messages.success(request, f"Declared {dataset.title}")
            return redirect("evidence:detail", slug=partnership.slug, pk=dataset.pk)
    return render(
        request,
        "evidence/declare.html",
        _ctx(request, partnership, form=form, preset=preset),
        status=400 if form.is_bound and form.errors else 200,
    )


@partnership_view()
def detail(request, partnership, pk: int):
    """A dataset: its declaration, the latest counts and every file loaded, with provenance."""
    dataset = selectors.dataset_get(user=request.user, partnership=partnership, pk=pk)
    return render(
        request,
        "evidence/detail.html",
        _ctx(
            request,
            partnership,
            dataset=dataset,
            loads=selectors.dataset_loads(dataset=dataset),
            table=selectors.dataset_table(
                user=request.user, partnership=partnership, dataset=dataset
            ),
            columns=columns_for(dataset.geography),
            period_label=selectors.period_label,
            threshold=threshold(),
        ),
    )


@partnership_view(Access.MEMBER)
@require_http_methods(["GET", "POST"])
def upload(request, partnership, pk: int):
    """Load one period's file into a dataset: all or nothing, the same file twice is a no-op."""
    dataset = selectors.dataset_get(user=request.user, partnership=partnership, pk=pk)
    if dataset.kind == DatasetKind.ROAD:
        return redirect("evidence:road_upload", slug=partnership.slug)
    form = LoadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            outcome = services.dataset_load(
                dataset=dataset,
                period=form.cleaned_data["period"],
                filename=upload_file.name,
                data=upload_file.read(),
                user=request.user,
            )
        except EvidenceFileError as exc:
            form.add_error("file", f"{exc} Nothing was changed.")
        else:
            messages.success(request, outcome.summary)
            return redirect("evidence:detail", slug=partnership.slug, pk=dataset.pk)
    return render(
        request,
        "evidence/upload.html",
        _ctx(
            request, partnership, form=form, dataset=dataset, columns=columns_for(dataset.geography)
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


@partnership_view(Access.MEMBER)
@require_http_methods(["GET", "POST"])
def road_upload(request, partnership):
    """Load a year of DfT STATS19 collision and casualty files."""
    form = RoadUploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.road_casualties_load(
                partnership=partnership,
                year=data["year"],
                collisions_name=data["collisions"].name,
                collisions=data["collisions"].read(),
                casualties_name=data["casualties"].name,
                casualties=data["casualties"].read(),
                user=request.user,
            )
        except EvidenceFileError as exc:
            form.add_error(None, f"{exc} Nothing was changed.")
        else:
            messages.success(request, outcome.summary)
            return redirect("evidence:detail", slug=partnership.slug, pk=outcome.load.dataset_id)
    return render(
        request,
        "evidence/road_upload.html",
        _ctx(request, partnership, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )
