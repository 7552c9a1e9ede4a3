"""Writes for the assessments app: requesting and generating assessments, scoring settings,
partner measures and evidence snapshots. Every change goes through one of these functions."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from alerts.sending import stale_deliveries_fail
from assessments import statistics as st
from assessments.exception_report import build_exceptions_report
from assessments.models import (
    METHOD_VERSION,
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Comparators,
    EvidenceSnapshot,
    PartnerMeasure,
    PartnerMeasureValue,
    ScoringConfig,
)
from assessments.partner_evidence import extend_exceptions, extend_strategic
from assessments.periods import MONTH, Period
from assessments.scoring import DEFAULT_FACTOR_WEIGHTS, FACTORS
from assessments.selectors import sub_area_counts
from assessments.strategic import build_strategic_assessment
from assessments.sub_areas import ALPHA as SUB_AREA_ALPHA
from assessments.sub_areas import wards_trend_higher
from core import jobs, search
from core.exports import cell_problem
from core.models import Visibility
from core.services import record_save
from crime.selectors import local_authorities
from crime.services import crime_imports_sweep
from crime.store import Store, default_store
from evidence.selectors import evidence_series

# Scoring settings ----------------------------------------------------------------------------


def scoring_config_get(*, partnership) -> ScoringConfig:
    """The partnership's scoring settings, created with the documented defaults if absent."""
    config, _ = ScoringConfig.objects.get_or_create(
        partnership=partnership,
        defaults={
            "factor_weights": dict(DEFAULT_FACTOR_WEIGHTS),
            "harm_weights": dict(st.DEFAULT_CATEGORY_WEIGHTS),
            "public_concern": {},
        },
    )
    return config


def _check_numbers(values: Mapping[str, float], *, field: str, low: float, high: float) -> dict:
    cleaned = {}
    for key, value in values.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValidationError({field: f"{key}: enter a number"}) from None
        if not math.isfinite(number) or not low <= number <= high:
            raise ValidationError({field: f"{key}: enter a number from {low:g} to {high:g}"})
        cleaned[key] = number
    return cleaned


def scoring_config_update(
    *,
    partnership,
    factor_weights: Mapping[str, float] | None = None,
    harm_weights: Mapping[str, float] | None = None,
    public_concern: Mapping[str, float] | None = None,
) -> ScoringConfig:
    """Change the scoring weights, the harm weight per category or the public concern."""
    config = scoring_config_get(partnership=partnership)
    fields = []
    if factor_weights is not None:
        unknown = set(factor_weights) - set(FACTORS)
        if unknown:
            raise ValidationError(
                {"factor_weights": f"Unknown factors: {', '.join(sorted(unknown))}"}
            )
        config.factor_weights = _check_numbers(
            factor_weights, field="factor_weights", low=0, high=10
        )
        fields.append("factor_weights")
    if harm_weights is not None:
        config.harm_weights = _check_numbers(harm_weights, field="harm_weights", low=0, high=100000)
        fields.append("harm_weights")
    if public_concern is not None:
        config.public_concern = _check_numbers(
            public_concern, field="public_concern", low=0, high=5
        )
        fields.append("public_concern")
    return record_save(config, update_fields=[*fields, "updated"] if fields else None)


# The county and the peer family (issue 15, point 5) -------------------------------------------


def _names(codes: list[str], las: dict) -> str:
    return ", ".join(f"{las[c].name} ({c})" if c in las else c for c in codes)


def comparators_update(
    *,
    partnership,
    county_name: str = "",
    county_codes: list[str] | None = None,
    peers: list[dict] | None = None,
    user=None,
    store: Store | None = None,
) -> Comparators:
    """Set the county and peer family the partnership's assessments compare it with.

    Every code must be a local authority of the loaded geography; the county holds the
    partnership's own area and more; no peer holds any of it, nor a code another peer holds.
    Empty lists clear them.
    """
    config = Comparators.objects.filter(partnership=partnership).first() or Comparators(
        partnership=partnership
    )
    config.county_name = county_name.strip()
    config.county_codes = [c.strip().upper() for c in county_codes or []]
    config.peers = [
        {"name": str(p["name"]).strip(), "codes": [c.strip().upper() for c in p["codes"]]}
        for p in peers or []
    ]
    config.updated_by = user
    config.full_clean()
    codes = [*config.county_codes, *(c for p in config.peers for c in p["codes"])]
    if codes:
        _check_comparators(config, partnership, codes, store or default_store())
    return record_save(config)


