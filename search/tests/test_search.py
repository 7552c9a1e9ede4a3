"""Full-text search over the record, on whichever database the tests run (SQLite or PostgreSQL)."""

import datetime as dt
import io
import json

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from core import search
from core.models import SearchEntry, Visibility
from meetings import services as meetings
from meetings.models import Item
from partnership.services import person_create
from plan.services import priority_create
from search.selectors import search_records

pytestmark = pytest.mark.django_db


def _find(partnership, text, user=None, **kw):
    return search_records(user=user, partnership=partnership, text=text, **kw)


def _kinds(results):
    return {h.kind for h in results.hits}


def _meeting(world, *, visibility=Visibility.PUBLIC, group=None, date=dt.date(2011, 1, 20)):
    return meetings.meeting_create(
        partnership=world.partnership,
        group=group or world.groups["public"],
        date=date,
        visibility=visibility,
    )


def _approved(world, meeting):
    """Circulate and approve a meeting's minutes (at a later meeting): from then on the minute
    text is found at each item's own visibility, by the public too."""
    meetings.minutes_circulate(meeting=meeting)
    later = _meeting(world, group=meeting.group, date=meeting.date + dt.timedelta(days=30))
    meetings.minutes_approve(meeting=meeting, approved_at=later)
    return meeting


# The demo's record ---------------------------------------------------------------------------


def test_cctv_finds_the_demo_cctv_decision(demo):
    results = _find(demo, "CCTV")
    titles = [h.title for h in results.hits if h.kind == "decision"]
    assert titles == ["CCTV: investigate a shared control centre with Medway Council"]
    decision = next(h for h in results.hits if h.kind == "decision")
    assert "<mark>CCTV</mark>" in str(decision.snippet)
    # The scrutiny committee's CCTV questions (seed 000) are found too.
    assert "scrutiny_question" in _kinds(results)


def test_cctv_finds_a_decision_and_the_minute_item_it_was_made_at(world):
    meeting = _meeting(world)
    item = meetings.item_create(
        meeting=meeting,
        number="4",
        title="Town centre cameras",
        minutes="The group discussed moving CCTV monitoring to Medway.",
    )
    meetings.decision_create(
        made_by_role="Cabinet Member",
        partnership=world.partnership,
        title="CCTV: investigate a shared control centre",
        made_on=meeting.date,
        item=item,
    )
    assert _kinds(_find(world.partnership, "cctv")) == {"decision"}  # draft minutes
    assert _kinds(_find(world.partnership, "cctv", world.users["coordinator"])) == {
        "decision",
        "item",
    }
    _approved(world, meeting)
    assert _kinds(_find(world.partnership, "cctv")) == {"decision", "item"}


def test_porchlight_finds_the_funding_request_and_the_minute(demo):
    # The minutes of 25 November 2010 are circulated: partners find the minute, the public not.
    assert "item" not in _kinds(_find(demo, "Porchlight"))
    results = _find(demo, "Porchlight", User.objects.get(email="viewer@example.org"))
    assert {"request", "item"} <= _kinds(results)
    item = next(h for h in results.hits if h.kind == "item")
    assert item.title == "8.1 SMP funding requests"
    meeting_id = Item.objects.get(pk=item.id).meeting_id
    assert item.url == reverse(
        "meetings:meeting_detail", kwargs={"slug": demo.slug, "pk": meeting_id}
    )
    request = next(h for h in results.hits if h.kind == "request")
    assert request.title == "Porchlight outreach for street homelessness"


def test_load_demo_leaves_the_index_built(db):
    call_command("load_demo", stdout=io.StringIO())
    assert SearchEntry.objects.filter(kind="request", title__icontains="Porchlight").exists()


# Language ------------------------------------------------------------------------------------


