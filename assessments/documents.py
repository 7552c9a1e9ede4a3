"""Word and PDF documents of an assessment or exceptions report.

Both are written from the same narrative, tables (assessments/tables.py) and charts
(assessments/charts.py) as the page, so a figure reads the same in every format. The PDF is the
assessment page itself (assessments/detail.html) in its print layout, laid out by WeasyPrint as a
tagged PDF with its charts as vector SVG; the Word file is A4 landscape with heading styles and
the charts as PNG pictures (core/documents.py does the plumbing for both).
"""

from __future__ import annotations

import datetime as dt
import json

from assessments import charts
from assessments import formatting as fmt
from assessments.models import Assessment, AssessmentStatus
from assessments.narrative import (
    DEMO_NOTICE,
    GLOSSARY,
    comparators_intro,
    glossary_links,
    plain_summary,
)
from assessments.tables import tables_for
from core import documents
from documents.services import version_key

# Characters the old Latin-1 PDF replaced; kept for the tests that compare extracted text.
LATIN1 = {
    "–": "-",
    "—": "-",
    "…": "...",
    "∞": "inf",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "≤": "<=",
    "≥": ">=",
}


def _latin1(text: str) -> str:
    for k, v in LATIN1.items():
        text = text.replace(k, v)
    return text.encode("latin-1", "replace").decode("latin-1")


def document_title(result: dict) -> str:
    """The heading of the document."""
    area = result["area"]["name"]
    if result["kind"] == "exceptions":
        return f"Performance exceptions report: {area}, {result['month_label']}"
    return f"Strategic assessment: {area}, {result['current']['label']} against {result['baseline']['label']}"


def document_filename(result: dict, ext: str) -> str:
    """A whole, readable file name: strategic-assessment-maidstone-2009-11-to-2010-10.pdf."""
    area = result["area"]["name"]
    if result["kind"] == "exceptions":
        return documents.file_name("performance exceptions report", area, result["month"], ext=ext)
    current = result["current"]
    return documents.file_name(
        "strategic assessment", area, f"{current['from']} to {current['to']}", ext=ext
    )


def _summary_lines(result: dict) -> list[str]:
    lines = [
        f"Area: {result['area']['name']} ({', '.join(result['area']['codes'])}), "
        f"population {result['area']['population']:,}",
    ]
    if result["kind"] == "exceptions":
        h = result["history"]
        lines.append(f"Control limits from {h['months']} months, {h['from']} to {h['to']}")
    else:
        lines.append(
            f"Current period: {result['current']['label']}; baseline: {result['baseline']['label']}"
        )
    lines.append(f"Method version {result['method_version']}; generated {result['generated_at']}")
    return lines


def page_context(result: dict) -> dict:
    """The tables and SVG charts the assessment page, its PDF and its Word file all show."""
    demo = result.get("demonstration", False)
    tables = {t.key: t for t in tables_for(result)}
    out = {
        "tables": tables,
        "result": result,
        "in_brief": plain_summary(result),
        "narrative_html": [glossary_links(p) for p in result.get("narrative", [])],
        "glossary": GLOSSARY,
        "comparison": _comparison(result, tables),
    }
    peers = result.get("peers") or {}
    if peers.get("areas"):
        whom = "the peer family" if peers.get("kind") == "family" else "peer areas"
        out["funnel_chart"] = charts.funnel_chart(
            "funnel", f"Crime rate against {whom} (funnel plot)", peers, demonstration=demo
        )
    if result["kind"] == "exceptions":
        out["series_charts"] = [
            (
                charts.trend_chart(
                    f"series-{i}",
                    f"{e['name']} by month with control limits",
                    e["months"],
                    e["values"],
                    e["centres"],
                    e["lowers"],
                    e["uppers"],
                    demonstration=demo,
                ),
                tables[f"series_{i}"],
            )
            for i, e in enumerate(result["exceptions"], start=1)
        ]
        return out
    monthly = result["monthly"]
    chart = monthly.get("chart") or {}
    out["trend_chart"] = charts.trend_chart(
        "trend",
        "All crime (excluding anti-social behaviour) by month with control limits",
        monthly["months"],
        monthly["total"],
        chart.get("centre", []),
        chart.get("lower", []),
        chart.get("upper", []),
        demonstration=demo,
    )
    out["priorities_chart"] = charts.priorities_chart(
        "priorities", "Candidate priorities by score", result["priorities"], demonstration=demo
    )
    out["partner_charts"] = partner_charts(result, tables)
    return out


def _comparison(result: dict, tables: dict) -> dict:
    """The county and peer family section: its paragraphs, its table (when either gives a
    figure) and which of the two the partnership has still to set."""
    comparison = result.get("comparators") or {}
    table = tables.get("comparators")
    county = comparison.get("county")
    return {
        "paragraphs": comparators_intro(result),
        "sentences": [r["sentence"] for r in comparison.get("rows") or [] if r.get("sentence")],
        "table": table,
        "unset": [
            name
            for name, present in (("county", county), ("peer family", comparison.get("peers")))
            if not present
        ],
        "family_funnel": (result.get("peers") or {}).get("kind") == "family",
    }


