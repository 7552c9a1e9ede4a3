"""Pages of the partnership plan. Views parse input, call one service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.pages import page_context
from accounts.permissions import (
    Access,
    partnership_view,
    require_visible,
)
from actions.models import Action
from assessments.models import Assessment
from core.forms import add_service_errors
from plan import selectors, services
from plan.forms import (
    ActionLinkForm,
    MeasureForm,
    MeasureValueForm,
    ObjectiveForm,
    PlanAgreeForm,
    PlanForm,
    PlanReviseForm,
    PriorityAdoptForm,
    PriorityForm,
    PriorityOutcomeForm,
    PrioritySetForm,
)
from plan.models import Measure, Objective, Plan, Priority, PriorityOutcome, PrioritySet, year_label


def form_page(request, partnership, form, *, title, back, caption="", submit="Save", **extra):
    """Render the shared one-column form page (used by plan, funding and engagement)."""
    return render(
        request,
        "plan/form.html",
        page_context(
            request,
            partnership,
            form=form,
            page_title=title,
            caption=caption,
            back=back,
            submit=submit,
            **extra,
        ),
        status=400 if form.is_bound and form.errors else 200,
    )


# Plans ---------------------------------------------------------------------------------------


@partnership_view()
def plan_list(request, partnership):
    """Every year's plan, newest first, and the priorities by year."""
    plans = selectors.plans_visible(user=request.user, partnership=partnership)
    priorities = selectors.priorities_visible(user=request.user, partnership=partnership)
    return render(
        request,
        "plan/plan_list.html",
        page_context(request, partnership, plans=plans, priorities=priorities),
    )


