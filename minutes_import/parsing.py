"""Read minutes from the blocks a reader extracted: the meeting, people, items, resolutions
and actions. Three layouts: the MINUTES | ACTION | DEADLINE table (seed 002), narrative minutes
(headings, "Action:" / "Owner:" lines, attendee lists with initials in brackets) and a
Modern.gov "Agenda and minutes" page. Everything is text; nothing read is ever executed.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError

# Blocks -------------------------------------------------------------------------------------


@dataclass
class Row:
    """One row of a table: each cell as its paragraphs."""

    cells: list[list[str]]


@dataclass
class Table:
    rows: list[Row]


Block = str | Table  # a paragraph (or text line) or a table


# What was read ------------------------------------------------------------------------------


@dataclass
class PersonRead:
    name: str
    initials: str = ""
    role: str = ""
    title: str = ""
    substitute: str = ""  # apologies: who came instead
    substitute_for: str = ""  # present: whom they came for
    initials_given: bool = False


@dataclass
class ActionRead:
    text: str
    owners: str
    deadline: str = ""


@dataclass
class ItemRead:
    number: str
    title: str
    text: str = ""
    resolutions: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    actions: list[ActionRead] = field(default_factory=list)


@dataclass
class MinutesRead:
    title: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    venue: str = ""
    layout: str = ""
    present: list[PersonRead] = field(default_factory=list)
    in_attendance: list[PersonRead] = field(default_factory=list)
    apologies: list[PersonRead] = field(default_factory=list)
    items: list[ItemRead] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """The shape `import_minutes --dry-run --format json` prints and drafts store."""
        return {
            "meeting": {
                "title": self.title,
                "date": self.date.isoformat() if self.date else None,
                "time": self.start_time.strftime("%H:%M") if self.start_time else None,
                "end_time": self.end_time.strftime("%H:%M") if self.end_time else None,
                "venue": self.venue,
                "layout": self.layout,
            },
            "present": [_person_json(p) for p in self.present],
            "in_attendance": [_person_json(p) for p in self.in_attendance],
            "apologies": [_person_json(p) for p in self.apologies],
            "items": [{**asdict(i), "actions": [asdict(a) for a in i.actions]} for i in self.items],
            "warnings": list(self.warnings),
        }


def _person_json(p: PersonRead) -> dict:
    return asdict(p)


# Words and patterns -------------------------------------------------------------------------

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
DATE_PATTERNS = [
    re.compile(
        _WEEKDAY + rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}})", re.I
    ),
    re.compile(_WEEKDAY + rf"({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I),
    re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"),
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
]
_CLOCK = r"(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?"
TIME_RANGE = re.compile(
    rf"(?<![\d/.])(\d{{1,2}})[.:](\d{{2}})\s*(a\.?m\.?|p\.?m\.?)?\s*(?:[-–—]|to)\s*{_CLOCK}", re.I
)
LOOSE_RANGE = re.compile(
    r"(?<![\d/.£])(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?\s*(?:[-–—]|to)\s*"
    r"(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)",
    re.I,
)
TIME_ONE = re.compile(
    r"(?<![\d/.£])(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])|"
    r"(?<![\d/.£])(\d{1,2})[.:](\d{2})(?!\d|\.\d)",
    re.I,
)

TITLES = [
    "Police and Crime Commissioner", "Chief Superintendent", "Chief Inspector",
    "Chief Constable", "Deputy Chief Constable", "Assistant Chief Constable",
    "Detective Chief Inspector", "Detective Inspector", "Detective Sergeant", "Superintendent",
    "Councillors", "Councillor", "Professor", "Inspector", "Sergeant", "Commander",
    "Ch Supt", "Ch Insp", "Det Supt", "Det Insp", "Supt", "Insp", "Sgt", "Cllr", "ACC", "DCC",
    "DCI", "DI", "DS", "PCSO", "PC", "Dr", "Prof", "Rev", "Revd", "Sir", "Dame", "Lord",
    "Lady", "Baroness", "Mr", "Mrs", "Ms", "Miss", "Mx",
]  # fmt: skip
_TITLE_RE = "|".join(re.escape(t) for t in TITLES)
TITLE_PREFIX = re.compile(rf"^((?:(?:{_TITLE_RE})\.?\s+)+)", re.I)
TITLE_BRACKET = re.compile(rf"\(\s*((?:{_TITLE_RE})\.?)\s*\)", re.I)
INITIALS_BRACKET = re.compile(r"\(\s*([A-Z]{2,5})\s*\)")
SECTION = re.compile(
    r"^(?P<head>members\s+present|present|attendees|attendance|attending|"
    r"in\s+attendance|also\s+present|also\s+in\s+attendance|officers(?:\s+present)?|"
    r"secretariat|minute[- ]?taker|clerk|apologies(?:\s+for\s+absence)?(?:\s+were\s+received"
    r"\s+from)?(?:\s+received)?|absent)\b\s*(?:[:\-–]\s*|$)(?P<rest>.*)$",
    re.I,
)
SECTION_KIND = {
    "present": "present", "members present": "present", "attendees": "present",
    "attendance": "present", "attending": "present", "in attendance": "in_attendance",
    "also present": "in_attendance", "also in attendance": "in_attendance",
    "officers": "in_attendance", "officers present": "in_attendance",
    "secretariat": "in_attendance", "minute taker": "in_attendance",
    "minute-taker": "in_attendance", "minutetaker": "in_attendance", "clerk": "in_attendance",
    "absent": "absent",
}  # fmt: skip
ITEM_HEAD = re.compile(
    r"^(?:item\s+|agenda\s+item\s+)?(\d{1,3}(?:\.\d{1,2})?)(?:\.(?!\d)|\)|:|\s+[-–])?\s+(\S.*)$",
    re.I,
)
NUMBER_ONLY = re.compile(r"^(?:item\s+)?(\d{1,3}(?:\.\d{1,2})?)\.?$", re.I)
RESOLVED = re.compile(
    r"^(?:it\s+was\s+)?(resolved|agreed|decision|decided)\s*(?::|[-–]|that\b|\b)\s*(.*)$", re.I
)
ACTION_LINE = re.compile(r"^actions?\s*(?:[:\-–]|point\b)\s*(.*)$", re.I)
OWNER_LINE = re.compile(r"^(?:owners?|lead|responsible|who)\s*[:\-–]\s*(.*)$", re.I)
DEADLINE_LINE = re.compile(
    r"^(?:deadline|due(?:\s+date)?|by\s+when|when|target\s+date)\s*[:\-–]\s*(.*)$", re.I
)
INITIALS_GROUP = r"(?:[A-Z]{2,4}|ALL)(?:\s*/\s*(?:[A-Z]{2,4}|ALL))*"
AGREEMENT = re.compile(
    r"\b(?:the\s+group|the\s+board|the\s+committee|the\s+panel|members(?:\s+present)?|"
    r"(?:all\s+)?partners(?:\s+present)?|it\s+was)\s+(?:agreed|approved|resolved|supported)\b",
    re.I,
)
BULLET = re.compile(r"^\s*(?:[•●▪◦➤>\-–*·o]|\d+\)|\([a-z0-9]+\))\s+")
SKIP_LINES = re.compile(r"^(?:minutes\s*:?|no\.?|item|items|decision\s*:?|pdf\s+\d+\s*kb)$", re.I)
TAG = re.compile(r"<[^>]{0,200}>")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Imported text as plain text: tags, control characters and stray spaces removed."""
    text = CONTROL.sub("", TAG.sub(" ", text or ""))
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def find_date(text: str) -> dt.date | None:
    """The first date written in a line of the minutes' heading."""
    for i, pattern in enumerate(DATE_PATTERNS):
        for m in pattern.finditer(text):
            try:
                if i == 0:
                    return dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
                if i == 1:
                    return dt.date(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
                if i == 2:
                    return dt.date(int(m[3]), int(m[2]), int(m[1]))
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None


def _clock(hour: str, minute: str | None, meridiem: str | None) -> dt.time | None:
    h, mins = int(hour), int(minute or 0)
    mer = (meridiem or "").replace(".", "").lower()
    if mer == "pm" and h < 12:
        h += 12
    if mer == "am" and h == 12:
        h = 0
    if h > 23 or mins > 59:
        return None
    return dt.time(h, mins)


def find_times(text: str) -> tuple[dt.time | None, dt.time | None, int]:
    """The start and end times in a line, and where the time ends in it."""
    if m := TIME_RANGE.search(text) or LOOSE_RANGE.search(text):
        end_mer = m[6]
        start = _clock(m[1], m[2], m[3] or end_mer)
        end = _clock(m[4], m[5], m[6])
        if start and end and end <= start and not m[3]:
            start = _clock(m[1], m[2], None)
        return start, end, m.end()
    if m := TIME_ONE.search(text):
        start = _clock(m[1], m[2], m[3]) if m[1] else _clock(m[4], m[5], None)
        return start, None, m.end()
    return None, None, -1


# People -------------------------------------------------------------------------------------


def derive_initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isalpha()]
    return "".join(w[0].upper() for w in words)[:5]