def test_priorities_finds_priority_by_its_stem(world):
    priority = priority_create(
        partnership=world.partnership,
        year=2011,
        name="Night-time economy",
        rationale="A priority for the town centre at night.",
        visibility=Visibility.PUBLIC,
    )
    results = _find(world.partnership, "priorities")
    assert [(h.kind, h.id) for h in results.hits] == [("priority", priority.pk)]
    assert "<mark>priority</mark>" in str(results.hits[0].snippet)


def test_a_phrase_in_quotes_matches_only_those_words_together(world):
    meeting = _meeting(world)
    meetings.item_create(
        meeting=meeting, number="1", title="Outreach", minutes="Street homelessness outreach."
    )
    meetings.item_create(
        meeting=meeting, number="2", title="Other", minutes="Homelessness on the high street."
    )
    _approved(world, meeting)
    assert _find(world.partnership, '"street homelessness"').total == 1
    assert _find(world.partnership, "street homelessness").total == 2
    assert _find(world.partnership, "homelessness -outreach").total == 1


@pytest.mark.parametrize(
    "text",
    ['"unbalanced', "NEAR(a b)", "*", "AND OR NOT", "title:secret", "-", "a\x00b", "'; DROP", "^x"],
)
def test_query_syntax_is_never_passed_to_the_engine(world, text):
    results = _find(world.partnership, text)
    assert results.total >= 0


def test_snippet_escapes_the_record_text(world):
    meeting = _meeting(world)
    meetings.item_create(
        meeting=meeting, number="1", title="Script", minutes="<script>alert(1)</script> bonfire"
    )
    _approved(world, meeting)
    snippet = str(_find(world.partnership, "bonfire").hits[0].snippet)
    assert "<script" not in snippet  # escaped on SQLite; PostgreSQL's parser drops tags
    assert "<mark>bonfire</mark>" in snippet


# Filters and pages ---------------------------------------------------------------------------


def test_kind_group_and_date_filters(world):
    early = _meeting(world, date=dt.date(2010, 5, 1))
    late = _meeting(world, date=dt.date(2011, 5, 1), group=world.groups["partners"])
    meetings.item_create(meeting=early, number="1", title="Graffiti", minutes="Graffiti removal")
    meetings.item_create(meeting=late, number="1", title="Graffiti", minutes="Graffiti again")
    meetings.decision_create(
        made_by_role="Cabinet Member",
        partnership=world.partnership,
        title="Graffiti wall",
        made_on=dt.date(2011, 6, 1),
    )
    coordinator = world.users["coordinator"]
    p = world.partnership
    assert _find(p, "graffiti", coordinator).total == 3
    assert _find(p, "graffiti", coordinator, kind="decision").total == 1
    assert _find(p, "graffiti", coordinator, group=world.groups["partners"]).total == 1
    dated = _find(p, "graffiti", coordinator, date_from=dt.date(2011, 1, 1))
    assert {h.date for h in dated.hits} == {dt.date(2011, 5, 1), dt.date(2011, 6, 1)}
    assert _find(p, "graffiti", coordinator, date_to=dt.date(2010, 12, 31)).total == 1


def test_results_are_paged(world):
    for n in range(25):
        meetings.decision_create(
            made_by_role="Cabinet Member",
            partnership=world.partnership,
            title=f"Lighting decision {n}",
            made_on=dt.date(2011, 1, 1) + dt.timedelta(days=n),
        )
    first = _find(world.partnership, "lighting")
    second = _find(world.partnership, "lighting", page=2)
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (25, 2, 20, 5)
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    assert _find(world.partnership, "lighting", page=99).page == 2


# Visibility ----------------------------------------------------------------------------------


