"""Hotspot maps (issue 15 point 8): a category's points as a density grid inside the area's
outline, and its top "On or near" locations, from a small street file written here."""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse

from crime import selectors
from crime.ingest import import_paths
from crime.store import Store
from crime.tests.helpers import street_row, write_street

LEEDS = ["E08000035"]


def _row(lon: str, lat: str, location: str, crime: str = "Burglary", lsoa: str = "E01011264"):
    return street_row(
        "2018-07",
        longitude=lon,
        latitude=lat,
        location=location,
        crime_type_original=crime,
        lsoa_code=lsoa,
    )


@pytest.fixture
def spot_store(tmp_path, geography_store) -> Store:
    store = Store(tmp_path / "crime")
    shutil.copytree(geography_store.root, store.root)
    rows = [
        *[_row("-1.50", "53.80", "On or near Park Row")] * 3,
        _row("-1.60", "53.70", "On or near Mill Lane"),
        _row("-1.40", "53.90", "On or near Kirkgate", crime="Drugs", lsoa="E01011265"),
        _row("-1.40", "53.70", "On or near Station Road", crime="Drugs"),
        _row("-1.60", "53.90", "On or near Church Street", crime="Robbery"),
        _row("", "", "No Location"),  # no map point: counted, not mapped
        _row("-2.50", "52.00", "On or near Elsewhere", lsoa="E01000001"),  # not Leeds
    ]
    folder = tmp_path / "upload" / "2018-07"
    write_street(folder / "2018-07-west-yorkshire-street.csv", rows)
    import_paths([tmp_path / "upload"], store=store)
    return store


def test_hotspots_grid_outline_and_top_locations(spot_store):
    spots = selectors.crime_hotspots(
        area_codes=LEEDS,
        crime_type="Burglary",
        month_from="2018-07",
        month_to="2018-07",
        store=spot_store,
    )
    assert spots.total == 5 and spots.unplaced == 1
    assert spots.locations == [("On or near Park Row", 3), ("On or near Mill Lane", 1)]
    # The outline is every category's points in Leeds: the four corners, not the point outside.
    assert sorted(spots.hull) == sorted([(-1.6, 53.7), (-1.4, 53.7), (-1.4, 53.9), (-1.6, 53.9)])
    assert spots.bounds == (-1.6, 53.7, -1.4, 53.9)
    assert sum(n for _, _, n in spots.cells) == 4
    # Square cells on the ground: 0.2° of longitude at 53.8° N is ~0.59 of 0.2° of latitude.
    assert spots.rows == selectors.HOTSPOT_CELLS and spots.columns == 14
    # Park Row (-1.50, 53.80) is in the middle; Mill Lane (-1.60, 53.70) the south-west cell.
    assert (0, spots.rows - 1, 1) in spots.cells
    assert (spots.columns // 2, spots.rows // 2, 3) in spots.cells


def test_convex_hull_drops_inner_and_collinear_points():
    square = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (1.0, 1.0), (1.0, 0.0)]
    assert selectors._convex_hull(square) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]


@pytest.mark.django_db
def test_hotspot_page_shows_the_map_and_the_locations_table(client, world, data_dir, spot_store):
    shutil.copytree(spot_store.root, data_dir.root)
    world.partnership.area_codes = LEEDS
    world.partnership.save(update_fields=["area_codes"])
    url = reverse("crime:hotspots", kwargs={"slug": world.slug, "category": "burglary"})
    text = client.get(url).content.decode()
    assert '<h1 class="govuk-heading-l">Hotspots: Burglary</h1>' in text
    assert 'aria-label="Map: Burglary"' in text
    assert "4 crimes fall in 2 cells. The busiest cell holds 3 (75% of them)." in text
    assert "On or near Park Row" in text and "60.0%" in text
    assert "of which 1 had no map point" in text
    assert "Kirkgate" not in text  # another category's location
    page = client.get(reverse("crime:crime_data", kwargs={"slug": world.slug})).content.decode()
    assert url in page
    missing = reverse("crime:hotspots", kwargs={"slug": world.slug, "category": "nope"})
    assert client.get(missing).status_code == 404
