"""Loading the ONS LSOA → ward best-fit lookup: a good file, each bad input with its file and
line, the same file twice, and a failure half-way through the write (all or nothing)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crime import selectors, services
from crime.ingest import CrimeImportError
from crime.models import LsoaWard, WardLookup
from crime.tests.helpers import WARD_HEADER, made_up_ward_rows
from partnership.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

LEEDS_ROWS = [
    [
        "900",
        "E01011264",
        "Leeds 001A",
        "E05001414",
        "Adel and Wharfedale",
        "",
        "E08000035",
        "Leeds",
    ],
    [
        "901",
        "E01011265",
        "Leeds 001B",
        "E05001414",
        "Adel and Wharfedale",
        "",
        "E08000035",
        "Leeds",
    ],
]


def _csv(header: list[str], rows: list[list[str]], bom: bool = False) -> bytes:
    lines = [",".join(header), *(",".join(r) for r in rows)]
    return ("\ufeff" if bom else "").encode() + ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def calderdale():
    return PartnershipFactory(slug="calderdale", name="Safer Calderdale", area_codes=["E08000033"])


@pytest.fixture
def rows(police_data):
    return made_up_ward_rows(police_data.lookup_csv)


def _load(partnership, store, data: bytes, name: str = "wards.csv"):
    return services.ward_lookup_load(partnership=partnership, filename=name, data=data, store=store)


def test_a_good_file_loads_the_areas_lsoas_with_their_wards_and_provenance(
    calderdale, rows, geography_store, django_user_model
):
    user = django_user_model.objects.create_user(email="ann@example.org", full_name="Ann Analyst")
    data = _csv(WARD_HEADER, rows + LEEDS_ROWS)
    outcome = services.ward_lookup_load(
        partnership=calderdale, filename="wards.csv", data=data, user=user, store=geography_store
    )
    lookup = outcome.lookup
    assert outcome.status == "loaded"
    assert (lookup.lsoas, lookup.wards, lookup.skipped, lookup.rows_read) == (128, 16, 2, 130)
    assert lookup.ward_year == "2020" and lookup.loaded_by_name == "Ann Analyst"
    assert len(lookup.sha256) == 64 and lookup.source_name == "wards.csv"
    assert outcome.summary == (
        "Loaded 128 LSOAs in 16 wards (as at 2020) from wards.csv (2 rows outside the area "
        "skipped)."
    )
    wards = selectors.lsoa_wards(lookup=lookup)
    assert wards[rows[0][1]] == ("E05099001", "Test ward 01")
    assert "E01011264" not in wards  # Leeds: outside the area


def test_year_suffixed_columns_objectid_and_a_byte_order_mark_are_read(
    calderdale, rows, geography_store
):
    header = [h.replace("20", "19").replace("FID", "ObjectId") for h in WARD_HEADER]
    outcome = _load(calderdale, geography_store, _csv(header, rows, bom=True))
    assert outcome.lookup.ward_year == "2019" and outcome.lookup.lsoas == 128


def test_the_same_file_twice_changes_nothing_and_another_replaces_it(
    calderdale, rows, geography_store
):
    first = _load(calderdale, geography_store, _csv(WARD_HEADER, rows)).lookup
    again = _load(calderdale, geography_store, _csv(WARD_HEADER, rows), name="copy.csv")
    assert again.status == "unchanged" and again.lookup.pk == first.pk
    assert WardLookup.objects.count() == 1 and LsoaWard.objects.count() == 128
    renamed = [[*r[:4], r[4].replace("Test", "Trial"), *r[5:]] for r in rows]
    replaced = _load(calderdale, geography_store, _csv(WARD_HEADER, renamed), name="new.csv")
    assert replaced.status == "replaced"
    first.refresh_from_db()
    assert first.replaced_at is not None and not first.rows.exists()  # kept as provenance
    assert selectors.ward_lookup_current(partnership=calderdale).pk == replaced.lookup.pk
    assert LsoaWard.objects.filter(ward_name__startswith="Trial").count() == 128


def _drop_column(rows, header, name):
    i = header.index(name)
    return [h for h in header if h != name], [r[:i] + r[i + 1 :] for r in rows]


@pytest.mark.parametrize(
    "case, expected",
    [
        ("missing column", "bad.csv line 1: missing column LSOA11CD"),
        ("missing ward names", "bad.csv line 1: missing column WD20NM"),
        ("duplicate LSOA", "bad.csv line 6: LSOA {first} appears twice (lines 2 and 6)"),
        ("unknown LSOA", "bad.csv line 4: LSOA E01099999 is placed in E08000033 but is not an"),
        ("bad ward code", "bad.csv line 3: WD20CD X05000001 is not a ward code"),
        ("LSOA without a ward", "bad.csv: gives no ward to 1 of the 128 LSOAs of Calderdale"),
        ("short row", "bad.csv line 5: expected 8 values, found 7"),
    ],
)
def test_a_bad_file_is_refused_naming_file_and_line_and_changes_nothing(
    calderdale, rows, geography_store, case, expected
):
    kept = _load(calderdale, geography_store, _csv(WARD_HEADER, rows)).lookup
    header, bad = list(WARD_HEADER), [list(r) for r in rows]
    if case == "missing column":
        header, bad = _drop_column(bad, header, "LSOA11CD")
    elif case == "missing ward names":
        header, bad = _drop_column(bad, header, "WD20NM")
    elif case == "duplicate LSOA":
        bad.insert(4, list(bad[0]))
    elif case == "unknown LSOA":
        bad.insert(2, ["0", "E01099999", "Nowhere 001A", "E05099001", "Test ward 01", "",
                       "E08000033", "Calderdale"])  # fmt: skip
    elif case == "bad ward code":
        bad[1][3] = "X05000001"
    elif case == "LSOA without a ward":
        bad = bad[:-1]
    elif case == "short row":
        bad[3] = bad[3][:-1]
    with pytest.raises(CrimeImportError) as caught:
        _load(calderdale, geography_store, _csv(header, bad), name="bad.csv")
    assert str(caught.value).startswith(expected.format(first=rows[0][1]))
    assert list(WardLookup.objects.values_list("pk", "replaced_at")) == [(kept.pk, None)]
    assert LsoaWard.objects.filter(lookup=kept).count() == 128


def test_a_failure_while_writing_leaves_the_previous_lookup_in_place(
    calderdale, rows, geography_store, monkeypatch
):
    kept = _load(calderdale, geography_store, _csv(WARD_HEADER, rows)).lookup
    renamed = [[*r[:4], r[4] + " (new)", *r[5:]] for r in rows]

    def crash(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(LsoaWard.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError):
        _load(calderdale, geography_store, _csv(WARD_HEADER, renamed), name="new.csv")
    assert list(WardLookup.objects.values_list("pk", "replaced_at")) == [(kept.pk, None)]
    assert not LsoaWard.objects.filter(ward_name__endswith="(new)").exists()
    assert LsoaWard.objects.filter(lookup=kept).count() == 128


def test_the_command_loads_the_file_and_says_what_it_did(
    calderdale, rows, geography_store, settings, tmp_path, capsys
):
    settings.CSPHUB_DATA_DIR = geography_store.root.parent
    path = tmp_path / "LSOA11_WD20_LAD20_EW_LU.csv"
    path.write_bytes(_csv(WARD_HEADER, rows))
    call_command("load_ward_lookup", str(path), "--partnership", "calderdale")
    assert "Loaded 128 LSOAs in 16 wards (as at 2020) from LSOA11_WD20_LAD20_EW_LU.csv." in (
        capsys.readouterr().out
    )
    path.write_bytes(_csv(WARD_HEADER, rows[:-1]))
    with pytest.raises(CommandError, match="Ward lookup not loaded. LSOA11_WD20_LAD20_EW_LU.csv"):
        call_command("load_ward_lookup", str(path), "--partnership", "calderdale")


def test_the_upload_form_loads_a_good_file_and_shows_a_bad_ones_file_and_line(
    world, rows, geography_store, settings, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.CSPHUB_DATA_DIR = geography_store.root.parent
    world.partnership.area_codes = ["E08000033"]
    world.partnership.save(update_fields=["area_codes"])
    url = reverse("crime:ward_lookup_upload", kwargs={"slug": world.slug})
    coordinator = client_for("coordinator")
    bad = _csv(WARD_HEADER, rows + [rows[3]])
    response = coordinator.post(url, {"file": SimpleUploadedFile("wd.csv", bad, "text/csv")})
    assert response.status_code == 400
    assert f"wd.csv line 130: LSOA {rows[3][1]} appears twice" in response.content.decode()
    assert not WardLookup.objects.exists()
    good = SimpleUploadedFile("wd.csv", _csv(WARD_HEADER, rows), "text/csv")
    response = coordinator.post(url, {"file": good}, follow=True)
    assert "Loaded 128 LSOAs in 16 wards (as at 2020) from wd.csv." in response.content.decode()
    assert selectors.ward_lookup_current(partnership=world.partnership).loaded_by_name
