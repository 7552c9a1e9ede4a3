"""Full-text search over the whole record, hiding which engine answers.

PostgreSQL: a stored tsvector on `SearchEntry.vector` (GIN index), `websearch_to_tsquery`,
`ts_rank` and `ts_headline`. SQLite: an FTS5 table (porter stemmer) keyed by the entry's id,
`bm25()` and `snippet()`. Both stem English ("priorities" finds "priority") and take phrases
in quotes.

Every indexable model provides `search_document()` returning a `Document` (or None when the
record should not be found), and may provide `search_dependants()` — the records whose entries
inherit its visibility (a meeting's items and actions) — and `search_companions()`: objects
giving a second entry of the same record at another visibility (an item's published agenda
title beside its minute text), each with a `search_record_type`, a `pk` and a
`search_document()`, indexed and removed with the record. The apps' write services call
`index(record)` / `remove(record)`; there are no signals and no registry: `reindex` finds the
models by their method.

Visibility is filtered in the query: an entry stores the strictest visibility of the record and
the parents it inherits from and, when restricted, the ids of the people named on every
restricted level (`visible_entries_q`). Coordinators see everything, as
`accounts.permissions.visible_q` says; the caller passes the reader's access and person id.
"""

import dataclasses
import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from markupsafe import Markup, escape

from core.models import SearchEntry, Visibility

# Markers put around matched words by the engine, replaced by <mark> after escaping the text.
_START, _STOP = "\x02", "\x03"
_STRICTNESS = {Visibility.PUBLIC: 0, Visibility.PARTNERS: 1, Visibility.RESTRICTED: 2}
PAGE_SIZE = 20
# A query matching more records than this ranks the first MAX_MATCHES found and says "more
# than 1,000": ranking every record of a word found everywhere would cost more than it helps.
MAX_MATCHES = 1000
MAX_QUERY = 200


@dataclasses.dataclass
class Document:
    """What a record gives the index. `chain` is the record and every parent whose visibility
    it inherits (an item, its meeting, the meeting's group)."""

    kind: str
    kind_label: str
    title: str
    body: str
    partnership_id: int
    url: str
    chain: Sequence
    date: dt.date | None = None
    group_id: int | None = None


@dataclasses.dataclass
class Reader:
    """Who is searching: access 0 public, 1 viewer, 2 member, 3 coordinator (accounts'
    `Access`), and their Person id in the partnership, if any."""

    access: int = 0
    person_id: int | None = None


@dataclasses.dataclass
class Hit:
    kind: str
    kind_label: str
    id: int
    title: str
    date: dt.date | None
    url: str
    snippet: Markup


@dataclasses.dataclass
class Results:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    terms: str
    more: bool = False  # more than MAX_MATCHES matched: the best of the first are shown


def _record_type(record) -> str:
    """A model's label, or a companion's own `search_record_type` (a second entry of a record)."""
    return getattr(record, "search_record_type", None) or record._meta.label_lower


def effective_visibility(chain: Sequence) -> tuple[str, str]:
    """The strictest visibility of the chain and, if restricted, the readers named on every
    restricted level, as " 3 7 " (empty: only coordinators)."""
    level = max((_STRICTNESS[Visibility(r.visibility)] for r in chain), default=0)
    visibility = [v for v, n in _STRICTNESS.items() if n == level][0]
    if visibility != Visibility.RESTRICTED:
        return visibility, ""
    readers: set[int] | None = None
    for r in chain:
        if r.visibility == Visibility.RESTRICTED:
            ids = set(r.restricted_to.values_list("pk", flat=True))
            readers = ids if readers is None else readers & ids
    return visibility, (" " + " ".join(str(i) for i in sorted(readers)) + " ") if readers else ""


def _clean(text: str) -> str:
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", text or "")


def _fts_table() -> bool:
    return connection.vendor == "sqlite"


def _write(entry: SearchEntry) -> None:
    """Put the entry's text into the engine's index."""
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(
            vector=SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
        )
    elif _fts_table():
        with connection.cursor() as c:
            c.execute("DELETE FROM core_searchentry_fts WHERE rowid = %s", [entry.pk])
            c.execute(
                "INSERT INTO core_searchentry_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [entry.pk, entry.title, entry.body],
            )