def _check_comparators(config: Comparators, partnership, codes: list[str], store: Store) -> None:
    if not store.geography_path.exists():
        raise ValidationError(
            "No geography is loaded, so the local authority codes cannot be checked: load it "
            "first (manage.py import_geography)"
        )
    own = list(partnership.area_codes)
    wanted = sorted(set(codes) | set(own))
    las = {la.code: la for la in local_authorities(area_codes=wanted, store=store)}
    unknown = [c for c in dict.fromkeys(config.county_codes) if c not in las]
    if unknown:
        raise ValidationError(
            {"county_codes": f"Not a local authority of the loaded geography: {', '.join(unknown)}"}
        )
    if config.county_codes:
        if len(set(config.county_codes)) != len(config.county_codes):
            raise ValidationError({"county_codes": "Enter each code once"})
        missing = [c for c in own if c not in config.county_codes]
        if missing:
            raise ValidationError(
                {
                    "county_codes": f"The county should include the partnership's own area, "
                    f"{_names(missing, las)}: its figures are the whole county's"
                }
            )
        if not set(config.county_codes) - set(own):
            raise ValidationError(
                {"county_codes": "The county should hold more than the partnership's own area"}
            )
    seen: dict[str, str] = {}
    names: set[str] = set()
    for peer in config.peers:
        name = peer["name"]
        if name.casefold() in names:
            raise ValidationError({"peers": f"{name} is in the peer family twice"})
        names.add(name.casefold())
        unknown = [c for c in peer["codes"] if c not in las]
        if unknown:
            raise ValidationError(
                {
                    "peers": f"{name}: not a local authority of the loaded geography: "
                    f"{', '.join(unknown)}"
                }
            )
        overlap = [c for c in peer["codes"] if c in own]
        if overlap:
            raise ValidationError(
                {
                    "peers": f"{name}: {_names(overlap, las)} is the partnership's own area, not a peer"
                }
            )
        for code in peer["codes"]:
            if code in seen:
                raise ValidationError(
                    {"peers": f"{name}: {_names([code], las)} is already in {seen[code]}"}
                )
            seen[code] = name


def comparators_for_assessment(*, partnership) -> dict | None:
    """The county and peer family as an assessment's builder takes them, or None if unset."""
    config = Comparators.objects.filter(partnership=partnership).first()
    if config is None or config.is_empty:
        return None
    county = (
        {"name": config.county_name, "codes": list(config.county_codes)}
        if config.county_codes
        else None
    )
    return {"county": county, "peers": [dict(p) for p in config.peers]}


# Partner measures ----------------------------------------------------------------------------

MEASURE_COLUMNS = ("measure", "period", "value")


