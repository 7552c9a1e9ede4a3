"""Candidate records for an area of questioning: the one place suggestions are made.

A simple ranked word match until full-text search lands: the question's words (less common
words and short ones) are matched against each record's title and text; a word in the title
counts twice. Records are ranked by score, then by date, newest first.
"""

import re
from dataclasses import dataclass

from reports.records import KINDS

_WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "during",
        "each",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "how",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "more",
        "most",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "smp",
        "original",
        "taken",
        "forward",
        "so",
        "far",
        "been",
    ]
)


@dataclass(frozen=True)
class Suggestion:
    kind: str
    object_id: int
    title: str
    score: int


def words(text: str) -> set[str]:
    """The matching words of a text: lower case, no stop words, at least three letters."""
    found = set()
    for w in _WORD.findall(text.lower()):
        if len(w) < 3 or w in STOP_WORDS:
            continue
        found.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return found


def suggest_records(*, question, limit: int = 8) -> list[Suggestion]:
    """The records of the question's partnership that best match its words, best first."""
    wanted = words(question.text)
    if not wanted:
        return []
    partnership = question.session.partnership
    scored = []
    for kind in KINDS.values():
        for record in kind.queryset(partnership):
            title = kind.title(record)
            in_title = wanted & words(title)
            in_text = (wanted & words(kind.text(record))) - in_title
            score = 2 * len(in_title) + len(in_text)
            if score:
                date = kind.date(record)
                scored.append((score, date.toordinal() if date else 0, kind.key, record.pk, title))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2], s[3]))
    return [Suggestion(k, pk, title, score) for score, _, k, pk, title in scored[:limit]]