def _delete_text(ids: Iterable[int]) -> None:
    ids = list(ids)
    if ids and _fts_table():
        with connection.cursor() as c:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                c.execute(f"DELETE FROM core_searchentry_fts WHERE rowid IN ({marks})", chunk)  # noqa: S608


def index(record, *, dependants: bool = True, _seen: set | None = None) -> None:
    """Add or refresh a record's entry (and those of the records inheriting its visibility)."""
    seen = _seen if _seen is not None else set()
    key = (_record_type(record), record.pk)
    if key in seen or record.pk is None or not hasattr(record, "search_document"):
        return
    seen.add(key)
    document = record.search_document()
    if document is None:
        remove(record)
    else:
        visibility, readers = effective_visibility(document.chain)
        with transaction.atomic():
            entry, _ = SearchEntry.objects.update_or_create(
                record_type=key[0],
                record_id=record.pk,
                defaults={
                    "partnership_id": document.partnership_id,
                    "kind": document.kind,
                    "kind_label": document.kind_label,
                    "title": _clean(document.title)[:300],
                    "body": _clean(document.body),
                    "date": document.date,
                    "group_id": document.group_id,
                    "visibility": visibility,
                    "restricted_ids": readers[:2000],
                    "url": document.url,
                },
            )
            _write(entry)
    for companion in getattr(record, "search_companions", lambda: [])():
        index(companion, dependants=False, _seen=seen)
    children = getattr(record, "search_dependants", None)
    if dependants and children is not None:
        for child in children():
            index(child, _seen=seen)


def remove(record) -> None:
    """Take a record's entry (and its dependants') out of the index."""
    for child in getattr(record, "search_dependants", lambda: [])():
        remove(child)
    for companion in getattr(record, "search_companions", lambda: [])():
        remove(companion)
    ids = list(
        SearchEntry.objects.filter(
            record_type=_record_type(record), record_id=record.pk
        ).values_list("pk", flat=True)
    )
    _delete_text(ids)
    SearchEntry.objects.filter(pk__in=ids).delete()


def indexable_models() -> list:
    """Every model that gives a search document (found by its method, not a registry)."""
    return [m for m in apps.get_models() if callable(getattr(m, "search_document", None))]


def reindex(*, partnership=None) -> int:
    """Rebuild the index (for one partnership, or all); return the number of entries."""
    with transaction.atomic():
        old = SearchEntry.objects.all()
        if partnership is not None:
            old = old.filter(partnership=partnership)
        _delete_text(old.values_list("pk", flat=True))
        old.delete()
        if partnership is None and _fts_table():
            with connection.cursor() as c:
                c.execute("DELETE FROM core_searchentry_fts")
        for model in indexable_models():
            qs = model.objects.all()
            if partnership is not None:
                qs = qs.filter(**{model.search_partnership_path: partnership})
            for record in qs.iterator(chunk_size=500):
                index(record, dependants=False)
        count = SearchEntry.objects.filter(
            **({"partnership": partnership} if partnership is not None else {})
        ).count()
    return count


# Reading -----------------------------------------------------------------------------------


def visible_entries_q(reader: Reader) -> Q:
    """The entries this reader may see (the same rule as accounts.permissions.visible_q)."""
    if reader.access >= 3:
        return Q()
    if reader.access < 1:
        return Q(visibility=Visibility.PUBLIC)
    q = Q(visibility__in=[Visibility.PUBLIC, Visibility.PARTNERS])
    if reader.person_id is not None:
        q |= Q(visibility=Visibility.RESTRICTED, restricted_ids__contains=f" {reader.person_id} ")
    return q


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def parse_query(text: str) -> tuple[list[list[str]], list[list[str]]]:
    """Split a query into phrases (lists of words) wanted and not wanted.

    Quoted text is a phrase; other words are single-word phrases; a leading "-" excludes.
    Only word characters survive, so nothing the user types is read as engine syntax.
    """
    wanted: list[list[str]] = []
    unwanted: list[list[str]] = []
    for m in _TOKEN.finditer((text or "")[:MAX_QUERY]):
        negate, phrase, bare = m.group(1), m.group(2), m.group(3)
        if phrase is None:
            negate = "-" if bare.startswith("-") and len(bare) > 1 else ""
            phrase = bare[1:] if negate else bare
            if phrase.lower() == "or":
                continue
        words = _WORD.findall(phrase)
        if words:
            (unwanted if negate else wanted).append(words)
    return wanted, unwanted