def partner_measures_import(
    *,
    partnership,
    data: bytes,
    filename: str,
    user=None,
    visibility: str = Visibility.PARTNERS,
    restricted_to=None,
) -> int:
    """Load a CSV of measure, period, value rows; any bad line saves nothing. Returns rows saved."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            f"{filename}: the file is not UTF-8 text (save it as CSV UTF-8)"
        ) from None
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ValidationError(f"{filename} line 1: the file is empty")
    for cell in header:
        problem = cell_problem(cell)
        if problem:
            raise ValidationError(f"{filename} line 1: the header {problem}")
    names = [h.strip().lower() for h in header]
    if names[:3] != list(MEASURE_COLUMNS):
        raise ValidationError(
            f"{filename} line 1: the columns must be measure, period, value (found {', '.join(header)})"
        )
    rows: dict[tuple[str, str], float] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            raise ValidationError(f"{filename} line {line}: expected 3 values, found {len(row)}")
        for column, cell in zip(MEASURE_COLUMNS, row[:3], strict=True):
            problem = cell_problem(cell)
            if problem:
                raise ValidationError(f"{filename} line {line}: {column} {problem}")
        name, period, value = (cell.strip() for cell in row[:3])
        if not name:
            raise ValidationError(f"{filename} line {line}: the measure name is blank")
        if len(name) > 200:
            raise ValidationError(f"{filename} line {line}: the measure name is too long")
        if not (period.isascii() and MONTH.match(period)):
            raise ValidationError(
                f"{filename} line {line}: period {period!r} is not a month like 2018-07"
            )
        try:
            if not value.replace(",", "").isascii():
                raise ValueError("digits other than 0-9")  # float() would take "٣" as 3
            number = float(value.replace(",", ""))
        except ValueError:
            raise ValidationError(
                f"{filename} line {line}: value {value!r} is not a number"
            ) from None
        if not math.isfinite(number):
            raise ValidationError(f"{filename} line {line}: value {value!r} is not a number")
        if (name, period) in rows:
            raise ValidationError(f"{filename} line {line}: {name} has two values for {period}")
        rows[(name, period)] = number
    if not rows:
        raise ValidationError(f"{filename}: the file holds no values")
    with transaction.atomic():
        measures = {}
        for name in sorted({n for n, _ in rows}):
            measure = PartnerMeasure.objects.filter(partnership=partnership, name=name).first()
            if measure is None:
                measure = record_save(
                    PartnerMeasure(partnership=partnership, name=name, visibility=visibility),
                    restricted_to=restricted_to,
                )
            measures[name] = measure
        for (name, period), number in rows.items():
            PartnerMeasureValue.objects.update_or_create(
                measure=measures[name],
                period=period,
                defaults={"value": number, "source": filename[:255], "uploaded_by": user},
            )
    return len(rows)


def partner_measure_update(
    *,
    measure: PartnerMeasure,
    category: str,
    higher_is_worse: bool,
    visibility: str,
    restricted_to=None,
) -> PartnerMeasure:
    """Tie a measure to a crime category and say which way is worse."""
    measure.category = category
    measure.higher_is_worse = higher_is_worse
    measure.visibility = visibility
    return record_save(
        measure,
        update_fields=["category", "higher_is_worse", "visibility"],
        restricted_to=restricted_to,
    )


def measures_for_assessment(*, assessment: Assessment) -> list[dict]:
    """The partner measures the assessment's readers may all see, with their values.

    An assessment is read by its own audience, so it uses only measures at least as widely
    visible: a public assessment public measures; a partners-only one public and partners-only
    measures; a restricted one also restricted measures naming every person the assessment
    names (coordinators see both either way).
    """
    measures = PartnerMeasure.objects.filter(partnership=assessment.partnership)
    if assessment.visibility == Visibility.PUBLIC:
        measures = measures.filter(visibility=Visibility.PUBLIC)
    elif assessment.visibility == Visibility.PARTNERS:
        measures = measures.filter(visibility__in=[Visibility.PUBLIC, Visibility.PARTNERS])
    else:
        readers = set(assessment.restricted_to.values_list("pk", flat=True))
        allowed = [
            m.pk
            for m in measures.filter(visibility=Visibility.RESTRICTED).prefetch_related(
                "restricted_to"
            )
            if readers <= {p.pk for p in m.restricted_to.all()}
        ]
        measures = measures.filter(
            Q(visibility__in=[Visibility.PUBLIC, Visibility.PARTNERS]) | Q(pk__in=allowed)
        )
    return [
        {
            "name": m.name,
            "category": m.category,
            "higher_is_worse": m.higher_is_worse,
            "values": {v.period: v.value for v in m.values.all()},
        }
        for m in measures.prefetch_related("values")
    ]


# Assessments ---------------------------------------------------------------------------------


def assessment_request(
    *,
    partnership,
    kind: str,
    current: Period,
    baseline: Period | None = None,
    user=None,
    visibility: str = Visibility.PARTNERS,
    restricted_to=None,
    run: bool = True,
) -> Assessment:
    """Record an assessment to be generated and queue the background task that builds it."""
    if kind == AssessmentKind.EXCEPTIONS:
        if current.length != 1:
            raise ValidationError({"current": "An exceptions report covers one month"})
        baseline = current.shifted(-12)
        title = f"Performance exceptions: {current.label}"
    else:
        if baseline is None:
            raise ValidationError({"baseline": "Enter the baseline period"})
        if baseline.last >= current.first:
            raise ValidationError({"baseline": "The baseline must end before the current period"})
        title = f"Strategic assessment: {current.label} against {baseline.label}"
    assessment = record_save(
        Assessment(
            partnership=partnership,
            kind=kind,
            title=title,
            area_codes=list(partnership.area_codes),
            current_from=current.first,
            current_to=current.last,
            baseline_from=baseline.first,
            baseline_to=baseline.last,
            visibility=visibility,
            created_by=user,
        ),
        restricted_to=restricted_to,
    )
    if run:
        pk = assessment.pk
        transaction.on_commit(lambda: generate_assessment.enqueue(pk))
    return assessment


def assessments_sweep() -> int:
    """Fail assessments whose worker died (no heartbeat for core.jobs.STALE_AFTER)."""
    return jobs.stale_work_fail(queryset=Assessment.objects.all(), extra_fields={"progress": 100})


def stale_work_sweep() -> dict[str, int]:
    """Fail the work of every worker that died: crime imports and assessments with no
    heartbeat, and alerts left "sending", each for core.jobs.STALE_AFTER."""
    return {
        "imports": crime_imports_sweep(),
        "assessments": assessments_sweep(),
        "alerts": stale_deliveries_fail(),
    }


@task
def sweep_stale_work() -> dict[str, int]:
    """The scheduler's stale-work sweep (CSPHUB_SCHEDULE), as `manage.py sweep_stale_work`."""
    return stale_work_sweep()