def test_restricted_words_find_nothing_for_those_who_may_not_read_them(world, client_for):
    meeting = _meeting(world)
    meetings.item_create(
        meeting=meeting,
        number="1",
        title="Case conference",
        minutes="Zanzibarquux family referred to MARAC.",
        visibility=Visibility.RESTRICTED,
        restricted_to=[world.member_person],
    )
    meetings.item_create(meeting=meeting, number="2", title="MARAC", minutes="MARAC update.")
    p = world.partnership
    # Draft minutes: only coordinators of the partnership, even the named member not yet.
    assert _find(p, "Zanzibarquux", world.users["member"]).total == 0
    assert _find(p, "Zanzibarquux", world.users["coordinator"]).total == 1
    _approved(world, meeting)
    assert _find(p, "Zanzibarquux").total == 0
    assert _find(p, "Zanzibarquux", world.users["viewer"]).total == 0
    assert _find(p, "Zanzibarquux", world.users["other_coordinator"]).total == 0
    assert _find(p, "Zanzibarquux", world.users["member"]).total == 1
    assert _find(p, "Zanzibarquux", world.users["coordinator"]).total == 1
    # Nor does a word shared with a public record bring the restricted text into a snippet.
    meetings.minutes_lock(meeting=meeting)
    public = _find(p, "MARAC")
    assert public.total == 1
    assert "Zanzibarquux" not in str(public.hits[0].snippet)
    url = reverse("search:search", kwargs={"slug": p.slug})
    page = client_for("anonymous").get(url, {"q": "MARAC Zanzibarquux"})
    assert page.status_code == 200
    assert "Zanzibarquux family" not in page.content.decode()
    assert "0 results" in page.content.decode()


def test_a_public_item_of_a_hidden_meeting_or_group_is_hidden(world):
    restricted = _meeting(world, visibility=Visibility.RESTRICTED)
    meetings.item_create(meeting=restricted, number="1", title="Quokkaword", minutes="Quokkaword")
    of_hidden_group = _meeting(world, group=world.groups["partners"])
    meetings.item_create(meeting=of_hidden_group, number="1", title="Wombatword", minutes="")
    _approved(world, restricted)
    _approved(world, of_hidden_group)
    p = world.partnership
    assert _find(p, "Quokkaword").total == 0
    assert _find(p, "Quokkaword", world.users["member"]).total == 0
    assert _find(p, "Quokkaword", world.users["coordinator"]).total == 1
    assert _find(p, "Wombatword").total == 0
    assert _find(p, "Wombatword", world.users["viewer"]).total == 1


def test_changing_a_meeting_visibility_reindexes_its_items(world):
    meeting = _meeting(world)
    meetings.item_create(meeting=meeting, number="1", title="Fireworks", minutes="Fireworks")
    _approved(world, meeting)
    assert _find(world.partnership, "fireworks").total == 1
    meetings.meeting_update(meeting=meeting, visibility=Visibility.PARTNERS)
    assert _find(world.partnership, "fireworks").total == 0
    assert _find(world.partnership, "fireworks", world.users["viewer"]).total == 1


def test_editing_an_item_replaces_its_words(world):
    meeting = _meeting(world)
    item = meetings.item_create(meeting=meeting, number="1", title="Parking", minutes="Verges")
    meetings.item_update(item=item, minutes="Pavements")
    coordinator = world.users["coordinator"]
    assert _find(world.partnership, "verges", coordinator).total == 0
    assert _find(world.partnership, "pavements", coordinator).total == 1


def test_kinds_offered_are_only_those_the_reader_could_find(world):
    person_create(
        partnership=world.partnership,
        name="Hidden Person",
        initials="HP",
        visibility=Visibility.RESTRICTED,
    )
    search.reindex(partnership=world.partnership)
    reader = search.Reader()
    kinds = dict(search.kinds_for(partnership_id=world.partnership.pk, reader=reader))
    assert "person" in kinds  # the world's public person
    entries = SearchEntry.objects.filter(partnership=world.partnership, kind="person")
    assert entries.filter(visibility=Visibility.RESTRICTED).exists()


# Papers --------------------------------------------------------------------------------------