@partnership_view()
def plan_detail(request, partnership, pk):
    """One year's plan: its objectives, their links and its measures."""
    plan = get_object_or_404(Plan, partnership=partnership, pk=pk)
    require_visible(request.user, plan, partnership)
    objectives = selectors.plan_objectives(user=request.user, plan=plan)
    measures = selectors.plan_measures(user=request.user, plan=plan)
    later = selectors.plans_visible(user=request.user, partnership=partnership).filter(
        revised_from=plan
    )
    return render(
        request,
        "plan/plan_detail.html",
        page_context(
            request,
            partnership,
            plan=plan,
            objectives=objectives,
            measures=measures,
            later=later.first(),
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def plan_create(request, partnership):
    """Start the plan for a year."""
    form = PlanForm(request.POST or None, initial={"visibility": "public"})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Plan for {plan.year_label} started")
            return redirect("plan:plan_detail", slug=partnership.slug, pk=plan.pk)
    return form_page(
        request,
        partnership,
        form,
        title="Start a year's plan",
        back=reverse("plan:plan_list", kwargs={"slug": partnership.slug}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def plan_revise(request, partnership, pk):
    """Start next year's plan as a copy of this one, keeping this one unchanged."""
    plan = get_object_or_404(Plan, partnership=partnership, pk=pk)
    form = PlanReviseForm(request.POST or None, initial={"title": plan.title})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.plan_revise(plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Plan for {new.year_label} started from {plan.year_label}")
            return redirect("plan:plan_detail", slug=partnership.slug, pk=new.pk)
    return form_page(
        request,
        partnership,
        form,
        title=f"Revise the plan for the year after {plan.year_label}",
        caption=str(plan),
        back=reverse("plan:plan_detail", kwargs={"slug": partnership.slug, "pk": plan.pk}),
        submit="Start next year's plan",
        intro="The objectives and measures are copied into next year's plan. This year's "
        "plan is kept as it is.",
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def plan_agree(request, partnership, pk):
    """Record the date the partnership agreed the plan."""
    plan = get_object_or_404(Plan, partnership=partnership, pk=pk)
    form = PlanAgreeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.plan_agree(plan=plan, **form.cleaned_data)
        messages.success(request, f"Plan for {plan.year_label} recorded as agreed")
        return redirect("plan:plan_detail", slug=partnership.slug, pk=plan.pk)
    return form_page(
        request,
        partnership,
        form,
        title="Record that the plan was agreed",
        caption=str(plan),
        back=reverse("plan:plan_detail", kwargs={"slug": partnership.slug, "pk": plan.pk}),
    )


# Objectives and measures ---------------------------------------------------------------------


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def objective_create(request, partnership, pk):
    """Add an objective to a plan."""
    plan = get_object_or_404(Plan, partnership=partnership, pk=pk)
    form = ObjectiveForm(request.POST or None, plan=plan, initial={"visibility": "public"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.objective_create(
                plan=plan,
                **{**data, "priorities": list(data["priorities"]), "groups": list(data["groups"])},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Objective added")
            return redirect("plan:plan_detail", slug=partnership.slug, pk=plan.pk)
    return form_page(
        request,
        partnership,
        form,
        title="Add an objective",
        caption=str(plan),
        back=reverse("plan:plan_detail", kwargs={"slug": partnership.slug, "pk": plan.pk}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def objective_edit(request, partnership, pk):
    """Change an objective, its targets and links."""
    objective = get_object_or_404(
        Objective.objects.select_related("plan"), plan__partnership=partnership, pk=pk
    )
    initial = {
        "title": objective.title,
        "owner": objective.owner_id,
        "long_term_target": objective.long_term_target,
        "short_term_target": objective.short_term_target,
        "priorities": list(objective.priorities.values_list("pk", flat=True)),
        "groups": list(objective.groups.values_list("pk", flat=True)),
        "visibility": objective.visibility,
    }
    form = ObjectiveForm(request.POST or None, plan=objective.plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.objective_update(
                objective=objective,
                **{**data, "priorities": list(data["priorities"]), "groups": list(data["groups"])},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Objective saved")
            return redirect("plan:plan_detail", slug=partnership.slug, pk=objective.plan_id)
    return form_page(
        request,
        partnership,
        form,
        title="Change an objective",
        caption=f"{objective.title}, {objective.plan}",
        back=reverse(
            "plan:plan_detail", kwargs={"slug": partnership.slug, "pk": objective.plan_id}
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def measure_create(request, partnership, pk):
    """Add a performance measure to a plan."""
    plan = get_object_or_404(Plan, partnership=partnership, pk=pk)
    form = MeasureForm(request.POST or None, plan=plan, initial={"visibility": "public"})
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Measure {measure.name} added")
            return redirect("plan:measure_detail", slug=partnership.slug, pk=measure.pk)
    return form_page(
        request,
        partnership,
        form,
        title="Add a performance measure",
        caption=str(plan),
        back=reverse("plan:plan_detail", kwargs={"slug": partnership.slug, "pk": plan.pk}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def measure_edit(request, partnership, pk):
    """Change a performance measure, its target included."""
    measure = get_object_or_404(
        Measure.objects.select_related("plan"), plan__partnership=partnership, pk=pk
    )
    names = [
        "name", "definition", "unit", "polarity", "frequency", "source", "crime_category",
        "target", "tolerance_pct", "visibility",
    ]  # fmt: skip
    initial = {name: getattr(measure, name) for name in names}
    initial.update(
        supplier=measure.supplier_id, objective=measure.objective_id, priority=measure.priority_id
    )
    form = MeasureForm(request.POST or None, plan=measure.plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Measure {measure.name} saved")
            return redirect("plan:measure_detail", slug=partnership.slug, pk=measure.pk)
    return form_page(
        request,
        partnership,
        form,
        title="Change the performance measure",
        caption=measure.name,
        back=reverse("plan:measure_detail", kwargs={"slug": partnership.slug, "pk": measure.pk}),
    )


@partnership_view()
def measure_detail(request, partnership, pk):
    """A measure: its definition, source, target and each period's value with its RAG status."""
    measure = get_object_or_404(
        Measure.objects.select_related("plan", "objective", "priority", "supplier"),
        plan__partnership=partnership,
        pk=pk,
    )
    require_visible(request.user, measure, partnership)
    require_visible(request.user, measure.plan, partnership)
    values = measure.values.order_by("period_start")
    return render(
        request,
        "plan/measure_detail.html",
        page_context(request, partnership, measure=measure, values=values),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def measure_value_create(request, partnership, pk):
    """Record a measure's value for a period."""
    measure = get_object_or_404(Measure, plan__partnership=partnership, pk=pk)
    form = MeasureValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_value_record(measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Value recorded")
            return redirect("plan:measure_detail", slug=partnership.slug, pk=measure.pk)
    return form_page(
        request,
        partnership,
        form,
        title="Record a value",
        caption=measure.name,
        back=reverse("plan:measure_detail", kwargs={"slug": partnership.slug, "pk": measure.pk}),
    )


# Priorities ----------------------------------------------------------------------------------


@partnership_view()
def priority_list(request, partnership):
    """The priorities, by year."""
    priorities = selectors.priorities_visible(user=request.user, partnership=partnership)
    return render(
        request,
        "plan/priority_list.html",
        page_context(request, partnership, priorities=priorities),
    )


@partnership_view()
def priority_detail(request, partnership, pk):
    """The whole chain for a priority: objectives, sub-groups, measures and actions."""
    priority = get_object_or_404(Priority, partnership=partnership, pk=pk)
    require_visible(request.user, priority, partnership)
    chain = selectors.priority_chain(user=request.user, priority=priority)
    return render(
        request,
        "plan/priority_detail.html",
        page_context(request, partnership, chain=chain, priority=priority),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def priority_create(request, partnership):
    """Name a priority for a year."""
    form = PriorityForm(
        request.POST or None, partnership=partnership, initial={"visibility": "public"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            priority = services.priority_create(
                partnership=partnership, **{**data, "groups": list(data["groups"])}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{priority.name} added as a priority")
            return redirect("plan:priority_detail", slug=partnership.slug, pk=priority.pk)
    return form_page(
        request,
        partnership,
        form,
        title="Add a priority",
        back=reverse("plan:priority_list", kwargs={"slug": partnership.slug}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def priority_adopt(request, partnership, pk):
    """Adopt a priority from an assessment's ranked list, freezing its evidence."""
    assessment = get_object_or_404(Assessment, partnership=partnership, pk=pk, kind="strategic")
    if not assessment.is_ready:
        raise Http404("The assessment is not ready")
    candidates = [
        (p["category"], f"{p['rank']}. {p['category']} (score {p['score']:.3f})")
        for p in assessment.result["priorities"]
    ]
    form = PriorityAdoptForm(
        request.POST or None, candidates=candidates, initial={"visibility": "public"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            priority = services.priority_adopt(
                partnership=partnership,
                assessment=assessment if data["category"] else None,
                user=request.user,
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{priority.name} adopted as a priority")
            return redirect("plan:priority_detail", slug=partnership.slug, pk=priority.pk)
    return form_page(
        request,
        partnership,
        form,
        title="Adopt as priority",
        caption=assessment.title,
        back=reverse("assessments:detail", kwargs={"slug": partnership.slug, "pk": pk}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def priority_edit(request, partnership, pk):
    """Change a priority's name, rationale or leading sub-groups."""
    priority = get_object_or_404(Priority, partnership=partnership, pk=pk)
    initial = {
        "year": priority.year,
        "name": priority.name,
        "rationale": priority.rationale,
        "groups": list(priority.groups.values_list("pk", flat=True)),
        "visibility": priority.visibility,
    }
    form = PriorityForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.priority_update(priority=priority, **{**data, "groups": list(data["groups"])})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{priority.name} saved")
            return redirect("plan:priority_detail", slug=partnership.slug, pk=priority.pk)
    return form_page(
        request,
        partnership,
        form,
        title=f"Change {priority.name}",
        back=reverse("plan:priority_detail", kwargs={"slug": partnership.slug, "pk": priority.pk}),
    )


def _years_url(partnership, year: int) -> str:
    return reverse("plan:priority_years", kwargs={"slug": partnership.slug}) + f"#year-{year}"


@partnership_view()
def priority_years(request, partnership):
    """Each year's set of priorities side by side, with what became of the year before's."""
    years = selectors.priority_years(user=request.user, partnership=partnership)
    return render(
        request,
        "plan/priority_years.html",
        page_context(request, partnership, years=years),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def priority_set_edit(request, partnership, year):
    """Say how a year's set of priorities came from the year before."""
    if not 1990 <= year <= 2100:
        raise Http404("No such year")
    record = PrioritySet.objects.filter(partnership=partnership, year=year).first()
    initial = (
        {
            "note": record.note,
            "earlier_count": record.earlier_count,
            "visibility": record.visibility,
        }
        if record
        else {"visibility": "public"}
    )
    form = PrioritySetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_set_record(partnership=partnership, year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Priorities for {year_label(year)} saved")
            return redirect(_years_url(partnership, year))
    return form_page(
        request,
        partnership,
        form,
        title=f"How the {year_label(year)} priorities came about",
        caption="Priorities across years",
        back=_years_url(partnership, year),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def priority_outcome(request, partnership, pk):
    """Record what became of a priority in the following year, why, and on what evidence."""
    earlier = get_object_or_404(Priority, partnership=partnership, pk=pk)
    record = PriorityOutcome.objects.filter(earlier=earlier).first()
    initial = (
        {
            "outcome": record.outcome,
            "successor": record.successor_id,
            "reason": record.reason,
            "evidence": record.evidence_id,
        }
        if record
        else {}
    )
    form = PriorityOutcomeForm(request.POST or None, earlier=earlier, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_outcome_record(earlier=earlier, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"What became of {earlier.name} saved")
            return redirect(_years_url(partnership, earlier.year + 1))
    return form_page(
        request,
        partnership,
        form,
        title=f"What became of {earlier.name} in {year_label(earlier.year + 1)}",
        caption=f"Priority for {earlier.year_label}",
        back=_years_url(partnership, earlier.year + 1),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def action_link(request, partnership, pk):
    """Tag an action with the priority it serves and its theme."""
    action = get_object_or_404(Action, partnership=partnership, pk=pk)
    link = getattr(action, "plan_link", None)
    initial = (
        {"priority": link.priority_id, "objective": link.objective_id, "theme": link.theme}
        if link
        else {}
    )
    form = ActionLinkForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_link_set(action=action, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Action tagged")
            priority = form.cleaned_data["priority"]
            if priority is not None:
                return redirect("plan:priority_detail", slug=partnership.slug, pk=priority.pk)
            return redirect("actions:action_detail", slug=partnership.slug, pk=action.pk)
    return form_page(
        request,
        partnership,
        form,
        title="Link an action to the plan",
        caption=action.text[:120],
        back=reverse("actions:action_detail", kwargs={"slug": partnership.slug, "pk": action.pk}),
    )
