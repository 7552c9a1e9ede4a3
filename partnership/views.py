"""Pages of the partnership register. Views parse input, call one service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.pages import form_page as _form_page
from accounts.pages import page_context
from accounts.permissions import (
    Access,
    partnership_view,
    require_visible,
)
from assessments import selectors as assessment_selectors
from assessments import services as assessment_services
from assessments.forms import ComparatorsForm
from core.exports import csv_response
from core.forms import add_service_errors
from partnership import selectors, services
from partnership.forms import (
    BodyForm,
    GroupForm,
    MembershipApproveForm,
    MembershipEndForm,
    MembershipForm,
    PartnershipForm,
    PeopleImportForm,
    PersonForm,
)
from partnership.models import Body, Group, Membership, MembershipStatus, Person


def _initial(record, form_class) -> dict:
    initial = {f: getattr(record, f) for f in form_class.base_fields if f != "restricted_to"}
    initial["restricted_to"] = list(record.restricted_to.all())
    return initial


# Partnership ---------------------------------------------------------------------------------


def home(request):
    """The home page: the partnerships this instance hosts."""
    return render(request, "partnership/home.html", {"partnerships": selectors.partnerships_list()})


@partnership_view()
def overview(request, partnership):
    """The partnership at a glance: its area, bodies, groups and people."""
    bodies = list(selectors.bodies_visible(user=request.user, partnership=partnership))
    groups = list(selectors.groups_visible(user=request.user, partnership=partnership))
    people_count = selectors.people_visible(user=request.user, partnership=partnership).count()
    responsible = [b for b in bodies if b.is_responsible_authority]
    comparators = assessment_selectors.comparators_of(partnership=partnership)
    return render(
        request,
        "partnership/overview.html",
        page_context(
            request,
            partnership,
            bodies=bodies,
            groups=groups,
            people_count=people_count,
            responsible=responsible,
            comparators=comparators,
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def partnership_edit(request, partnership):
    """Change the partnership's name and area."""
    initial = {
        "name": partnership.name,
        "short_name": partnership.short_name,
        "area_codes": ", ".join(partnership.area_codes),
    }
    form = PartnershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Partnership details saved")
            return redirect("partnership:overview", slug=partnership.slug)
    return _form_page(request, partnership, "partnership/partnership_form.html", form)


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def comparators_edit(request, partnership):
    """Set the county and peer family the assessments set the partnership's figures beside."""
    config = assessment_selectors.comparators_of(partnership=partnership)
    form = ComparatorsForm(request.POST or None, initial=ComparatorsForm.initial_for(config))
    if request.method == "POST" and form.is_valid():
        try:
            assessment_services.comparators_update(
                partnership=partnership, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "County and peer family saved")
            return redirect("partnership:overview", slug=partnership.slug)
    return _form_page(request, partnership, "partnership/comparators_form.html", form)


# Bodies --------------------------------------------------------------------------------------


@partnership_view()
def body_list(request, partnership):
    """The partner bodies, responsible authorities first."""
    bodies = sorted(
        selectors.bodies_visible(user=request.user, partnership=partnership),
        key=lambda b: (not b.is_responsible_authority, b.name),
    )
    return render(
        request, "partnership/body_list.html", page_context(request, partnership, bodies=bodies)
    )