def read_person(text: str, role: str = "") -> PersonRead | None:
    """One person as minutes write them: "Cllr Jane Smith (JS), Chair, Kent Police"."""
    text = clean(BULLET.sub("", text)).strip(" ;,.")
    if not text or len(text) > 250:
        return None
    substitute = substitute_for = ""
    if m := re.search(r"^(.*?)\s*[-–—]\s*(.+?)\s+substitut(?:ed|ing)\b.*$", text, re.I):
        text, substitute = m[1], clean(m[2])
    elif m := re.search(r"\(?\s*substitut(?:ed|ing)\s+by\s+([^)]+)\)?", text, re.I):
        substitute = clean(m[1]).strip(" ,.")
        text = (text[: m.start()] + text[m.end() :]).strip()
    if m := re.search(
        r"\(?\s*(?:substitute|substituting|deputising)\s+for\s+([^),]+)\)?", text, re.I
    ):
        substitute_for = clean(m[1]).strip(" ,.")
        text = (text[: m.start()] + text[m.end() :]).strip()
    elif m := re.search(r"\s+for\s+((?:[A-Z][a-z'’-]+\s?){2,4})$", text):
        substitute_for, text = m[1].strip(), text[: m.start()]
    text = text.strip(" -–—,;")
    initials = ""
    if m := INITIALS_BRACKET.search(text):
        initials = m[1]
        text = (text[: m.start()] + " " + text[m.end() :]).strip()
    title = ""
    if m := TITLE_BRACKET.search(text):
        title = m[1].rstrip(".")
        text = (text[: m.start()] + " " + text[m.end() :]).strip()
    parts = re.split(r"\s*(?:,|\s[-–—:]\s|\t)\s*", text, maxsplit=1)
    name = parts[0]
    rest = parts[1] if len(parts) > 1 else ""
    if m := re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", name):  # "Jane Smith (Chair)"
        name, rest = m[1], ", ".join(x for x in (m[2], rest) if x)
    if m := TITLE_PREFIX.match(name):
        prefix = " ".join(w.rstrip(".") for w in m[1].split())
        title = " ".join(x for x in (title, prefix) if x)
        name = name[m.end() :]
    if title.lower() == "councillors":
        title = "Cllr"
    name = clean(name).strip(" ,.;:")
    words = name.split()
    if (
        not words
        or len(words) > 6
        or not words[0][0].isupper()
        or not (words[-1][0].isupper() or words[-1][0] in "'’")
        or any(not w[0].isalpha() and w[0] not in "'’" for w in words)
    ):
        return None
    if initials and not (
        initials[0] == words[0][0].upper() and initials[-1] == words[-1][0].upper()
    ):  # "(KCC)" after a name is the organisation, not the person's initials
        rest = ", ".join(x for x in (initials, rest) if x)
        initials = ""
    given = bool(initials)
    return PersonRead(
        name=name,
        initials=initials or derive_initials(name),
        role=clean(role or rest).strip(" ,;"),
        title=title,
        substitute=substitute,
        substitute_for=substitute_for,
        initials_given=given,
    )


