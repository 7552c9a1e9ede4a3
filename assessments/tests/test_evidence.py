"""Evidence snapshots are frozen: re-importing the crime store leaves them unchanged."""

from __future__ import annotations

import csv

import pytest

from assessments.models import EvidenceSnapshot
from assessments.periods import Period
from assessments.services import assessment_generate, assessment_request, evidence_snapshot_freeze
from assessments.tests.conftest import STREET_FOLDER
from crime.ingest import import_paths
from partnership.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _reimport_without_violence(store, tmp_path) -> None:
    """Re-import July 2018 with its Leeds violence rows halved (a corrected file)."""
    source = next(STREET_FOLDER.glob("2018-07/2018-07-west-yorkshire-street.csv"))
    target = tmp_path / "fixed" / "2018-07" / source.name
    target.parent.mkdir(parents=True)
    with (
        open(source, newline="", encoding="utf-8") as fin,
        open(target, "w", newline="", encoding="utf-8") as fout,
    ):
        reader, writer = csv.reader(fin), csv.writer(fout)
        writer.writerow(next(reader))
        kept = 0
        for row in reader:
            if row[9] == "Violence and sexual offences" and row[8].startswith("Leeds"):
                kept += 1
                if kept % 2:
                    continue
            writer.writerow(row)
    import_paths([target], store=store)


def test_snapshot_keeps_its_figures_after_the_store_is_reimported(own_crime_data, tmp_path):
    partnership = PartnershipFactory(slug="safer-leeds", area_codes=["E08000035"])
    assessment = assessment_request(
        partnership=partnership,
        kind="strategic",
        current=Period.parse("2018-07"),
        baseline=Period.parse("2017-07"),
        run=False,
    )
    assessment_generate(assessment=assessment)
    snapshot = evidence_snapshot_freeze(
        partnership=partnership,
        assessment=assessment,
        category="Violence and sexual offences",
        title="Violence and sexual offences (2018/19)",
    )
    before = EvidenceSnapshot.objects.get(pk=snapshot.pk).figures
    assert before["category"]["current"] == 3319
    assert before["category"]["baseline"] == 2433

    _reimport_without_violence(own_crime_data, tmp_path)
    fresh = assessment_request(
        partnership=partnership,
        kind="strategic",
        current=Period.parse("2018-07"),
        baseline=Period.parse("2017-07"),
        run=False,
    )
    assessment_generate(assessment=fresh)
    fresh_vso = next(
        r for r in fresh.result["categories"] if r["category"] == "Violence and sexual offences"
    )
    assert fresh_vso["current"] < 3319  # the store really changed

    after = EvidenceSnapshot.objects.get(pk=snapshot.pk)
    assert after.figures == before
    assert after.figures["category"]["current"] == 3319
    shas = {p["sha256"] for p in after.provenance["partitions"] if p["month"] == "2018-07"}
    new_shas = {p["sha256"] for p in fresh.provenance["partitions"] if p["month"] == "2018-07"}
    assert shas and new_shas and shas != new_shas