def test_paper_text_from_docx_is_found(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    meeting = _meeting(world)
    item = meetings.item_create(meeting=meeting, number="1", title="Papers", minutes="")
    document = docx.Document()
    document.add_paragraph("The Nightsafe scheme reduced disorder.")
    data = io.BytesIO()
    document.save(data)
    upload = SimpleUploadedFile("nightsafe.docx", data.getvalue())
    meetings.paper_add(item=item, title="Evaluation", upload=upload)
    assert _find(world.partnership, "nightsafe scheme").hits == []  # draft, agenda unpublished
    coordinator = world.users["coordinator"]
    assert _kinds(_find(world.partnership, "nightsafe scheme", coordinator)) == {"paper"}
    meetings.agenda_publish(meeting=meeting)  # papers go with the published agenda
    results = _find(world.partnership, "nightsafe scheme")
    assert [(h.kind, h.title) for h in results.hits] == [("paper", "Evaluation")]


# Interfaces ----------------------------------------------------------------------------------


def test_search_page_lists_linked_results_and_filters(world, client_for):
    meeting = _meeting(world)
    meetings.item_create(meeting=meeting, number="3", title="Speedwatch", minutes="Speedwatch")
    _approved(world, meeting)
    url = reverse("search:search", kwargs={"slug": world.slug})
    page = client_for("anonymous").get(url, {"q": "speedwatch", "kind": "item"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 result for" in html
    assert reverse("meetings:meeting_detail", kwargs={"slug": world.slug, "pk": meeting.pk}) in html
    assert "20 January 2011" in html


def test_search_page_says_what_is_wrong_with_a_date(world, client_for):
    url = reverse("search:search", kwargs={"slug": world.slug})
    page = client_for("anonymous").get(url, {"q": "x", "from": "2011-02-01", "to": "2011-01-01"})
    assert page.status_code == 400
    assert "must be the same as or after" in page.content.decode()


def test_header_search_box_on_partnership_pages(world, client_for):
    page = client_for("anonymous").get(reverse("partnership:overview", kwargs={"slug": world.slug}))
    assert 'id="csp-header-q"' in page.content.decode()


def test_search_command_prints_json_as_the_public_unless_as(world):
    meeting = _meeting(world)
    meetings.item_create(meeting=meeting, number="1", title="Open", minutes="Skateboarding")
    meetings.item_create(
        meeting=meeting,
        number="2",
        title="Closed",
        minutes="Skateboarding",
        visibility=Visibility.PARTNERS,
    )
    _approved(world, meeting)
    out = io.StringIO()
    call_command("search", "skateboarding", partnership=world.slug, format="json", stdout=out)
    public = json.loads(out.getvalue())
    assert [r["title"] for r in public["results"]] == ["1 Open"]
    assert set(public["results"][0]) == {"kind", "id", "title", "date", "url", "snippet"}
    assert public["results"][0]["date"] == "2011-01-20"
    out = io.StringIO()
    email = User.objects.get(pk=world.users["viewer"].pk).email
    call_command(
        "search", "skateboarding", partnership=world.slug, format="json", as_email=email, stdout=out
    )
    assert len(json.loads(out.getvalue())["results"]) == 2


def test_search_reindex_rebuilds_the_index(world):
    meeting = _meeting(world)
    meetings.item_create(meeting=meeting, number="1", title="Litter", minutes="Litter picks")
    _approved(world, meeting)
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("search_reindex", partnership=world.slug, stdout=out)
    assert "Indexed" in out.getvalue()
    assert _find(world.partnership, "litter").total == 1


def test_a_word_found_everywhere_ranks_the_first_matches_and_says_there_are_more(
    world, monkeypatch
):
    monkeypatch.setattr(search, "MAX_MATCHES", 3)
    for n in range(5):
        meetings.decision_create(
            made_by_role="Cabinet Member",
            partnership=world.partnership,
            title=f"Litter decision {n}",
            made_on=dt.date(2011, 1, 1),
        )
    results = _find(world.partnership, "litter")
    assert (results.total, results.more, len(results.hits)) == (3, True, 3)
    assert not _find(world.partnership, '"litter decision 4"').more


def test_scrutiny_questions_and_answers_are_found_as_their_session_allows(demo):
    """Scrutiny questions are indexed by the reports services, at their session's visibility."""
    from reports.models import Committee, ScrutinySession, SessionType
    from reports.services import question_add, question_answer

    committee = Committee.objects.create(partnership=demo, name="Test committee", council="X")
    session = ScrutinySession.objects.create(
        partnership=demo,
        committee=committee,
        date=dt.date(2012, 3, 1),
        session_type=SessionType.ANNUAL_REVIEW,
        title="Annual review",
        visibility=Visibility.PARTNERS,
    )
    question = question_add(session=session, text="How are zebracrossings funded")
    question_answer(question=question, answer="From the quokkafund")
    assert _find(demo, "quokkafund").hits == []
    coordinator = User.objects.get(email="coordinator@example.org")
    assert _kinds(_find(demo, "zebracrossings", user=coordinator)) == {"scrutiny_question"}
    assert _kinds(_find(demo, "quokkafund", user=coordinator)) == {"scrutiny_question"}


def test_board_updates_are_found_by_their_narrative_once_issued(demo):
    """A draft board update is for coordinators; issued, its narrative is found by everyone."""
    from reports.services import board_report_draft, board_report_issue

    report = board_report_draft(
        partnership=demo, quarter="2010-Q3", narrative="The wombatline pilot went well."
    )
    coordinator = User.objects.get(email="coordinator@example.org")
    assert _find(demo, "wombatline").hits == []
    assert _kinds(_find(demo, "wombatline", user=coordinator)) == {"board_report"}
    board_report_issue(report=report, on=dt.date(2011, 1, 20))
    assert _kinds(_find(demo, "wombatline")) == {"board_report"}


def test_draft_minute_text_is_found_only_by_coordinators_until_the_minutes_are_approved(world):
    """The minutes' own rule (meetings.selectors.minutes_readable, agenda_readable): a word only
    in draft minute text finds nothing for the public or members; the published agenda gives the
    title alone; circulated minutes go to the partners; approved, to everyone."""
    meeting = _meeting(world)
    meetings.item_create(
        meeting=meeting, number="1", title="Zanzibar matters", minutes="Quokkadraft words"
    )
    p = world.partnership
    coordinator, member = world.users["coordinator"], world.users["member"]
    assert _find(p, "Quokkadraft").total == 0
    assert _find(p, "Quokkadraft", member).total == 0
    assert _find(p, "Zanzibar").total == 0
    assert _find(p, "Quokkadraft", coordinator).total == 1
    meetings.agenda_publish(meeting=meeting)
    assert _kinds(_find(p, "Zanzibar")) == {"agenda_item"}  # the agenda title, not the text
    assert _find(p, "Quokkadraft").total == 0
    assert _find(p, "Quokkadraft", member).total == 0
    assert "Quokkadraft" not in str(_find(p, "Zanzibar").hits[0].snippet)
    assert _find(p, "Quokkadraft", coordinator).total == 1
    meetings.minutes_circulate(meeting=meeting)
    assert _find(p, "Quokkadraft").total == 0
    assert _find(p, "Quokkadraft", member).total == 1
    assert _find(p, "Quokkadraft", world.users["viewer"]).total == 1
    assert _kinds(_find(p, "Zanzibar")) == {"agenda_item"}  # the public's title still
    assert _kinds(_find(p, "Zanzibar", member)) == {"agenda_item", "item"}
    search.reindex(partnership=p)  # a rebuilt index says the same
    assert _kinds(_find(p, "Zanzibar")) == {"agenda_item"}
    assert _find(p, "Quokkadraft").total == 0
    later = _meeting(world, date=meeting.date + dt.timedelta(days=30))
    meetings.minutes_approve(meeting=meeting, approved_at=later)
    assert _find(p, "Quokkadraft").total == 1
    assert _kinds(_find(p, "Zanzibar")) == {"item"}  # the agenda's entry gone with the draft
    search.reindex(partnership=p)
    assert _find(p, "Quokkadraft").total == 1
