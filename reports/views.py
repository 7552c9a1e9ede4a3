"""Pages of reports. Views parse input, call one service, render."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.pages import page_context
from accounts.permissions import (
    Access,
    can_view,
    is_coordinator,
    partnership_view,
    require_visible,
)
from core.forms import add_service_errors
from meetings.outputs import calendar, site_base
from plan.models import Plan
from plan.views import form_page
from reports import board, compliance, documents, selectors, services
from reports.forms import (
    AnnualDraftForm,
    AnswerForm,
    BoardDraftForm,
    BoardNarrativeForm,
    CopyForm,
    DataReceiptForm,
    LinkForm,
    PlanSentForm,
    QuestionForm,
    RecommendationForm,
    ResponseForm,
    SessionForm,
    WitnessForm,
)
from reports.models import (
    AnswerLink,
    BoardReport,
    BoardStatus,
    Question,
    Recommendation,
    ScrutinySession,
)
from reports.plan_document import plan_document


def _session_url(session) -> str:
    return reverse(
        "reports:session_detail", kwargs={"slug": session.partnership.slug, "pk": session.pk}
    )


def _question_url(question) -> str:
    return reverse(
        "reports:question_links",
        kwargs={"slug": question.session.partnership.slug, "pk": question.pk},
    )


def _visible_session(request, partnership, pk) -> ScrutinySession:
    session = get_object_or_404(
        ScrutinySession.objects.select_related("committee", "partnership"),
        partnership=partnership,
        pk=pk,
    )
    return require_visible(request.user, session, partnership)


@partnership_view()
def session_list(request, partnership):
    """Scrutiny sessions of the partnership, newest first; coordinators see what falls due."""
    sessions = selectors.sessions_visible(user=request.user, partnership=partnership)
    duties = None
    if is_coordinator(request.user, partnership):
        duties = compliance.compliance_calendar(
            partnership=partnership, on=_today(), user=request.user
        )
    return render(
        request,
        "reports/session_list.html",
        page_context(request, partnership, sessions=sessions, duties=duties, on=_today()),
    )


@partnership_view()
def session_detail(request, partnership, pk):
    """The pack: every area of questioning, its answer, and the records behind it."""
    session = _visible_session(request, partnership, pk)
    pack = selectors.scrutiny_pack(session=session, user=request.user)
    recommendations = session.recommendations.prefetch_related("addressed_to")
    return render(
        request,
        "reports/session_detail.html",
        page_context(request, partnership, pack=pack, recommendations=recommendations),
    )


@partnership_view()
def pack_docx(request, partnership, pk):
    """The pack as a Word document (A4)."""
    session = _visible_session(request, partnership, pk)
    pack = selectors.scrutiny_pack(session=session, user=request.user)
    response = HttpResponse(documents.pack_docx(pack), content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{documents.pack_filename(pack)}.docx"'
    return response


@partnership_view()
def pack_pdf(request, partnership, pk):
    """The pack as a PDF (A4), rendered from the page's own HTML."""
    session = _visible_session(request, partnership, pk)
    pack = selectors.scrutiny_pack(session=session, user=request.user)
    response = HttpResponse(documents.pack_pdf(pack), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.pack_filename(pack)}.pdf"'
    return response


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def session_create(request, partnership):
    """Record a scrutiny session."""
    form = SessionForm(request.POST or None, initial={"visibility": "public"})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Scrutiny session recorded")
            return redirect(_session_url(session))
    return form_page(
        request,
        partnership,
        form,
        title="Record a scrutiny session",
        back=reverse("reports:session_list", kwargs={"slug": partnership.slug}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def witness_add(request, partnership, pk):
    """Add a witness in the role they appear in on the day."""
    session = get_object_or_404(ScrutinySession, partnership=partnership, pk=pk)
    form = WitnessForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.witness_add(session=session, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Witness added")
            return redirect(_session_url(session))
    return form_page(
        request,
        partnership,
        form,
        title="Add a witness",
        caption=str(session),
        back=_session_url(session),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def question_add(request, partnership, pk):
    """Add an area of questioning after the last one."""
    session = get_object_or_404(ScrutinySession, partnership=partnership, pk=pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = services.question_add(session=session, **form.cleaned_data)
        messages.success(request, f"Area of questioning {question.number} added")
        return redirect(_session_url(session))
    return form_page(
        request,
        partnership,
        form,
        title="Add an area of questioning",
        caption=str(session),
        back=_session_url(session),
    )


def _question(partnership, pk) -> Question:
    return get_object_or_404(
        Question.objects.select_related("session", "session__partnership"),
        session__partnership=partnership,
        pk=pk,
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def question_answer(request, partnership, pk):
    """Write the short answer to an area of questioning."""
    question = _question(partnership, pk)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        services.question_answer(question=question, **form.cleaned_data)
        messages.success(request, f"Answer to area {question.number} saved")
        return redirect(_question_url(question))
    return form_page(
        request,
        partnership,
        form,
        title=f"Answer area of questioning {question.number}",
        caption=question.text,
        back=_question_url(question),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def question_links(request, partnership, pk):
    """The records linked to a question: accept or reject suggestions; POST asks for more."""
    question = _question(partnership, pk)
    if request.method == "POST":
        made = services.answer_links_suggest(question=question)
        messages.success(request, f"{len(made)} new records suggested")
        return redirect(_question_url(question))
    rows = selectors.question_suggestions(question=question, user=request.user)
    return render(
        request,
        "reports/question_links.html",
        page_context(request, partnership, question=question, rows=rows),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def link_add(request, partnership, pk):
    """Link a record of any kind to a question by its number."""
    question = _question(partnership, pk)
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_link_accept(question=question, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Record linked")
            return redirect(_question_url(question))
    return form_page(
        request,
        partnership,
        form,
        title="Link a record",
        caption=question.text,
        back=_question_url(question),
    )


@partnership_view(Access.COORDINATOR)
@require_POST
def link_decide(request, partnership, pk):
    """Accept or reject a suggested record."""
    link = get_object_or_404(
        AnswerLink.objects.select_related("question__session__partnership"),
        question__session__partnership=partnership,
        pk=pk,
    )
    if request.POST.get("decision") == "accept":
        services.answer_link_accept(
            question=link.question, kind=link.kind, object_id=link.object_id
        )
        messages.success(request, "Record accepted")
    else:
        services.answer_link_reject(link=link)
        messages.success(request, "Record rejected")
    return redirect(_question_url(link.question))


# Recommendations -----------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


@partnership_view()
def tracker(request, partnership):
    """Recommendations and responses, overdue responses first."""
    recs = selectors.recommendations_tracker(
        user=request.user, partnership=partnership, on=_today()
    )
    for r in recs:
        r.bodies_seen = [b for b in r.addressed_to.all() if can_view(request.user, b, partnership)]
        r.copies_seen = [c for c in r.copies.all() if can_view(request.user, c.body, partnership)]
        r.actions_seen = [a for a in r.actions.all() if can_view(request.user, a, partnership)]
    return render(
        request,
        "reports/tracker.html",
        page_context(
            request, partnership, recs=recs, overdue=sum(r.overdue for r in recs), today=_today()
        ),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def recommendation_add(request, partnership, pk):
    """Record a recommendation the committee made after the session."""
    session = get_object_or_404(ScrutinySession, partnership=partnership, pk=pk)
    form = RecommendationForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.recommendation_add(
                session=session,
                text=data["text"],
                addressed_to=list(data["addressed_to"]),
                response_due=data["response_due"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Recommendation recorded")
            return redirect(_session_url(session))
    return form_page(
        request,
        partnership,
        form,
        title="Record a recommendation",
        caption=str(session),
        back=_session_url(session),
    )


def _recommendation(partnership, pk) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.select_related("session"), session__partnership=partnership, pk=pk
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def recommendation_respond(request, partnership, pk):
    """Record the response to a recommendation."""
    rec = _recommendation(partnership, pk)
    form = ResponseForm(
        request.POST or None,
        partnership=partnership,
        initial={
            "status": rec.status,
            "response_text": rec.response_text,
            "responded_on": rec.responded_on,
            "actions": list(rec.actions.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.recommendation_respond(
                recommendation=rec, **{**data, "actions": list(data["actions"])}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Response recorded")
            return redirect("reports:tracker", slug=partnership.slug)
    return form_page(
        request,
        partnership,
        form,
        title=f"Response to recommendation {rec.number}",
        caption=rec.text,
        back=reverse("reports:tracker", kwargs={"slug": partnership.slug}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def copy_record(request, partnership, pk):
    """Record the copies of a recommendation sent to the bodies (PJA 2006 s19)."""
    rec = _recommendation(partnership, pk)
    form = CopyForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = services.copy_sent_record(
            recommendation=rec, bodies=list(data["bodies"]), sent_on=data["sent_on"]
        )
        messages.success(request, f"{new} copies recorded")
        return redirect("reports:tracker", slug=partnership.slug)
    return form_page(
        request,
        partnership,
        form,
        title=f"Copies of recommendation {rec.number}",
        caption=rec.text,
        back=reverse("reports:tracker", kwargs={"slug": partnership.slug}),
    )


# Compliance ----------------------------------------------------------------------------------


def _on(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return _today()


@partnership_view()
def compliance_page(request, partnership):
    """Each statutory duty: due date, status, and the evidence for each "met"."""
    on = _on(request)
    duties = compliance.compliance_calendar(partnership=partnership, on=on, user=request.user)
    return render(
        request,
        "reports/compliance.html",
        page_context(request, partnership, duties=duties, on=on),
    )


@partnership_view()
def compliance_ics(request, partnership):
    """The statutory duties' due dates as an iCalendar feed (names and dates only)."""
    duties = compliance.compliance_calendar(partnership=partnership, on=_today(), user=None)
    events = [
        {
            "uid": f"{partnership.slug}-{d.key}-{d.due.isoformat()}",
            "summary": f"Due: {d.duty}",
            "date": d.due,
            "url": reverse("reports:compliance", kwargs={"slug": partnership.slug}),
        }
        for d in duties
        if d.due
    ]
    body = calendar(f"{partnership.name}: statutory duties", events, base_url=site_base(request))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# Board updates and annual reports ----------------------------------------------------------
# One model and one flow: each view takes `kind` ("board" or "annual") from its URL.

NOUN = {"board": "Board update", "annual": "Annual report"}


def _board_url(report) -> str:
    return reverse(
        f"reports:{report.kind}_detail", kwargs={"slug": report.partnership.slug, "pk": report.pk}
    )


def _board(request, partnership, pk, kind) -> BoardReport:
    report = get_object_or_404(BoardReport, partnership=partnership, pk=pk, kind=kind)
    if report.status == BoardStatus.DRAFT and not is_coordinator(request.user, partnership):
        raise Http404(f"No such {NOUN[kind].lower()}")
    return report


def _filename(report, ext: str) -> str:
    stem = "board-update" if report.kind == "board" else "annual-report"
    return f'attachment; filename="{stem}-{report.quarter}-v{report.version}.{ext}"'


@partnership_view()
def board_list(request, partnership, kind="board"):
    """Board updates (or annual reports): issued ones for everyone, drafts for coordinators."""
    reports = BoardReport.objects.filter(partnership=partnership, kind=kind)
    if not is_coordinator(request.user, partnership):
        reports = reports.filter(status=BoardStatus.ISSUED)
    return render(
        request,
        "reports/board_list.html",
        page_context(request, partnership, reports=reports, kind=kind, noun=NOUN[kind]),
    )


@partnership_view()
def board_detail(request, partnership, pk, kind="board"):
    """A board update or annual report as this reader may see it."""
    report = _board(request, partnership, pk, kind)
    content, left_out = board.board_for_reader(
        report.content, user=request.user, partnership=partnership
    )
    return render(
        request,
        "reports/board_detail.html",
        page_context(
            request,
            partnership,
            report=report,
            c=content,
            left_out=left_out,
            sections=board.sections_for(content),
            kind=kind,
            noun=NOUN[kind],
        ),
    )


@partnership_view()
def board_docx(request, partnership, pk, kind="board"):
    """A board update or annual report as a Word document (A4)."""
    report = _board(request, partnership, pk, kind)
    content, left_out = board.board_for_reader(
        report.content, user=request.user, partnership=partnership
    )
    response = HttpResponse(
        documents.board_docx(report, content, left_out), content_type=documents.DOCX_TYPE
    )
    response["Content-Disposition"] = _filename(report, "docx")
    return response


@partnership_view()
def board_pdf(request, partnership, pk, kind="board"):
    """A board update or annual report as a PDF (A4), from the page's own markup."""
    report = _board(request, partnership, pk, kind)
    content, left_out = board.board_for_reader(
        report.content, user=request.user, partnership=partnership
    )
    response = HttpResponse(
        documents.board_pdf(report, content, left_out), content_type="application/pdf"
    )
    response["Content-Disposition"] = _filename(report, "pdf")
    return response


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def board_create(request, partnership, kind="board"):
    """Draft a quarter's board update (or a year's annual report) from the record in one click."""
    form = (AnnualDraftForm if kind == "annual" else BoardDraftForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if kind == "annual":
            report = services.annual_report_draft(partnership=partnership, **form.cleaned_data)
        else:
            report = services.board_report_draft(partnership=partnership, **form.cleaned_data)
        messages.success(request, f"{NOUN[kind]} drafted from the record")
        return redirect(_board_url(report))
    return form_page(
        request,
        partnership,
        form,
        title=f"Draft {'an annual report' if kind == 'annual' else 'a board update'}",
        back=reverse(f"reports:{kind}_list", kwargs={"slug": partnership.slug}),
        submit="Draft from the record",
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def board_edit(request, partnership, pk, kind="board"):
    """Edit a draft's chair's narrative."""
    report = get_object_or_404(
        BoardReport, partnership=partnership, pk=pk, kind=kind, status=BoardStatus.DRAFT
    )
    form = BoardNarrativeForm(request.POST or None, initial={"narrative": report.narrative})
    if request.method == "POST" and form.is_valid():
        services.board_report_edit(report=report, **form.cleaned_data)
        messages.success(request, "Narrative saved")
        return redirect(_board_url(report))
    return form_page(
        request,
        partnership,
        form,
        title="Chair's narrative",
        caption=str(report),
        back=_board_url(report),
    )


@partnership_view(Access.COORDINATOR)
@require_POST
def board_issue(request, partnership, pk, kind="board"):
    """Issue a draft (freezing it), or start a new version of an issued report."""
    report = get_object_or_404(BoardReport, partnership=partnership, pk=pk, kind=kind)
    if report.status == BoardStatus.DRAFT:
        services.board_report_issue(report=report, on=_today())
        messages.success(request, f"Version {report.version} issued")
    else:
        report = services.board_report_reissue(report=report)
        messages.success(request, f"Version {report.version} drafted")
    return redirect(_board_url(report))


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def plan_sent_create(request, partnership):
    """Record that a plan was sent to the Police and Crime Commissioner (reg 13A)."""
    form = PlanSentForm(
        request.POST or None, partnership=partnership, initial={"visibility": "partners"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_sent_to_pcc_record(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Recorded")
            return redirect("reports:compliance", slug=partnership.slug)
    return form_page(
        request,
        partnership,
        form,
        title="Record the plan sent to the Police and Crime Commissioner",
        back=reverse("reports:compliance", kwargs={"slug": partnership.slug}),
    )


@partnership_view(Access.COORDINATOR)
@require_http_methods(["GET", "POST"])
def data_receipt_create(request, partnership):
    """Record a quarter's depersonalised data received from a responsible authority (s17A)."""
    form = DataReceiptForm(
        request.POST or None, partnership=partnership, initial={"visibility": "partners"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.data_receipt_record(partnership=partnership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Recorded")
            return redirect("reports:compliance", slug=partnership.slug)
    return form_page(
        request,
        partnership,
        form,
        title="Record data received from a responsible authority",
        back=reverse("reports:compliance", kwargs={"slug": partnership.slug}),
    )


# The partnership plan document --------------------------------------------------------------


def _plan_document(request, partnership, pk):
    plan = get_object_or_404(
        Plan.objects.select_related("partnership"), partnership=partnership, pk=pk
    )
    require_visible(request.user, plan, partnership)
    return plan_document(user=request.user, plan=plan)


@partnership_view()
def plan_document_page(request, partnership, pk):
    """A plan for its year as a document: priorities, objectives, targets, measures, owners,
    themes, as this reader may see them."""
    doc = _plan_document(request, partnership, pk)
    return render(
        request, "reports/plan_document.html", page_context(request, partnership, doc=doc)
    )


@partnership_view()
def plan_docx(request, partnership, pk):
    """The plan document as Word (A4)."""
    doc = _plan_document(request, partnership, pk)
    response = HttpResponse(documents.plan_docx(doc), content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{documents.plan_filename(doc)}.docx"'
    return response


@partnership_view()
def plan_pdf(request, partnership, pk):
    """The plan document as PDF (A4)."""
    doc = _plan_document(request, partnership, pk)
    response = HttpResponse(documents.plan_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.plan_filename(doc)}.pdf"'
    return response
