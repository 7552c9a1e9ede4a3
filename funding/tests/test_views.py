"""Funding pages: the coordinator's request journey over HTTP, and the exports."""

import csv
import io

import pytest
from openpyxl import load_workbook

from funding.factories import PotFactory
from funding.models import FundingRequest, RequestStatus
from funding.services import pot_balance, protocol_set

pytestmark = pytest.mark.django_db


def _date(prefix, d, m, y):
    return {f"{prefix}_day": d, f"{prefix}_month": m, f"{prefix}_year": y}


def test_coordinator_records_checks_approves_and_pays_a_request(world, client_for):
    c = client_for("coordinator")
    p = world.partnership
    pot = PotFactory(partnership=p, funder=world.bodies["public"], amount_pence=1_800_000)
    protocol = protocol_set(
        partnership=p,
        decider="The delivery group",
        coordinator_limit_pence=0,
        criteria=["Serves a priority"],
    )
    base = f"/p/{p.slug}/funding"
    r = c.post(
        f"{base}/pots/{pot.pk}/requests/new/",
        {
            "requesting_body": world.bodies["public"].pk,
            "title": "Porchlight outreach",
            "purpose": "Two outreach workers",
            "amount_pence": "£5,000",
            "theme": "intervention",
            "visibility": "public",
        },
    )
    assert r.status_code == 302
    req = FundingRequest.objects.get(title="Porchlight outreach")
    assert req.amount_pence == 500_000
    assert (
        c.post(f"{base}/requests/{req.pk}/submit/", _date("submitted_on", 20, 11, 2010)).status_code
        == 302
    )
    decide = {
        "decision": "approve",
        **_date("decided_on", 25, 11, 2010),
        "decided_by": "Delivery group",
        "meeting_reference": "25 November 2010, item 8.1",
    }
    r = c.post(f"{base}/requests/{req.pk}/decide/", decide)
    assert r.status_code == 400 and "Serves a priority" in r.content.decode()
    criterion = protocol.criteria.get()
    c.post(
        f"{base}/requests/{req.pk}/check/",
        {**_date("checked_on", 24, 11, 2010), f"criterion_{criterion.pk}": "on"},
    )
    assert c.post(f"{base}/requests/{req.pk}/decide/", decide).status_code == 302
    assert pot_balance(pot).uncommitted == 1_300_000
    page = c.get(f"{base}/pots/{pot.pk}/").content.decode()
    assert "£13,000" in page and "£5,000" in page
    assert (
        c.post(f"{base}/requests/{req.pk}/paid/", _date("paid_on", 1, 12, 2010)).status_code == 302
    )
    req.refresh_from_db()
    assert req.status == RequestStatus.PAID
    assert pot_balance(pot).paid == 500_000


def test_decision_form_shows_over_commitment_refusal(world, client_for):
    c = client_for("coordinator")
    pot = PotFactory(partnership=world.partnership, funder=world.bodies["public"], amount_pence=100)
    req = FundingRequest.objects.create(
        pot=pot,
        requesting_body=world.bodies["public"],
        title="Big",
        purpose="P",
        amount_pence=500_000,
        status=RequestStatus.SUBMITTED,
    )
    r = c.post(
        f"/p/{world.slug}/funding/requests/{req.pk}/decide/",
        {"decision": "approve", **_date("decided_on", 25, 11, 2010), "decided_by": "Group"},
    )
    assert r.status_code == 400
    assert "over-commit" in r.content.decode()


def test_csv_and_xlsx_exports_carry_balances_in_pence(world, client_for):
    pot = PotFactory(
        partnership=world.partnership,
        funder=world.bodies["public"],
        name="Under-spend",
        amount_pence=1_800_000,
    )
    FundingRequest.objects.create(
        pot=pot,
        requesting_body=world.bodies["public"],
        title="Stay Safe",
        purpose="P",
        amount_pence=500_000,
        status=RequestStatus.APPROVED,
        visibility="public",
    )
    c = client_for("anonymous")
    text = c.get(f"/p/{world.slug}/funding/export.csv").content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    pots = {r[0]: r for r in rows[1:] if r and r[0] == "Under-spend" and len(r) == 12}
    assert pots["Under-spend"][6] == "500000" and pots["Under-spend"][8] == "1300000"
    assert any(
        r[:3] == ["Under-spend", "2010/11", "Stay Safe"] and r[5] == "5000.00"
        for r in rows
        if len(r) > 5
    )
    book = load_workbook(io.BytesIO(c.get(f"/p/{world.slug}/funding/export.xlsx").content))
    assert book.sheetnames == ["Pots", "Requests"]
    sheet_rows = list(book["Pots"].iter_rows(values_only=True))
    assert sheet_rows[1][:2] == ("Under-spend", "2010/11") and sheet_rows[1][8] == 1_300_000


@pytest.mark.parametrize(
    "amount", ["\u0663", "\u0665\u0660\u0660\u0660", "£\uff15,000", "5\u0660.50"]
)
def test_an_amount_in_digits_other_than_0_to_9_is_refused(world, client_for, amount):
    c = client_for("coordinator")
    pot = PotFactory(partnership=world.partnership, funder=world.bodies["public"])
    r = c.post(
        f"/p/{world.slug}/funding/pots/{pot.pk}/requests/new/",
        {
            "requesting_body": world.bodies["public"].pk,
            "title": "Arabic-Indic three",
            "purpose": "P",
            "amount_pence": amount,
            "theme": "intervention",
            "visibility": "public",
        },
    )
    assert r.status_code == 400
    assert "Enter an amount in pounds, such as 5000 or 5000.50" in r.content.decode()
    assert not FundingRequest.objects.filter(title="Arabic-Indic three").exists()