def _fts_match(wanted, unwanted) -> str:
    def quote(words):
        return '"' + " ".join(words) + '"'

    expression = " AND ".join(quote(w) for w in wanted)
    for words in unwanted:
        expression += f" NOT {quote(words)}"
    return expression


def _websearch(wanted, unwanted) -> str:
    parts = ['"' + " ".join(w) + '"' if len(w) > 1 else w[0] for w in wanted]
    parts += ["-" + ('"' + " ".join(w) + '"' if len(w) > 1 else w[0]) for w in unwanted]
    return " ".join(parts)


def _snippet(raw: str | None) -> Markup:
    text = escape(raw or "")
    return Markup(str(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S704 - escaped above


def search(
    *,
    partnership_id: int,
    reader: Reader,
    text: str,
    kind: str = "",
    group_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Results:
    """The page of entries the reader may see that match, best first, with snippets."""
    wanted, unwanted = parse_query(text)
    terms = " ".join(" ".join(w) for w in wanted)
    if not wanted:
        return Results(hits=[], total=0, page=1, pages=0, terms=terms)
    page = max(1, page)
    if connection.vendor != "postgresql":
        return _search_sqlite(
            _sqlite_where(partnership_id, reader, kind, group_id, date_from, date_to),
            wanted,
            unwanted,
            terms,
            page,
            page_size,
        )
    qs = SearchEntry.objects.filter(partnership_id=partnership_id).filter(visible_entries_q(reader))
    if kind:
        qs = qs.filter(kind=kind)
    if group_id is not None:
        qs = qs.filter(group_id=group_id)
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    return _search_postgres(qs, wanted, unwanted, terms, page, page_size)


def _sqlite_where(partnership_id, reader, kind, group_id, date_from, date_to):
    """The entry filters as SQL for the FTS5 join (the same rules as `visible_entries_q`)."""
    where, params = ["e.partnership_id = %s"], [partnership_id]
    if reader.access < 1:
        where.append("e.visibility = 'public'")
    elif reader.access < 3:
        if reader.person_id is not None:
            where.append(
                "(e.visibility IN ('public', 'partners') OR (e.visibility = 'restricted' "
                "AND instr(e.restricted_ids, %s) > 0))"
            )
            params.append(f" {reader.person_id} ")
        else:
            where.append("e.visibility IN ('public', 'partners')")
    if kind:
        where.append("e.kind = %s")
        params.append(kind)
    if group_id is not None:
        where.append("e.group_id = %s")
        params.append(group_id)
    if date_from is not None:
        where.append("e.date >= %s")
        params.append(date_from.isoformat())
    if date_to is not None:
        where.append("e.date <= %s")
        params.append(date_to.isoformat())
    return " AND ".join(where), params


def _ranked_page(rows, page: int, page_size: int):
    """Sort (id, score, date) rows best first (lower score is better), newest first within a
    score; return the page's ids, the total (capped), page, pages and whether there were more."""
    more = len(rows) > MAX_MATCHES
    rows = rows[:MAX_MATCHES]
    rows.sort(key=lambda r: (r[1], -(r[2].toordinal() if r[2] else 0), r[0]))
    total = len(rows)
    page, pages = _paged(total, page, page_size)
    ids = [r[0] for r in rows[(page - 1) * page_size : page * page_size]]
    return ids, total, page, pages, more


def _paged(total: int, page: int, page_size: int) -> tuple[int, int]:
    pages = max(1, -(-total // page_size)) if total else 0
    return min(page, max(pages, 1)), pages


def _search_postgres(qs, wanted, unwanted, terms, page, page_size) -> Results:
    query = SearchQuery(_websearch(wanted, unwanted), search_type="websearch", config="english")
    matched = qs.filter(vector=query).annotate(rank=SearchRank(F("vector"), query))
    found = [
        (pk, -rank, date)
        for pk, rank, date in matched.values_list("pk", "rank", "date")[: MAX_MATCHES + 1]
    ]
    ids, total, page, pages, more = _ranked_page(found, page, page_size)
    entries = SearchEntry.objects.in_bulk(ids)
    rows: list[dict[str, Any]] = [
        {
            "pk": e.pk,
            "kind": e.kind,
            "kind_label": e.kind_label,
            "record_id": e.record_id,
            "title": e.title,
            "date": e.date,
            "url": e.url,
            "body": e.body,
        }
        for e in (entries[i] for i in ids)
    ]
    # ts_headline only for the page shown (it re-parses the text).
    heads = dict(
        SearchEntry.objects.filter(pk__in=[r["pk"] for r in rows])
        .annotate(
            head=SearchHeadline(
                "body",
                query,
                config="english",
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .values_list("pk", "head")
    )
    hits = [
        Hit(
            kind=r["kind"],
            kind_label=r["kind_label"],
            id=r["record_id"],
            title=r["title"],
            date=r["date"],
            url=r["url"],
            snippet=_snippet(heads.get(r["pk"]) if r["body"] else ""),
        )
        for r in rows
    ]
    return Results(hits=hits, total=total, page=page, pages=pages, terms=terms, more=more)


def _search_sqlite(filters, wanted, unwanted, terms, page, page_size) -> Results:
    match = _fts_match(wanted, unwanted)
    where, where_params = filters
    base = (
        "FROM core_searchentry_fts f JOIN core_searchentry e ON e.id = f.rowid "  # noqa: S608
        f"WHERE core_searchentry_fts MATCH %s AND {where}"
    )
    params = [match, *where_params]
    with connection.cursor() as c:
        c.execute(
            f"SELECT e.id, bm25(core_searchentry_fts, 10.0, 1.0), e.date {base} LIMIT %s",  # noqa: S608
            [*params, MAX_MATCHES + 1],
        )
        found = [
            (pk, score, dt.date.fromisoformat(date) if isinstance(date, str) else date)
            for pk, score, date in c.fetchall()
        ]
        ids, total, page, pages, more = _ranked_page(found, page, page_size)
        snippets = {}
        if ids:
            marks = ",".join(["%s"] * len(ids))
            c.execute(
                "SELECT rowid, snippet(core_searchentry_fts, 1, %s, %s, ' … ', 24) "  # noqa: S608
                f"FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s "
                f"AND rowid IN ({marks})",
                [_START, _STOP, match, *ids],
            )
            snippets = dict(c.fetchall())
    entries = SearchEntry.objects.in_bulk(ids)
    rows = [
        (e.kind, e.kind_label, e.record_id, e.title, e.date, e.url, snippets.get(e.pk, ""))
        for e in (entries[i] for i in ids)
    ]
    hits = []
    for kind, label, record_id, title, date, url, snippet in rows:
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        hits.append(
            Hit(
                kind=kind,
                kind_label=label,
                id=record_id,
                title=title,
                date=date,
                url=url,
                snippet=_snippet(snippet),
            )
        )
    return Results(hits=hits, total=total, page=page, pages=pages, terms=terms, more=more)


def kinds_for(*, partnership_id: int, reader: Reader) -> list[tuple[str, str]]:
    """The kinds of record the reader could find, as (kind, label), for the filter."""
    return sorted(
        set(
            SearchEntry.objects.filter(partnership_id=partnership_id)
            .filter(visible_entries_q(reader))
            .values_list("kind", "kind_label")
        ),
        key=lambda k: k[1],
    )


# Helpers for the models' search_document() ----------------------------------------------------


def link(name: str, partnership, **kwargs) -> str:
    """The record's address under its partnership (`/p/<slug>/…`)."""
    return reverse(name, kwargs={"slug": partnership.slug, **kwargs})


def joined_text(*parts) -> str:
    """Text fields joined for the body, skipping the empty ones."""
    return "\n".join(str(p) for p in parts if p not in (None, "") and str(p).strip())


def file_text(field, filename: str, limit: int = 1_000_000) -> str:
    """The text of a PDF, DOCX or plain-text file (empty when it cannot be read)."""
    ext = os.path.splitext(filename or "")[1].lower()
    try:
        with field.open("rb") as f:
            data = f.read()
    except (OSError, ValueError):
        return ""
    try:
        if ext == ".pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                return ""
            return "\n".join(page.extract_text() or "" for page in reader.pages)[:limit]
        if ext == ".docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            cells = [
                cell.text for table in document.tables for row in table.rows for cell in row.cells
            ]
            return "\n".join([p.text for p in document.paragraphs] + cells)[:limit]
        if ext in {".txt", ".csv"}:
            return data.decode("utf-8", "replace")[:limit]
    except Exception:  # noqa: BLE001 - an unreadable paper is still found by its title
        return ""
    return ""
