"""The demo assessment evidences all four of seed 002's proposed priorities from loaded data."""

from __future__ import annotations

import pytest

from assessments.demo import load
from assessments.models import Assessment
from evidence.models import PartnerDataset
from partnership.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

# Seed 002 item 7.1: "anti-social behaviour, domestic abuse, road safety and drug and substance
# misuse". Each is evidenced by rows of the demo's strategic assessment.
PRIORITIES = {
    # The synthetic police.uk data hold no ASB: the council's reports and secondary fires do.
    "Anti-social behaviour": {
        "Anti-social behaviour reports to the council",
        "Deliberate secondary fires",
    },
    "Domestic abuse": {"Domestic abuse incidents"},
    "Road safety": {
        "Road casualties killed or seriously injured",
        "Road casualties slightly injured",
    },
    "Drug and substance misuse": {
        "Drugs",
        "Hospital admissions for drug- or alcohol-related conditions",
    },
}


def test_the_demo_assessment_evidences_the_four_priorities_as_demonstration_data(
    settings, tmp_path
):
    settings.CSPHUB_DATA_DIR = tmp_path / "data"
    partnership = PartnershipFactory(
        name="Safer Maidstone", slug="safer-maidstone", area_codes=["E07000110"]
    )
    load(partnership)
    assert all(d.demonstration for d in PartnerDataset.objects.filter(partnership=partnership))
    strategic = Assessment.objects.get(partnership=partnership, kind="strategic")
    assert strategic.status == "done", strategic.error
    rows = {r["category"]: r for r in strategic.result["categories"]}
    for priority, evidence in PRIORITIES.items():
        assert evidence <= set(rows), (priority, evidence - set(rows))
        for name in evidence:
            assert rows[name]["current"] > 0, (name, rows[name]["current"], rows[name]["baseline"])
            if rows[name].get("source"):
                assert rows[name]["demonstration"] is True
                assert rows[name]["files"], name
    scored = {p["category"] for p in strategic.result["priorities"]}
    assert set().union(*PRIORITIES.values()) <= scored
    # Domestic abuse falls in the demo, as seed 002 says ("Domestic abuse has decreased").
    assert (
        rows["Domestic abuse incidents"]["current"] < rows["Domestic abuse incidents"]["baseline"]
    )
    narrative = " ".join(strategic.result["narrative"])
    assert "Demonstration data: " in narrative
    assert strategic.provenance["partner_files"]
    # Loading the demo again changes no file.
    from evidence.models import DatasetLoad

    before = sorted(DatasetLoad.objects.values_list("pk", "sha256"))
    load(partnership)
    assert sorted(DatasetLoad.objects.values_list("pk", "sha256")) == before
    exceptions = Assessment.objects.get(partnership=partnership, kind="exceptions")
    assert any(c["kind"] == "partner" for c in exceptions.result["categories"])
