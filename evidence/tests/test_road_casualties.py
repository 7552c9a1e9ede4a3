"""STATS19 road safety open data: collisions and casualties, older and newer column names."""

from __future__ import annotations

import pytest

from evidence import services
from evidence.ingest import EvidenceFileError
from evidence.models import DatasetCount, DatasetLoad

pytestmark = pytest.mark.django_db

# The published layouts (DfT road safety open data guide): before 2024 the collision file's key
# columns were accident_index, accident_year and accident_reference; from the 2024 guide they
# are collision_index, collision_year and collision_reference.
OLD_COLLISIONS = (
    "accident_index,accident_year,accident_reference,location_easting_osgr,"
    "location_northing_osgr,longitude,latitude,police_force,accident_severity,"
    "number_of_vehicles,number_of_casualties,date,day_of_week,time,"
    "local_authority_district,local_authority_ons_district,local_authority_highway,"
    "first_road_class,first_road_number,road_type,speed_limit,urban_or_rural_area,"
    "lsoa_of_accident_location\n"
    "2010460000001,2010,460000001,575000,155000,0.52,51.27,46,2,2,2,15/01/2010,6,08:15,"
    "-1,E07000110,E10000016,3,20,6,30,1,E01024347\n"
    "2010460000002,2010,460000002,576000,156000,0.53,51.28,46,1,1,1,03/02/2010,4,23:40,"
    "-1,E07000110,E10000016,3,20,6,60,2,E01024348\n"
    "2010460000003,2010,460000003,540000,150000,0.20,51.20,46,3,2,1,20/02/2010,7,12:00,"
    "-1,E07000111,E10000016,4,25,6,30,1,E01099999\n"
    "2010460000004,2010,460000004,,,,,97,3,1,1,21/02/2010,1,12:00,-1,S12000033,S12000033,"
    "3,1,6,30,1,-1\n"
)
OLD_CASUALTIES = (
    "accident_index,accident_year,accident_reference,vehicle_reference,casualty_reference,"
    "casualty_class,sex_of_casualty,age_of_casualty,age_band_of_casualty,casualty_severity,"
    "pedestrian_location,pedestrian_movement,car_passenger,bus_or_coach_passenger,"
    "pedestrian_road_maintenance_worker,casualty_type,casualty_home_area_type,casualty_imd_decile\n"
    "2010460000001,2010,460000001,1,1,1,1,34,6,3,0,0,0,0,0,9,1,5\n"
    "2010460000001,2010,460000001,2,2,1,2,51,8,2,0,0,0,0,0,9,1,6\n"
    "2010460000002,2010,460000002,1,1,3,1,17,4,1,5,1,0,0,0,0,1,3\n"
    "2010460000003,2010,460000003,1,1,1,2,40,7,3,0,0,0,0,0,9,1,2\n"
    "2010460000004,2010,460000004,1,1,1,2,40,7,3,0,0,0,0,0,9,1,2\n"
)


def new_layout(text: str) -> str:
    header, rest = text.split("\n", 1)
    header = (
        header.replace("accident_index", "collision_index")
        .replace("accident_year", "collision_year")
        .replace("accident_reference", "collision_reference")
        .replace("accident_severity", "collision_severity")
    )
    return header + "\n" + rest


def load(partnership, geography, collisions=OLD_COLLISIONS, casualties=OLD_CASUALTIES, year=2010):
    return services.road_casualties_load(
        partnership=partnership,
        year=year,
        collisions_name="dft-road-casualty-statistics-collision-2010.csv",
        collisions=collisions.encode(),
        casualties_name="dft-road-casualty-statistics-casualty-2010.csv",
        casualties=casualties.encode(),
        store=geography,
    )


@pytest.mark.parametrize("layout", [lambda t: t, new_layout], ids=["accident_", "collision_"])
def test_casualties_are_counted_by_severity_lsoa_and_month(partnership, geography, layout):
    outcome = load(partnership, geography, layout(OLD_COLLISIONS), layout(OLD_CASUALTIES))
    counts = sorted(
        DatasetCount.objects.filter(load=outcome.load).values_list(
            "code", "month", "breakdown", "count"
        )
    )
    assert counts == [
        ("E01024347", "2010-01", "serious", 1),
        ("E01024347", "2010-01", "slight", 1),
        ("E01024348", "2010-02", "fatal", 1),
    ]
    # The unknown LSOA and the Scottish collision (-1) are counted as skipped.
    assert (outcome.load.rows, outcome.load.total, outcome.load.skipped) == (5, 3, 2)
    assert len(outcome.load.months) == 12
    assert outcome.load.extra_sources[0]["source"].endswith("casualty-2010.csv")
    assert load(partnership, geography, layout(OLD_COLLISIONS), layout(OLD_CASUALTIES)).status == (
        "unchanged"
    )


@pytest.mark.parametrize(
    ("collisions", "casualties", "message"),
    [
        (
            OLD_COLLISIONS.replace("lsoa_of_accident_location", "lsoa"),
            OLD_CASUALTIES,
            "collision-2010.csv line 1: not a STATS19 file",
        ),
        (
            OLD_COLLISIONS.replace("15/01/2010", "15/01/2011"),
            OLD_CASUALTIES,
            "collision-2010.csv line 2: the date 15/01/2011 is not in 2010",
        ),
        (
            OLD_COLLISIONS.replace("2010460000002,2010", "2010460000002,2011"),
            OLD_CASUALTIES,
            "collision-2010.csv line 3: the collision is of 2011",
        ),
        (
            OLD_COLLISIONS,
            OLD_CASUALTIES.replace(",34,6,3,", ",34,6,4,"),
            "casualty-2010.csv line 2: casualty_severity '4'",
        ),
        (
            OLD_COLLISIONS,
            OLD_CASUALTIES + "2010460000001,2010,460000001,1,1,1,1,34,6,3,0,0,0,0,0,9,1,5\n",
            "casualty-2010.csv line 7: duplicated row: the same casualty as line 2",
        ),
        (
            OLD_COLLISIONS,
            OLD_CASUALTIES + "2010469999999,2010,469999999,1,1,1,1,34,6,3,0,0,0,0,0,9,1,5\n",
            "collision 2010469999999 is not in",
        ),
    ],
)
def test_bad_stats19_files_are_refused_and_change_nothing(
    partnership, geography, collisions, casualties, message
):
    load(partnership, geography)
    before = list(DatasetCount.objects.values_list("code", "month", "breakdown", "count"))
    with pytest.raises(EvidenceFileError) as caught:
        load(partnership, geography, collisions, casualties)
    assert message in str(caught.value)
    assert list(DatasetCount.objects.values_list("code", "month", "breakdown", "count")) == before
    assert DatasetLoad.objects.count() == 1