def read_people_list(text: str) -> list[PersonRead]:
    """People written on one line: "Councillors Smith (Chair), Jones and Brown"."""
    text = clean(text).strip(" .;")
    if not text or re.fullmatch(r"(?:none|nil|no apologies.*|n/?a)", text, re.I):
        return []
    title = ""
    if m := re.match(r"^(councillors|cllrs)\s+", text, re.I):
        title, text = "Cllr", text[m.end() :]
    parts = [p for p in re.split(r"\s*[;,]\s*(?![^()]*\))|\s+and\s+(?![^()]*\))", text) if p]
    people: list[PersonRead] = []
    for part in parts:
        if not title and people and len(part.split()) == 1 and not INITIALS_BRACKET.search(part):
            # "Jane Smith (JS), Chair": a lone word after a person is their role
            people[-1].role = ", ".join(x for x in (people[-1].role, part) if x)
            continue
        person = read_person(part)
        if person is None:
            continue
        if title and not person.title:
            person.title = title
        people.append(person)
    return people


def _is_list_line(text: str) -> bool:
    return bool(
        re.match(r"^(councillors|cllrs)\s", text, re.I)
        or len(INITIALS_BRACKET.findall(text)) > 1
        or (";" in text)
    )


# Item text: resolutions, agreements, actions -------------------------------------------------

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def sentences(text: str) -> list[str]:
    return [s.strip() for p in text.split("\n") for s in SENTENCE.split(p) if s.strip()]