def assessment_retry(*, assessment: Assessment) -> Assessment:
    """Queue a failed assessment to be generated again."""
    if assessment.status != AssessmentStatus.FAILED:
        raise ValidationError("Only a failed assessment can be generated again")
    assessment.status = AssessmentStatus.QUEUED
    assessment.error = ""
    assessment.progress = 0
    assessment.progress_message = ""
    assessment.save(update_fields=["status", "error", "progress", "progress_message"])
    pk = assessment.pk
    transaction.on_commit(lambda: generate_assessment.enqueue(pk))
    return assessment


def _progress_saver(assessment: Assessment):
    def save(percent: int, message: str) -> None:
        Assessment.objects.filter(pk=assessment.pk).update(
            progress=percent, progress_message=message[:200], heartbeat_at=timezone.now()
        )

    return save


def assessment_generate(*, assessment: Assessment, store: Store | None = None) -> Assessment:
    """Compute an assessment's figures now and store them with their provenance."""
    Assessment.objects.filter(pk=assessment.pk).update(
        status=AssessmentStatus.RUNNING,
        progress=1,
        progress_message="Starting",
        error="",
        heartbeat_at=timezone.now(),
    )
    progress = _progress_saver(assessment)
    try:
        measures = measures_for_assessment(assessment=assessment)
        comparators = comparators_for_assessment(partnership=assessment.partnership)
        if assessment.kind == AssessmentKind.EXCEPTIONS:
            result = build_exceptions_report(
                area_codes=assessment.area_codes,
                month=assessment.current_from,
                measures=measures,
                comparators=comparators,
                store=store,
                progress=progress,
            )
        else:
            config = scoring_config_get(partnership=assessment.partnership)
            result = build_strategic_assessment(
                area_codes=assessment.area_codes,
                current=Period(assessment.current_from, assessment.current_to),
                baseline=Period(assessment.baseline_from, assessment.baseline_to),
                harm_weights=config.harm_weights,
                factor_weights=config.factor_weights,
                public_concern=config.public_concern,
                measures=measures,
                comparators=comparators,
                store=store,
                progress=progress,
            )
        result = partner_evidence_add(assessment=assessment, result=result, store=store)
        if assessment.kind == AssessmentKind.STRATEGIC:
            result = ward_trends_add(assessment=assessment, result=result, store=store)
    except (LookupError, ValueError) as exc:
        assessment.status = AssessmentStatus.FAILED
        assessment.error = str(exc)[:1000]
        assessment.progress = 100
        assessment.save(update_fields=["status", "error", "progress"])
        return assessment
    except BaseException as exc:
        # Anything else (a bug, the store vanishing, the database) must not leave the page
        # waiting for ever: the record says so, then the error goes on up to the task.
        jobs.fail_on_any_exception(assessment, exc, extra_fields={"progress": 100})
        assessment.refresh_from_db()
        raise
    demonstration = bool(result["demonstration"])
    assessment.result = result
    assessment.provenance = result["provenance"]
    assessment.demonstration = demonstration
    assessment.method_version = METHOD_VERSION
    assessment.status = AssessmentStatus.DONE
    assessment.progress = 100
    assessment.progress_message = "Ready"
    assessment.completed = timezone.now()
    assessment.save(
        update_fields=[
            "result",
            "provenance",
            "demonstration",
            "method_version",
            "status",
            "progress",
            "progress_message",
            "completed",
        ]
    )
    search.index(assessment)
    return assessment


