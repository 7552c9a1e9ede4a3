"""The shared document plumbing: whole file names, A4 Word files, charts and refused fetches."""

import io

import pytest
from pypdf import PdfReader

from core import documents
from core.testing.documents import docx_page_mm, pdf_report


def test_file_names_are_whole_and_readable():
    name = documents.file_name(
        "minutes", "Safer Maidstone Partnership Delivery Group", "2010-11-25", ext="pdf"
    )
    assert name == "minutes-safer-maidstone-partnership-delivery-group-2010-11-25.pdf"
    assert documents.file_name("Regeneration & Communities", ext="docx") == (
        "regeneration-and-communities.docx"
    )


def test_word_documents_are_a4_with_the_partnership_as_author():
    doc = documents.word_document(title="T", author="Safer Maidstone Partnership")
    data = documents.word_bytes(doc)
    assert docx_page_mm(data) == (210.0, 297.0)
    assert doc.core_properties.author == "Safer Maidstone Partnership"


def test_an_empty_chart_adds_no_picture_and_a_chart_adds_one():
    doc = documents.word_document(title="T", author="A")
    documents.add_chart(doc, "", caption="Nothing")
    assert len(doc.inline_shapes) == 0
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>'
    documents.add_chart(doc, svg, caption="A square")
    assert len(doc.inline_shapes) == 1


def test_a_pdf_loads_nothing_from_outside(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>'
    picture = tmp_path / "x.png"
    picture.write_bytes(documents.svg_png(svg, width_px=20))
    html = (
        '<html lang="en-GB"><head><title>T</title></head><body><h1>T</h1>'
        f'<img src="{picture.as_uri()}" alt="x"></body></html>'
    )
    data = documents.pdf_from_html(html)
    report = pdf_report(data)
    assert report.lang == "en-GB" and report.title == "T" and report.marked
    # The local file was not read: the PDF holds no picture, only the image's alt text.
    assert len(PdfReader(io.BytesIO(data)).pages[0].images) == 0 and "x" in report.text


def test_svg_png_refuses_an_empty_chart():
    with pytest.raises(ValueError, match="No SVG"):
        documents.svg_png("")