def _mentions_action(initials: str, sentence: str) -> bool:
    """Whether a sentence gives someone with these initials something to do."""
    i = re.escape(initials)
    if initials == "ALL":
        return bool(
            re.search(
                r"\b(?:asked|invited|requested)\s+(?:all\s+)?(?:partners|members|everyone)\s+to\b|"
                r"\b(?:all\s+)?(?:partners|members)\s+(?:are|were|will|to)\s+(?:asked\s+to\b)?|"
                r"\ball\s+to\b",
                sentence,
                re.I,
            )
        )
    return bool(
        re.search(
            rf"\b{i}\b(?:\s*(?:/|and)\s*[A-Z]{{2,4}})*\s+(?:will|would|to|agreed\s+to|offered\s+to|"
            r"is\s+to|are\s+to|shall|undertook\s+to|agreed\s+that\s+(?:he|she|they)\s+would)\b",
            sentence,
        )
        or re.search(
            rf"\b(?:asked|requested|request|asking|invited)\s+(?:[A-Z]{{2,4}}\s*(?:/|and)\s*)*{i}\b",
            sentence,
        )
    )


def owners_of(written: str) -> list[str]:
    return [p.strip() for p in re.split(r"[/,&+]|\s+and\s+", written or "") if p.strip()]


def action_score(owners: str, text: str) -> int:
    """How many of an action's owners the text gives something to do."""
    found = sentences(text)
    return sum(
        1
        for o in owners_of(owners)
        if re.fullmatch(r"[A-Z]{2,5}|ALL", o) and any(_mentions_action(o, s) for s in found)
    )


def describe_action(item: ItemRead, owners: str, used: set[str]) -> str:
    """The sentence of an item that raises an action for these owners (table layout)."""
    found = sentences(item.text)
    people = [o for o in owners_of(owners) if o != "ALL"] or owners_of(owners)
    for test in (
        lambda s: any(_mentions_action(o, s) for o in people),
        lambda s: any(re.search(rf"\b{re.escape(o)}\b", s) for o in people),
    ):
        for s in found:
            if s not in used and test(s):
                used.add(s)
                return s[:1000]
    return f"Action for {owners} at item {item.number} (the minutes do not say which)"


def _add_text(item: ItemRead, line: str) -> None:
    item.text = f"{item.text}\n{line}" if item.text else line


def _harvest(item: ItemRead) -> None:
    """Find resolutions and agreements in an item's text."""
    lines = item.text.split("\n")
    for n, line in enumerate(lines):
        if m := RESOLVED.match(line):
            body = m[2].strip() or (lines[n + 1] if n + 1 < len(lines) else "")
            if (
                body
                and m[1].lower() in ("resolved", "decided", "decision")
                or (m[1].lower() == "agreed" and line[: len(m[1])].isupper())
            ):
                item.resolutions.append(body[:2000])
    for s in sentences(item.text):
        if AGREEMENT.search(s) and s not in item.resolutions:
            item.agreements.append(s[:2000])


# Layout 1: the MINUTES | ACTION | DEADLINE table ------------------------------------------


def _is_minutes_header(row: Row) -> dict | None:
    heads = [" ".join(c).strip().lower() for c in row.cells]
    if "action" not in " ".join(heads) or not any("minute" in h for h in heads):
        return None
    cols: dict[str, int | None] = {}
    for i, h in enumerate(heads):
        if "minute" in h:
            cols["minutes"] = i
        elif "action" in h or "owner" in h or h == "who":
            cols["action"] = i
        elif "deadline" in h or "date" in h or "when" in h:
            cols["deadline"] = i
    if "minutes" not in cols or "action" not in cols:
        return None
    cols.setdefault("number", 0 if (cols["minutes"] or 0) > 0 else None)
    return cols


def _title_like(p: str) -> bool:
    words = p.split()
    return (
        0 < len(words) <= 12
        and not p.rstrip().endswith((".", ":", ";", ","))
        and p[0].isupper()
        and not BULLET.match(p)
        and not re.match(rf"^{INITIALS_GROUP}\s+(?:[a-z]|$)", p)
    )


def _cell(row: Row, index: int | None) -> list[str]:
    if index is None or index >= len(row.cells):
        return []
    return [clean(p) for p in row.cells[index] if clean(p)]