@partnership_view()
def body_detail(request, partnership, pk):
    """One body and its people."""
    body = get_object_or_404(Body, partnership=partnership, pk=pk)
    require_visible(request.user, body, partnership)
    people = selectors.people_visible(user=request.user, partnership=partnership).filter(body=body)
    return render(
        request,
        "partnership/body_detail.html",
        page_context(request, partnership, body=body, people=people),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def body_create(request, partnership):
    """Add a partner body."""
    form = BodyForm(request.POST or None, partnership=partnership, initial={"visibility": "public"})
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{body.name} added")
            return redirect("partnership:body_detail", slug=partnership.slug, pk=body.pk)
    return _form_page(request, partnership, "partnership/body_form.html", form)


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def body_edit(request, partnership, pk):
    """Change a partner body."""
    body = get_object_or_404(Body, partnership=partnership, pk=pk)
    form = BodyForm(request.POST or None, partnership=partnership, initial=_initial(body, BodyForm))
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=body, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{body.name} saved")
            return redirect("partnership:body_detail", slug=partnership.slug, pk=body.pk)
    return _form_page(request, partnership, "partnership/body_form.html", form, body=body)


# People --------------------------------------------------------------------------------------


@partnership_view()
def person_list(request, partnership):
    """People in the partnership with the initials minutes use."""
    people = selectors.people_visible(user=request.user, partnership=partnership)
    return render(
        request, "partnership/person_list.html", page_context(request, partnership, people=people)
    )


@partnership_view()
def person_detail(request, partnership, pk):
    """One person: their details and memberships."""
    person = get_object_or_404(
        Person.objects.select_related("body"), partnership=partnership, pk=pk
    )
    require_visible(request.user, person, partnership)
    memberships = selectors.person_memberships(user=request.user, person=person)
    return render(
        request,
        "partnership/person_detail.html",
        page_context(request, partnership, person=person, memberships=memberships),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def person_create(request, partnership):
    """Add a person."""
    form = PersonForm(
        request.POST or None, partnership=partnership, initial={"visibility": "partners"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{person.name} added")
            return redirect("partnership:person_detail", slug=partnership.slug, pk=person.pk)
    return _form_page(request, partnership, "partnership/person_form.html", form)


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def person_edit(request, partnership, pk):
    """Change a person's details."""
    person = get_object_or_404(Person, partnership=partnership, pk=pk)
    initial = _initial(person, PersonForm)
    form = PersonForm(
        request.POST or None, partnership=partnership, instance=person, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{person.name} saved")
            return redirect("partnership:person_detail", slug=partnership.slug, pk=person.pk)
    return _form_page(request, partnership, "partnership/person_form.html", form, person=person)


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def person_import(request, partnership):
    """Import people from a CSV file: every row or none."""
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    import_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.people_import_csv(
                partnership=partnership, data=upload.read(), filename=upload.name
            )
        except services.PeopleImportError as exc:
            import_errors = exc.errors
            form.add_error(
                "file",
                f"{upload.name} was not imported: nothing was saved. "
                "Correct the rows listed and upload it again.",
            )
        else:
            messages.success(
                request,
                f"Imported {upload.name}: {result.created} people added, {result.updated} "
                f"updated, {result.bodies_created} new bodies",
            )
            return redirect("partnership:person_list", slug=partnership.slug)
    return render(
        request,
        "partnership/person_import.html",
        page_context(request, partnership, form=form, import_errors=import_errors),
        status=400 if form.errors else 200,
    )


@partnership_view()
def person_export(request, partnership):
    """People as CSV, in the same layout the import takes."""
    rows = selectors.people_export_rows(user=request.user, partnership=partnership)
    return csv_response(filename=f"{partnership.slug}-people.csv", headers=rows[0], rows=rows[1:])


# Groups and memberships ----------------------------------------------------------------------


@partnership_view()
def group_list(request, partnership):
    """The partnership's groups."""
    groups = selectors.groups_visible(user=request.user, partnership=partnership)
    return render(
        request, "partnership/group_list.html", page_context(request, partnership, groups=groups)
    )


@partnership_view()
def group_detail(request, partnership, pk):
    """A group and its members."""
    group = get_object_or_404(
        Group.objects.select_related("reports_to"), partnership=partnership, pk=pk
    )
    require_visible(request.user, group, partnership)
    members = list(selectors.group_members(user=request.user, group=group))
    current = [m for m in members if m.status != MembershipStatus.ENDED]
    ended = [m for m in members if m.status == MembershipStatus.ENDED]
    return render(
        request,
        "partnership/group_detail.html",
        page_context(request, partnership, group=group, current=current, ended=ended),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def group_create(request, partnership):
    """Add a group."""
    form = GroupForm(
        request.POST or None, partnership=partnership, initial={"visibility": "public"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{group.name} added")
            return redirect("partnership:group_detail", slug=partnership.slug, pk=group.pk)
    return _form_page(request, partnership, "partnership/group_form.html", form)


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def group_edit(request, partnership, pk):
    """Change a group."""
    group = get_object_or_404(Group, partnership=partnership, pk=pk)
    initial = _initial(group, GroupForm)
    form = GroupForm(request.POST or None, partnership=partnership, instance=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{group.name} saved")
            return redirect("partnership:group_detail", slug=partnership.slug, pk=group.pk)
    return _form_page(request, partnership, "partnership/group_form.html", form, group=group)


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def membership_create(request, partnership, pk):
    """Propose a person for a group."""
    group = get_object_or_404(Group, partnership=partnership, pk=pk)
    form = MembershipForm(
        request.POST or None,
        partnership=partnership,
        initial={"visibility": "public", "role": "member"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            m = services.membership_propose(group=group, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{m.person.name} proposed as {m.get_role_display().lower()}")
            return redirect("partnership:group_detail", slug=partnership.slug, pk=group.pk)
    return _form_page(request, partnership, "partnership/membership_form.html", form, group=group)


def _membership(partnership, pk) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("group", "person"), group__partnership=partnership, pk=pk
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def membership_approve(request, partnership, pk):
    """Record which group approved a proposed membership, and when."""
    membership = _membership(partnership, pk)
    form = MembershipApproveForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_approve(membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Membership of {membership.person.name} approved")
            return redirect(
                "partnership:group_detail", slug=partnership.slug, pk=membership.group_id
            )
    return _form_page(
        request, partnership, "partnership/membership_approve.html", form, membership=membership
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def membership_end(request, partnership, pk):
    """End a membership on a date."""
    membership = _membership(partnership, pk)
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Membership of {membership.person.name} ended")
            return redirect(
                "partnership:group_detail", slug=partnership.slug, pk=membership.group_id
            )
    return _form_page(
        request, partnership, "partnership/membership_end.html", form, membership=membership
    )


@partnership_view()
def membership_history(request, partnership):
    """Every change to memberships: proposals, approvals, role changes and endings."""
    group = None
    if request.GET.get("group"):
        group = get_object_or_404(Group, partnership=partnership, pk=request.GET["group"])
        require_visible(request.user, group, partnership)
    history = selectors.membership_history(user=request.user, partnership=partnership, group=group)[
        :500
    ]
    return render(
        request,
        "partnership/membership_history.html",
        page_context(request, partnership, history=history, group=group),
    )
