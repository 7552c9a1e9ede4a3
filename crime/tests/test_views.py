"""The crime data pages through HTTP: figures, provenance, uploads as a background task."""

from __future__ import annotations

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crime.models import CrimeImport, ImportedFile, ImportStatus
from crime.tests.helpers import street_row, write_street
from partnership.factories import PartnershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


@pytest.fixture
def leeds(world):
    """Partnership A, re-pointed at Leeds so the real West Yorkshire data covers it."""
    world.partnership.area_codes = ["E08000035"]
    world.partnership.save(update_fields=["area_codes"])
    return world.partnership


@pytest.fixture
def leeds_store(data_dir, loaded_store):
    shutil.copytree(loaded_store.root, data_dir.root)
    return data_dir


def test_crime_data_page_shows_counts_and_quality_for_the_area(client, leeds, leeds_store):
    from crime import selectors

    response = client.get(reverse("crime:crime_data", kwargs={"slug": leeds.slug}))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Leeds (E08000035)" in text
    assert "Jul 2016 to Jul 2018" in text
    counts = selectors.crime_counts_by_area(
        area_codes=["E08000035"], month_from="2018-07", month_to="2018-07", store=leeds_store
    )
    violence = next(r.count for r in counts if r.crime_type == "Violence and sexual offences")
    assert f"{violence:,}" in text
    assert "883" in text  # July 2018's rows without a location
    assert "Missing" in text  # the months between the three Julys are gaps, not zeros


def test_crime_data_page_without_data_says_so(client, world, data_dir):
    response = client.get(reverse("crime:crime_data", kwargs={"slug": world.slug}))
    assert response.status_code == 200
    assert "No police.uk data has been imported" in response.content.decode()


def test_upload_imports_in_the_background_and_records_provenance(
    client_for, leeds, data_dir, police_data, on_commit
):
    path = police_data.street_files[2]
    client = client_for("member")
    url = reverse("crime:upload", kwargs={"slug": leeds.slug})
    with on_commit():
        response = client.post(url, {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    crime_import = CrimeImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "crime:upload_status", kwargs={"slug": leeds.slug, "pk": crime_import.pk}
    )
    assert crime_import.status == ImportStatus.DONE
    assert crime_import.requested_by == leeds.roles.get(role="member").user
    assert crime_import.upload_path == ""
    file = ImportedFile.objects.get()
    assert (file.source, file.rows_read, file.rows_kept, file.unallocated) == (
        path.name,
        31635,
        31635,
        883,
    )
    assert len(data_dir.partitions()) == 1
    status = client.get(response["Location"]).content.decode()
    assert "31,635 rows imported" in status

    with on_commit():
        again = client.post(url, {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    assert again.status_code == 302
    assert ImportedFile.objects.count() == 1
    assert CrimeImport.objects.latest("pk").files_unchanged == 1
    listing = client.get(reverse("crime:import_list", kwargs={"slug": leeds.slug})).content
    assert file.sha256[:12].encode() in listing


def test_upload_of_a_bad_file_reports_file_and_line_and_changes_nothing(
    client_for, leeds, data_dir, police_data, tmp_path, on_commit
):
    from crime.ingest import import_paths

    import_paths([police_data.street_files[0]], store=data_dir)
    before = data_dir.fingerprint()
    rows = [street_row("2018-08") for _ in range(3)]
    rows[1] = street_row("2018-08", latitude="north")
    bad = write_street(tmp_path / "2018-08-west-yorkshire-street.csv", rows)
    client = client_for("coordinator")
    with on_commit():
        response = client.post(
            reverse("crime:upload", kwargs={"slug": leeds.slug}),
            {"file": SimpleUploadedFile(bad.name, bad.read_bytes())},
        )
    response = client.get(response["Location"])
    crime_import = CrimeImport.objects.get()
    assert crime_import.status == ImportStatus.FAILED
    assert "2018-08-west-yorkshire-street.csv line 3: malformed Latitude 'north'" in (
        crime_import.error
    )
    assert "malformed Latitude" in response.content.decode()
    assert data_dir.fingerprint() == before
    assert not ImportedFile.objects.exists()


def test_upload_rejects_other_file_types(client_for, leeds, data_dir):
    response = client_for("member").post(
        reverse("crime:upload", kwargs={"slug": leeds.slug}),
        {"file": SimpleUploadedFile("notes.txt", b"hello")},
    )
    assert response.status_code == 400
    assert "Choose a CSV file or a zip archive" in response.content.decode()
    assert not CrimeImport.objects.exists()


def test_upload_status_of_another_partnership_is_not_found(client_for, world, data_dir):
    other_run = CrimeImport.objects.create(
        source_name="x.zip", partnership=PartnershipFactory(), status=ImportStatus.DONE
    )
    response = client_for("coordinator").get(
        reverse("crime:upload_status", kwargs={"slug": world.slug, "pk": other_run.pk})
    )
    assert response.status_code == 404


def test_crime_data_page_draws_a_chart_per_category_from_stored_counts(
    client, leeds, leeds_store, monkeypatch
):
    from crime import selectors

    overview = selectors.crime_area_overview(area_codes=["E08000035"], store=leeds_store)
    # The page reads the stored counts only: no scan of the partitions per view.
    monkeypatch.setattr(
        selectors, "crime_counts_by_area", lambda **kw: pytest.fail("scanned per view")
    )
    response = client.get(reverse("crime:crime_data", kwargs={"slug": leeds.slug}))
    text = response.content.decode()
    assert text.count('<svg class="csp-chart"') == len(overview.rows) > 5
    violence = next(r for r in overview.rows if r.crime_type == "Violence and sexual offences")
    assert 'aria-label="Chart: Violence and sexual offences"' in text
    assert "Violence and sexual offences: crimes per month</title>" in text
    # The text alternative names the range of the counts the table shows.
    present = [
        c
        for m, c in zip(overview.months_shown, violence.counts, strict=True)
        if not overview.month_flags.get(m)
    ]
    assert f"range from {min(present):,} to {max(present):,}" in text


def test_small_chart_draws_flagged_months_as_gaps_not_zeros():
    from assessments.charts import small_trend_chart

    svg = small_trend_chart("c", "Burglary", ["Jan 2024", "Feb 2024", "Mar 2024"], [5, None, 7])
    assert svg.count("<circle") == 2  # no point for the gap
    line = svg.split('<path d="')[1].split('"')[0]
    assert line.count("M") == 2 and "L" not in line  # the line breaks at the gap
    assert "Gaps in the data (missing or implausibly low, not drawn): Feb 2024." in svg
    assert "range from 5 to 7, latest 7." in svg
    assert small_trend_chart("c", "Burglary", [], []) == ""