def _read_minutes_table(table: Table, cols: dict, out: MinutesRead, start: int) -> None:
    items = out.items
    for row in table.rows[start:]:
        if _is_minutes_header(row):
            continue
        numbers = [m[1] for p in _cell(row, cols["number"]) if (m := NUMBER_ONLY.match(p.strip()))]
        paras = _cell(row, cols["minutes"])
        owners = _cell(row, cols["action"])
        deadlines = _cell(row, cols.get("deadline"))
        if numbers:
            titled = [i for i, p in enumerate(paras) if _title_like(p)]
            first_title = titled[0] if titled else None
            if first_title and items:
                moved = paras[:first_title]
                for p in moved:
                    _add_text(items[-1], p)
                out.warnings.append(
                    f"Item {numbers[0]}: its row began with text that continues item "
                    f"{items[-1].number} (\u201c{_short(moved[0])}\u201d); moved to item "
                    f"{items[-1].number}."
                )
                paras = paras[first_title:]
            for k, number in enumerate(numbers):
                last = k == len(numbers) - 1
                if paras and _title_like(paras[0]):
                    title = paras.pop(0)
                elif last and paras:
                    title = _short(paras[0], 8)
                    out.warnings.append(
                        f"Item {number} has no title; titled from its first words ({title})."
                    )
                else:
                    title = f"Item {number}"
                item = ItemRead(number=number, title=title)
                items.append(item)
                if last:
                    for p in paras:
                        _add_text(item, p)
        elif paras:
            if not items:
                items.append(ItemRead(number="1", title=_short(paras[0], 8)))
                out.warnings.append("The table's first row has no item number; numbered 1.")
            item = items[-1]
            if item.text and not item.text.rstrip().endswith((".", "!", "?", ":", "•")):
                item.text = f"{item.text.rstrip()} {paras.pop(0)}"  # a sentence across a page
            for p in paras:
                _add_text(item, p)
        if not items or not (owners or deadlines):
            continue
        target = items[-1]
        if deadlines and not owners and target.actions:
            previous = target.actions[-1]
            joined = " ".join(deadlines)
            out.warnings.append(
                f"Item {target.number}: the deadline \u201c{previous.deadline}\u201d continues on the "
                f"next row (\u201c{joined}\u201d); read as \u201c{previous.deadline} {joined}\u201d."
            )
            previous.deadline = f"{previous.deadline} {joined}".strip()
            continue
        for k, who in enumerate(owners):
            deadline = deadlines[k] if k < len(deadlines) else ""
            target.actions.append(
                ActionRead(text="", owners=_owners_written(who), deadline=deadline)
            )
        if len(deadlines) > len(owners):
            out.warnings.append(
                f"Item {target.number}: more deadlines than owners in one row; the extra "
                f"{', '.join(deadlines[len(owners) :])} was left out."
            )


def _owners_written(text: str) -> str:
    return "/".join(p.strip().upper() for p in re.split(r"[/,&+]|\s+and\s+", text) if p.strip())


def _short(text: str, words: int = 10) -> str:
    w = text.split()
    return " ".join(w[:words]) + ("…" if len(w) > words else "")


def _realign(out: MinutesRead) -> None:
    """Move actions whose cell sits one row below the item whose text raises them."""
    moves = []
    for prev, item in zip(out.items, out.items[1:], strict=False):
        for action in item.actions:
            if action_score(action.owners, item.text) == 0 and action_score(
                action.owners, prev.text
            ):
                moves.append((action, item, prev))
    for action, item, prev in moves:
        item.actions.remove(action)
        prev.actions.append(action)
        out.warnings.append(
            f"Realigned: the action {action.owners} \u201c{action.deadline}\u201d sits in the row "
            f"of item {item.number}, but item {prev.number}'s text raises it; moved to item "
            f"{prev.number}."
        )
    for item in out.items:
        used: set[str] = set()
        for action in item.actions:
            if not action.text:
                action.text = describe_action(item, action.owners, used)


# Narrative and Modern.gov lines ------------------------------------------------------------


def _inline_action(text: str) -> ActionRead:
    """An "Action:" line: "JL/SR to circulate the notes by 31 Dec 2010" or "… – JL – By …"."""
    owners = deadline = ""
    body = text
    if m := re.search(
        r"\s*[(\[]?\s*(?:deadline|due|by when)\s*[:\-–]\s*([^)\]]+)[)\]]?\s*$", body, re.I
    ):
        deadline, body = m[1].strip(" ."), body[: m.start()]
    if m := re.search(
        r"\s*[(\[]?\s*(?:owners?|lead)\s*[:\-–]\s*([^)\]]+?)[)\]]?\s*[.;]?$", body, re.I
    ):
        owners, body = m[1].strip(" ."), body[: m.start()]
    if not owners and re.fullmatch(INITIALS_GROUP, body.strip()):
        owners = body.strip()
    if not owners and (
        m := re.match(rf"^({INITIALS_GROUP})\s*(?:[:\-–]\s*|\s+(?=to\b|will\b))", body)
    ):
        owners = m[1]
    if not owners and (m := re.search(rf"\s*[-–(]\s*({INITIALS_GROUP})\s*\)?\s*$", body)):
        owners, body = m[1], body[: m.start()]
    if not deadline and (
        m := re.search(
            r"\s+((?:by|before)\s+(?:the\s+)?(?:next\s+meeting|(?:end\s+(?:of\s+)?)?"
            rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{_MONTH_RE})\.?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}))\.?$",
            body,
            re.I,
        )
    ):
        deadline = m[1]
    body = clean(body)
    if deadline and body.endswith(deadline):
        rest = body[: -len(deadline)].strip(" -–;,")
        if rest and not re.search(r"\b(?:to|will)\b", rest):
            body = rest
    if owners and re.fullmatch(rf"{re.escape(owners)}\s*[-–:]?", body.strip()):
        body = ""
    return ActionRead(text=body.strip(" -–;"), owners=owners.strip(), deadline=deadline)