def partner_evidence_add(*, assessment: Assessment, result: dict, store: Store | None) -> dict:
    """Partner datasets and road casualties beside the police.uk categories (issue 15).

    Only datasets at least as widely visible as the assessment are used, and a public
    assessment applies the public small-number rule (assessments/partner_evidence.py).
    """
    series = evidence_series(
        partnership=assessment.partnership,
        area_codes=list(assessment.area_codes),
        visibility=assessment.visibility,
        store=store,
    )
    public = assessment.visibility == Visibility.PUBLIC
    if assessment.kind == AssessmentKind.EXCEPTIONS:
        return extend_exceptions(result, series=series, public=public)
    config = scoring_config_get(partnership=assessment.partnership)
    return extend_strategic(result, series=series, harm_weights=config.harm_weights, public=public)


def ward_trends_add(*, assessment: Assessment, result: dict, store: Store | None) -> dict:
    """The wards whose trend is higher than the borough's, more than chance (seed 000 §3.2).

    From the partnership's current LSOA → ward lookup; without one the section says so.
    """
    current = Period(assessment.current_from, assessment.current_to)
    baseline = Period(assessment.baseline_from, assessment.baseline_to)
    counts, lookup = sub_area_counts(
        partnership=assessment.partnership, current=current, baseline=baseline, store=store
    )
    result["wards"] = {
        "lookup": None
        if lookup is None
        else {
            "source": lookup.source_name,
            "sha256": lookup.sha256,
            "ward_year": lookup.ward_year,
            "lsoas": lookup.lsoas,
            "wards": lookup.wards,
            "loaded_at": lookup.loaded_at.isoformat(timespec="seconds"),
        },
        "significance_level": SUB_AREA_ALPHA,
        "rows": wards_trend_higher(counts) if lookup is not None else [],
    }
    return result


# Evidence ------------------------------------------------------------------------------------


def evidence_snapshot_freeze(
    *,
    partnership,
    title: str,
    assessment: Assessment | None = None,
    category: str = "",
    user=None,
    visibility: str | None = None,
) -> EvidenceSnapshot:
    """Freeze the figures behind a priority: a copy of the assessment's rows for the category."""
    figures: dict = {}
    periods = {"current_from": "", "current_to": "", "baseline_from": "", "baseline_to": ""}
    provenance: dict = {}
    demonstration = False
    if assessment is not None:
        if assessment.partnership_id != partnership.pk:
            raise ValidationError("Choose an assessment of this partnership")
        if not assessment.is_ready or assessment.kind != AssessmentKind.STRATEGIC:
            raise ValidationError("Only a finished strategic assessment can supply evidence")
        result = assessment.result or {}
        row = next((r for r in result["categories"] if r["category"] == category), None)
        if category and row is None:
            raise ValidationError({"category": f"The assessment has no category {category!r}"})
        figures = {
            "area": result["area"],
            "current": result["current"],
            "baseline": result["baseline"],
            "category": row,
            "totals": result["totals"],
            "priority": next((p for p in result["priorities"] if p["category"] == category), None),
            "sub_areas": [s for s in result["sub_areas"] if s["category"] == category],
            "wards": [
                w for w in (result.get("wards") or {}).get("rows", []) if w["category"] == category
            ],
            "narrative": result["narrative"],
            "scoring": result["scoring"],
            "monthly": {
                "months": result["monthly"]["months"],
                "values": result["monthly"]["series"].get(category, []),
            },
        }
        periods = {
            "current_from": assessment.current_from,
            "current_to": assessment.current_to,
            "baseline_from": assessment.baseline_from,
            "baseline_to": assessment.baseline_to,
        }
        provenance = assessment.provenance
        demonstration = assessment.demonstration
    snapshot = EvidenceSnapshot(
        partnership=partnership,
        assessment=assessment,
        title=title,
        category=category,
        figures=figures,
        provenance=provenance,
        method_version=assessment.method_version if assessment else METHOD_VERSION,
        demonstration=demonstration,
        created_by=user,
        visibility=visibility or (assessment.visibility if assessment else Visibility.PARTNERS),
        **periods,
    )
    record_save(snapshot)
    if assessment is not None and assessment.visibility == Visibility.RESTRICTED:
        snapshot.restricted_to.set(assessment.restricted_to.all())
    return snapshot


# Background task ------------------------------------------------------------------------------


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
