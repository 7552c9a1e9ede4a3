"""Loading partner files: all or nothing, provenance, idempotence, and every kind of bad input."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from evidence import services
from evidence.ingest import EvidenceFileError
from evidence.models import DatasetCount, DatasetLoad

pytestmark = pytest.mark.django_db


def lsoa_dataset(partnership, **extra):
    return services.dataset_declare_from_preset(
        partnership=partnership, key="police-domestic-abuse-incidents", **extra
    )


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


GOOD = csv(
    "period,lsoa_code,count",
    "2010-07,E01024347,12",
    "2010-07,E01024348,3",
    "2010-07,E01024400,9",
)


def test_a_file_loads_with_its_provenance_and_the_same_file_again_changes_nothing(
    partnership, geography, django_user_model
):
    user = django_user_model.objects.create_user(email="ann@example.org", password="x")
    dataset = lsoa_dataset(partnership)
    outcome = services.dataset_load(
        dataset=dataset, period="2010-07", filename="da-2010-07.csv", data=GOOD, user=user
    )
    load = outcome.load
    assert outcome.status == "imported"
    assert (load.source_name, load.rows, load.total, load.months) == (
        "da-2010-07.csv",
        3,
        24,
        ["2010-07"],
    )
    import hashlib

    assert load.sha256 == hashlib.sha256(GOOD).hexdigest()
    assert load.uploaded_by == user and load.created is not None
    again = services.dataset_load(
        dataset=dataset, period="2010-07", filename="copy.csv", data=GOOD, user=user
    )
    assert again.status == "unchanged" and again.load.pk == load.pk
    assert DatasetCount.objects.filter(load=load).count() == 3


def test_another_file_for_a_period_replaces_it_and_records_the_old_one(partnership, geography):
    dataset = lsoa_dataset(partnership)
    first = services.dataset_load(dataset=dataset, period="2010-07", filename="a.csv", data=GOOD)
    newer = csv("period,lsoa_code,count", "2010-07,E01024347,14")
    outcome = services.dataset_load(dataset=dataset, period="2010-07", filename="b.csv", data=newer)
    assert outcome.status == "replaced"
    load = DatasetLoad.objects.get(pk=first.load.pk)
    assert (load.source_name, load.total, load.replaced_rows) == ("b.csv", 14, 3)
    assert load.replaced_sha256 == first.load.sha256
    assert list(load.counts.values_list("code", "count")) == [("E01024347", 14)]


def test_an_xlsx_file_loads_like_a_csv(partnership, geography):
    dataset = services.dataset_declare_from_preset(
        partnership=partnership, key="fire-violence-against-staff"
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["Period", "Count"])
    sheet.append(["2010-07", 2])
    out = io.BytesIO()
    book.save(out)
    outcome = services.dataset_load(
        dataset=dataset, period="2010-07", filename="fire.xlsx", data=out.getvalue()
    )
    assert outcome.load.months == ["2010-07", "2010-08", "2010-09"]
    assert outcome.load.total == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            csv("period,lsoa,count", "2010-07,E01024347,1"),
            "line 1: the columns must be period, lsoa_code, count",
        ),
        (
            csv("period,lsoa_code,count", "2010-08,E01024347,1"),
            "line 2: the period is 2010-08, but the file is being loaded for 2010-07",
        ),
        (
            csv("period,lsoa_code,count", "2010-07,E01099999,1"),
            "line 2: unknown LSOA code E01099999",
        ),
        (
            csv("period,lsoa_code,count", "2010-07,E01024347,1", "2010-07,E01024347,2"),
            "line 3: duplicated row: E01024347 for 2010-07 is also on line 2",
        ),
        (csv("period,lsoa_code,count", "2010-07,E01024347,-1"), "line 2: count -1 is negative"),
        (
            csv("period,lsoa_code,count", "2010-07,E01024347,1.5"),
            "line 2: count '1.5' is not a whole number",
        ),
        (
            csv("period,outward_postcode,count", "2010-07,ME15,1"),
            "line 1: the file gives a geography the dataset did not declare: Outward postcode (outward_postcode), but the dataset is counted by LSOA",
        ),
        (
            csv("period,lsoa_code,count,surname", "2010-07,E01024347,1,Smith"),
            "column 'surname' is personal data (names identify people)",
        ),
        (
            csv("period,lsoa_code,count,Date of birth", "2010-07,E01024347,1,1970-01-01"),
            "column 'Date of birth' is personal data (a date of birth identifies a person)",
        ),
        (
            csv("period,lsoa_code,count,description", "2010-07,E01024347,1,fight"),
            "free-text descriptions can name or identify people",
        ),
        (
            csv("period,lsoa_code,count", "2010-07,ME15 6JQ,1"),
            "line 2: column 'lsoa_code' holds a full postcode (ME15 6JQ)",
        ),
    ],
)
def test_bad_input_is_refused_naming_file_and_line_and_nothing_changes(
    partnership, geography, data, message
):
    dataset = lsoa_dataset(partnership)
    services.dataset_load(dataset=dataset, period="2010-07", filename="kept.csv", data=GOOD)
    before = list(DatasetCount.objects.values_list("code", "count"))
    with pytest.raises(EvidenceFileError) as caught:
        services.dataset_load(dataset=dataset, period="2010-07", filename="bad.csv", data=data)
    assert str(caught.value).startswith("bad.csv")
    assert message in str(caught.value)
    assert list(DatasetCount.objects.values_list("code", "count")) == before
    assert DatasetLoad.objects.get().source_name == "kept.csv"


def test_outward_postcodes_must_be_among_those_the_dataset_declares(partnership, geography):
    dataset = services.dataset_declare_from_preset(
        partnership=partnership,
        key="hospital-assault-admissions",
        geography_codes="ME14 ME15",
    )
    with pytest.raises(EvidenceFileError, match="line 3: unknown Outward postcode code TN9"):
        services.dataset_load(
            dataset=dataset,
            period="2010-07",
            filename="h.csv",
            data=csv("period,outward_postcode,count", "2010-07,ME15,4", "2010-07,TN9,1"),
        )
    with pytest.raises(EvidenceFileError, match="does not start a quarter"):
        services.dataset_load(
            dataset=dataset,
            period="2010-08",
            filename="h.csv",
            data=csv("period,outward_postcode,count", "2010-08,ME15,4"),
        )
    outcome = services.dataset_load(
        dataset=dataset,
        period="2010-07",
        filename="h.csv",
        data=csv("period,outward_postcode,count", "2010-07,me15,4", "2010-07,ME14,0"),
    )
    assert outcome.load.total == 4