def _read_lines(lines: list[str], out: MinutesRead, progress: Callable | None = None) -> None:
    section = None
    header: list[str] = []
    pending_number = None
    for n, raw in enumerate(lines):
        if progress and n % 500 == 0:
            progress(n / max(len(lines), 1))
        line = clean(raw)
        if not line or SKIP_LINES.match(line):
            continue
        # An item: "3. Title", "Item 3: Title", or Modern.gov's "3." alone, then the title.
        if pending_number is not None:
            _new_item(out, pending_number, line)
            pending_number, section = None, "item"
            continue
        if (m := NUMBER_ONLY.match(line)) and _next_number_ok(out, m[1]):
            pending_number = m[1]
            continue
        if (
            (m := ITEM_HEAD.match(line))
            and _next_number_ok(out, m[1])
            and _title_like(m[2].rstrip(".:"))
            and (section != "item" or not out.items or not BULLET.match(raw))
            and not find_date(line)
        ):
            _new_item(out, m[1], m[2].rstrip(":").rstrip())
            section = "item"
            continue
        if not out.items and (
            m := re.match(
                r"^(chair(?:man|person)?|vice[- ]chair(?:man)?)\s*[:\-–]\s*(.+)$", line, re.I
            )
        ):
            if person := read_person(m[2], role=m[1].title()):
                out.present.append(person)
            continue
        if (m := SECTION.match(line)) and (
            section != "item" or not line.lower().startswith("present ")
        ):
            head = " ".join(m["head"].lower().split())
            if head.startswith("apologies"):
                section = "apologies"
            else:
                section = SECTION_KIND.get(head, "present")
            if m["rest"].strip():
                _add_people(out, section, m["rest"], inline=True)
            continue
        if section in ("present", "in_attendance", "apologies", "absent") and not out.items:
            _add_people(out, section, raw, inline=False)
            continue
        if not out.items:
            header.append(line)
            continue
        item = out.items[-1]
        if m := ACTION_LINE.match(line):
            action = _inline_action(m[1])
            if not action.text:  # "Action: JS": the action is what the text before says
                said = sentences(item.text)
                action.text = (said[-1] if said else f"Action at item {item.number}")[:1000]
            item.actions.append(action)
            continue
        if (m := OWNER_LINE.match(line)) and item.actions:
            item.actions[-1].owners = m[1].strip(" .")
            continue
        if (m := DEADLINE_LINE.match(line)) and item.actions:
            item.actions[-1].deadline = m[1].strip(" .")
            continue
        _add_text(item, BULLET.sub("• ", raw.strip()) if BULLET.match(raw) else line)
    _read_header(header, out)


def _next_number_ok(out: MinutesRead, number: str) -> bool:
    if not out.items:
        return True
    try:
        return _position(number) > _position(out.items[-1].number)
    except ValueError:
        return False


def _position(number: str) -> int:
    main, _, sub = number.partition(".")
    return int(main) * 100 + (int(sub) if sub else 0)


def _new_item(out: MinutesRead, number: str, title: str) -> None:
    out.items.append(ItemRead(number=number, title=clean(title)[:300]))


def _add_people(out: MinutesRead, section: str, text: str, *, inline: bool) -> None:
    text = clean(BULLET.sub("", text))
    if not text:
        return
    people = read_people_list(text) if inline or _is_list_line(text) else [read_person(text)]
    people = [p for p in people if p]
    if section == "absent":
        out.warnings.append(
            f"Absent (recorded with apologies): {', '.join(p.name for p in people)}"
        )
        section = "apologies"
    getattr(out, section).extend(people)


