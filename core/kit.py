"""The page kit's Python half: values that can never print "None" or be escaped twice.

Templates use these through the Jinja globals `link`, `summary_rows` and the filter
`recorded` (config/jinja2.py); the macros in core/jinja2/core/kit.html use them too.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup, escape

NOT_RECORDED = "Not recorded"


def is_empty(value: Any) -> bool:
    """None, an empty string or an empty collection: nothing to show."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset | dict):
        return not value
    return False


def recorded(value: Any, empty: str = NOT_RECORDED) -> Any:
    """The value, or a phrase ("Not recorded") where there is none; never the word "None"."""
    return empty if is_empty(value) else value


def link(href: str | None, text: Any, *, classes: str = "govuk-link") -> Markup | None:
    """A link as safe markup, its address and text escaped exactly once; None without an address."""
    if is_empty(href) or is_empty(text):
        return None
    return Markup('<a class="{}" href="{}">{}</a>').format(classes, href, text)


def joined(values: Iterable[Any], separator: str = ", ") -> Markup | str:
    """Values (text or links) joined, each escaped once; "" when there are none."""
    items = [v for v in values if not is_empty(v)]
    return escape(separator).join(items) if items else ""


def summary_rows(rows: Sequence[Sequence[Any]], empty: str = NOT_RECORDED) -> list[dict]:
    """GOV.UK summary-list rows from (key, value[, empty phrase]) tuples.

    A value that is safe markup (from `link` or `joined`) goes in as HTML, anything else as
    text; an empty value reads "Not recorded" (or the row's own phrase). A row whose key is
    None is left out, so a template can drop a row with a condition.
    """
    out = []
    for row in rows:
        if not row or row[0] is None:
            continue
        key, value = row[0], row[1]
        phrase = row[2] if len(row) > 2 else empty
        if is_empty(value):
            shown = {"text": phrase}
        elif isinstance(value, Markup) or hasattr(value, "__html__"):
            shown = {"html": value}
        else:
            shown = {"text": str(value)}
        out.append({"key": {"text": key}, "value": shown})
    return out