def partner_charts(result: dict, tables: dict) -> list:
    """Each partner dataset's c-chart with the table beside it (issue 15)."""
    evidence = result.get("partner_evidence") or {}
    return [
        (
            charts.trend_chart(
                f"partner-{i}",
                f"{chart['name']} with control limits",
                chart["months"],
                chart["values"],
                chart["centres"],
                chart["lowers"],
                chart["uppers"],
                demonstration=result.get("demonstration", False),
            ),
            tables[f"partner_series_{i}"],
        )
        for i, chart in enumerate(evidence.get("charts", []), start=1)
    ]


def _charts_by_table(context: dict) -> dict[str, str]:
    """Each chart keyed by the table it sits above, in the page's order."""
    out: dict[str, str] = {}
    if "peers" in context["tables"]:
        out["peers"] = context["funnel_chart"]
    if "series_charts" in context:
        return {**{table.key: svg for svg, table in context["series_charts"]}, **out}
    out.update({"priorities": context["priorities_chart"], "monthly": context["trend_chart"]})
    out.update({table.key: svg for svg, table in context.get("partner_charts", [])})
    return out


def _created(result: dict) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(str(result.get("generated_at", ""))).date()
    except ValueError:
        return None


def _subject(result: dict) -> str:
    subject = f"Crime and disorder figures for {result['area']['name']}"
    if result.get("demonstration"):
        subject += f" ({DEMO_NOTICE})"
    return subject


# Word ----------------------------------------------------------------------------------------


def docx_bytes(result: dict, *, author: str = "CSP Hub") -> bytes:
    """The assessment as an A4 landscape Word document, charts as pictures above their tables."""
    # Imported here, not at the top: python-docx is only for the task that builds the file.
    from docx.shared import Pt

    title = document_title(result)
    doc = documents.word_document(
        title=title,
        author=author,
        subject=_subject(result),
        created=_created(result),
        landscape=True,
    )
    doc.add_heading(title, level=1)
    if result.get("demonstration"):
        p = doc.add_paragraph()
        run = p.add_run(DEMO_NOTICE)
        run.bold = True
    for line in _summary_lines(result):
        doc.add_paragraph(line)
    doc.add_heading("Summary", level=2)
    for paragraph in result["narrative"]:
        doc.add_paragraph(paragraph)
    context = page_context(result)
    chart_for = _charts_by_table(context)
    tables = tables_for(result)
    if "comparators" not in {t.key for t in tables}:
        doc.add_heading("Against the county and peer family", level=2)
        for paragraph in context["comparison"]["paragraphs"]:
            doc.add_paragraph(paragraph)
    for table in tables:
        doc.add_heading(table.caption, level=2)
        for paragraph in table.lead:
            doc.add_paragraph(paragraph)
        if table.key in chart_for:
            documents.add_chart(doc, chart_for[table.key], caption=table.caption, width_cm=17)
        t = doc.add_table(rows=1, cols=len(table.headings))
        t.style = "Table Grid"
        for i, heading in enumerate(table.headings):
            cell = t.rows[0].cells[i]
            cell.text = heading
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.size = Pt(8)
        for row in table.rows:
            cells = t.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = value.text
                for run in cells[i].paragraphs[0].runs:
                    run.font.size = Pt(8)
        if not table.rows:
            doc.add_paragraph("None.")
    return documents.word_bytes(doc)


# PDF -----------------------------------------------------------------------------------------


def pdf_bytes(
    result: dict,
    *,
    author: str = "CSP Hub",
    assessment: Assessment | None = None,
    partnership=None,
) -> bytes:
    """The assessment page (assessments/detail.html) as a tagged A4 landscape PDF."""
    if assessment is None:  # the command line and the benchmark have only the result
        assessment = Assessment(
            kind=result["kind"],
            title=document_title(result),
            status=AssessmentStatus.DONE,
            demonstration=bool(result.get("demonstration")),
            result=result,
        )
    title = document_title(result)
    return documents.pdf_from_template(
        "assessments/detail.html",
        {
            **page_context(result),
            "assessment": assessment,
            "partnership": partnership,
            "title": title,
            "snapshots": [],
            "demo_notice": DEMO_NOTICE,
            "fmt": fmt,
        },
        title=title,
        author=author,
        subject=_subject(result),
        created=_created(result),
        landscape=True,
        notice=DEMO_NOTICE if result.get("demonstration") else "",
    )


# Stored documents (built by the task queue, see documents/) --------------------------------


def assessment_version(assessment: Assessment) -> str:
    """A key that changes whenever anything the assessment's documents show changes."""
    return version_key(
        "assessment",
        assessment.pk,
        assessment.title,
        assessment.status,
        assessment.demonstration,
        assessment.completed,
        assessment.partnership.name,
        json.dumps(assessment.result, sort_keys=True, default=str),
    )


def stored_assessment(*, object_id: int, user, format: str) -> bytes:
    """An assessment's Word or PDF file, for the document store's task."""
    assessment = Assessment.objects.select_related("partnership").get(pk=object_id)
    partnership = assessment.partnership
    if format == "docx":
        return docx_bytes(assessment.result or {}, author=partnership.name)
    return pdf_bytes(
        assessment.result or {},
        author=partnership.name,
        assessment=assessment,
        partnership=partnership,
    )