def _read_header(lines: list[str], out: MinutesRead) -> None:
    """The meeting's title, date, time and venue from the lines before the first item."""
    title_lines: list[str] = []
    joined: list[str] = []
    for line in lines:  # a heading wrapped onto a second line ("… Neighbourhoods" / "Group")
        if (
            joined
            and len(line.split()) <= 2
            and not joined[-1].endswith((".", ":", ";"))
            and not find_date(line)
            and not re.match(r"^(?:venue|time|contact|location)\b", line, re.I)
            and len(joined[-1].split()) >= 3
        ):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    for line in joined:
        if m := re.match(r"^(?:venue|location|place|where|held\s+at)\s*[:\-–]\s*(.+)$", line, re.I):
            out.venue = out.venue or m[1].strip()
            continue
        if m := re.match(r"^(?:time|start(?:ing)?\s+time)\s*[:\-–]\s*(.+)$", line, re.I):
            start, end, _ = find_times(m[1])
            if start:  # an explicit time line wins over a time on the date line
                out.start_time, out.end_time = start, end
            continue
        date = find_date(line)
        if date and not out.date:
            out.date = date
            undated = line
            for pattern in DATE_PATTERNS:
                undated = pattern.sub(lambda d: " " * len(d[0]), undated)
            start, end, at = find_times(undated)
            if start and not out.start_time:
                out.start_time, out.end_time = start, end
                rest = line[at:].strip(" ,.;-–")
                rest = re.sub(r"^\(.*?\)\s*", "", rest).strip(" ,.;-–")
                if rest and not out.venue and not re.match(r"^(venue|contact)\b", rest, re.I):
                    out.venue = re.sub(r"^(?:at|in)\s+", "", rest, flags=re.I)
            before = DATE_PATTERNS[0].split(line)[0] if DATE_PATTERNS[0].search(line) else ""
            before = re.sub(
                r"^(?:minutes\s+of\s+(?:the\s+)?|agenda\s+and\s+minutes\s*)",
                "",
                before.strip(" ,-–:"),
                flags=re.I,
            )
            before = re.sub(
                r"(?:,|\s[-–])?\s*(?:held\s+on|on|meeting\s+held\s+on)?\s*" + _WEEKDAY + r"$",
                "",
                before,
                flags=re.I,
            ).strip(" ,-–:")
            if before:
                title_lines.append(before)
            continue
        if not out.date and not re.match(r"^(?:contact|agenda|pdf|minutes$)", line, re.I):
            stripped = re.sub(r"^minutes\s+of\s+(?:the\s+)?", "", line, flags=re.I).strip()
            if stripped and len(stripped.split()) <= 14:
                title_lines.append(stripped)
    if title_lines and not out.title:
        out.title = title_lines[-1].strip()[:300]


# Entry point -------------------------------------------------------------------------------


def read_minutes(
    blocks: list[Block], *, filename: str, progress: Callable | None = None
) -> MinutesRead:
    """Read the minutes from a document's blocks; a ValidationError if no meeting date is found."""
    out = MinutesRead()
    lines: list[str] = []
    header_lines: list[str] = []
    table_found = False
    action_logs: list = []
    for block in blocks:
        if isinstance(block, Table):
            start = None
            for r, row in enumerate(block.rows):
                if cols := _is_minutes_header(row):
                    start = r
                    break
                label = clean(" ".join(row.cells[0])) if row.cells else ""
                if (m := SECTION.match(label)) and not m["rest"].strip() and len(row.cells) > 1:
                    _people_row(out, m["head"], row)
            if start is not None:
                table_found = True
                _read_minutes_table(block, cols or {}, out, start + 1)
                continue
            if log := _action_log_columns(block):
                action_logs.append((block, log))
                continue
            target = lines if (table_found or lines) else header_lines
            for row in block.rows:
                label = clean(" ".join(row.cells[0])) if row.cells else ""
                if (m := SECTION.match(label)) and not m["rest"].strip() and len(row.cells) > 1:
                    continue
                cells = [" ".join(clean(p) for p in c if clean(p)) for c in row.cells]
                cells = [c for c in cells if c]
                if cells and not all(c.lower() in TABLE_HEADINGS for c in cells):
                    target.append(" – ".join(cells))
            continue
        if table_found:
            lines.append(block)
        else:
            (lines if lines or _starts_item(block) else header_lines).append(block)
    if table_found:
        out.layout = "table"
        pre = MinutesRead()
        _read_lines(header_lines, pre)
        out.present = pre.present + out.present
        out.in_attendance = pre.in_attendance + out.in_attendance
        out.apologies = pre.apologies + out.apologies
        out.title, out.date, out.start_time, out.end_time, out.venue = (
            pre.title, pre.date, pre.start_time, pre.end_time, pre.venue,
        )  # fmt: skip
        if pre.items:
            out.items = pre.items + out.items
        _realign(out)
    else:
        _read_lines(header_lines + lines, out, progress)
        out.layout = "modern.gov" if any("Minutes:" in str(b) for b in blocks) else "narrative"
    for table, cols in action_logs:
        _read_action_log(table, cols, out)
    _renumber(out)
    for item in out.items:
        _harvest(item)
        if (
            not out.apologies
            and re.search(r"apolog", item.title, re.I)
            and (
                m := re.search(
                    r"apologies\s+(?:for\s+absence\s+)?(?:were|was)\s+received\s+from\s+([^.]+)",
                    item.text,
                    re.I,
                )
            )
        ):
            out.apologies.extend(read_people_list(m[1]))
            if out.apologies:
                out.warnings.append(f"Apologies read from item {item.number}'s text.")
    if out.date is None:
        raise ValidationError(
            f"{filename}: no meeting date found. The heading of the minutes must give the "
            "date, such as \u201c25 November 2010\u201d."
        )
    if not out.items:
        out.warnings.append("No numbered items were found; check the document is minutes.")
    seen: dict[str, str] = {}
    for person in out.present + out.in_attendance + out.apologies:
        key = person.initials.upper()
        if key in seen and seen[key] != person.name:
            out.warnings.append(
                f"{seen[key]} and {person.name} would both have the initials {key}; each is "
                "matched to the register by name, so check their initials."
            )
        seen.setdefault(key, person.name)
    return out


TABLE_HEADINGS = {"name", "names", "organisation", "role", "representing", "initials", "title",
                  "job title", "agency", "attendee", "attendees", "present"}  # fmt: skip


def _starts_item(line: str) -> bool:
    line = clean(line)
    if find_date(line):
        return False
    m = ITEM_HEAD.match(line)
    return bool((m and _title_like(m[2].rstrip(".:"))) or NUMBER_ONLY.match(line))


def _action_log_columns(table: Table) -> dict | None:
    """An action log table: "Item | Action | Owner | Deadline" (any order, some optional)."""
    if not table.rows:
        return None
    heads = [" ".join(c).strip().lower() for c in table.rows[0].cells]
    cols: dict = {}
    for i, h in enumerate(heads):
        if re.fullmatch(r"(?:item|no\.?|ref|minute|agenda item)", h):
            cols["item"] = i
        elif re.fullmatch(r"actions?(?: agreed)?", h):
            cols["text"] = i
        elif re.fullmatch(r"(?:owners?|lead|who|responsible|by whom|action by)", h):
            cols["owners"] = i
        elif re.fullmatch(r"(?:deadline|due(?: date)?|by when|when|target date|date)", h):
            cols["deadline"] = i
    return cols if {"text", "owners"} <= set(cols) else None


def _read_action_log(table: Table, cols: dict, out: MinutesRead) -> None:
    numbers = {i.number: i for i in out.items}
    for row in table.rows[1:]:
        cell = {
            k: " ".join(clean(p) for p in row.cells[i] if clean(p)) if i < len(row.cells) else ""
            for k, i in cols.items()
        }
        if not cell.get("text"):
            continue
        number = (cell.get("item") or "").rstrip(".")
        item = numbers.get(number) or (out.items[-1] if out.items else None)
        if item is None:
            item = ItemRead(number="1", title="Actions")
            out.items.append(item)
            numbers["1"] = item
        if number and number not in numbers:
            out.warnings.append(f"The action log names item {number}, which the minutes do not have; "
                                f"the action is put at item {item.number}.")  # fmt: skip
        item.actions.append(
            ActionRead(
                text=cell["text"], owners=cell.get("owners", ""), deadline=cell.get("deadline", "")
            )
        )


def _people_row(out: MinutesRead, head: str, row: Row) -> None:
    """A "Present: | names | roles" row, one person a paragraph in each column."""
    head = " ".join(head.lower().split())
    section = "apologies" if head.startswith("apologies") else SECTION_KIND.get(head, "present")
    if section == "absent":
        section = "apologies"
    names = [clean(p) for p in row.cells[1] if clean(p)]
    roles = [clean(p) for p in row.cells[2] if clean(p)] if len(row.cells) > 2 else []
    if roles and len(roles) != len(names):
        out.warnings.append(
            f"{head.title()}: {len(names)} names but {len(roles)} roles; roles left for you to "
            "check."
        )
        roles = []
    for k, name in enumerate(names):
        person = read_person(name, role=roles[k] if roles else "")
        if person:
            getattr(out, section).append(person)


def _renumber(out: MinutesRead) -> None:
    """The record numbers items 1 to 99: renumber longer running numbers (Modern.gov's 123.)."""
    if not any(_position(i.number) >= 10000 for i in out.items):
        return
    mains: dict[str, str] = {}
    for item in out.items:
        main, _, sub = item.number.partition(".")
        mains.setdefault(main, str(len(mains) + 1))
        new = mains[main] + (f".{sub}" if sub else "")
        if new != item.number:
            out.warnings.append(
                f"Item {item.number} is numbered {new}: the record numbers items 1 to 99."
            )
            item.number = new
