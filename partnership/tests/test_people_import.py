"""People CSV import: every row or none, with errors that name the file and line."""

import pytest

from partnership.factories import BodyFactory, PartnershipFactory, PersonFactory
from partnership.models import Body, Person
from partnership.services import PeopleImportError, people_import_csv

GOOD = (
    "name,initials,title,body,email\n"
    "Martin Adams,MA,Borough Commander,Kent Fire and Rescue Service,martin@example.org\n"
    "Zena Cooke,ZC,Director,Maidstone Borough Council,zena@example.org\n"
)


@pytest.fixture
def partnership(db):
    p = PartnershipFactory()
    BodyFactory(partnership=p, name="Maidstone Borough Council", short_name="MBC")
    return p


def _snapshot(partnership):
    return (
        sorted(
            Person.objects.filter(partnership=partnership).values_list("initials", "name", "email")
        ),
        sorted(Body.objects.filter(partnership=partnership).values_list("name", flat=True)),
    )


def _import_fails(partnership, data: bytes, filename="people.csv") -> list[str]:
    before = _snapshot(partnership)
    with pytest.raises(PeopleImportError) as exc:
        people_import_csv(partnership=partnership, data=data, filename=filename)
    assert _snapshot(partnership) == before, "a failed import must leave the register unchanged"
    return exc.value.errors


def test_import_creates_people_and_missing_bodies(partnership):
    result = people_import_csv(partnership=partnership, data=GOOD.encode(), filename="p.csv")
    assert (result.created, result.updated, result.bodies_created) == (2, 0, 1)
    zc = Person.objects.get(partnership=partnership, initials="ZC")
    assert zc.body.name == "Maidstone Borough Council"
    assert Body.objects.filter(
        partnership=partnership, name="Kent Fire and Rescue Service"
    ).exists()


def test_import_again_updates_by_initials_and_creates_nothing_new(partnership):
    people_import_csv(partnership=partnership, data=GOOD.encode(), filename="p.csv")
    changed = GOOD.replace("Director", '"Director, Regeneration & Communities"')
    result = people_import_csv(partnership=partnership, data=changed.encode(), filename="p.csv")
    assert (result.created, result.updated, result.bodies_created) == (0, 2, 0)
    assert Person.objects.filter(partnership=partnership).count() == 2
    assert Person.objects.get(initials="ZC").job_title == "Director, Regeneration & Communities"


def test_import_accepts_a_utf8_byte_order_mark_and_short_body_names(partnership):
    data = "\ufeffname,initials,title,body,email\nSarah Robson,SR,Manager,MBC,\n".encode()
    people_import_csv(partnership=partnership, data=data, filename="p.csv")
    assert Person.objects.get(initials="SR").body.short_name == "MBC"


def test_missing_column_is_named_and_nothing_imported(partnership):
    errors = _import_fails(partnership, b"name,initials,title,email\nA B,AB,x,a@example.org\n")
    assert errors == [
        "people.csv line 1: missing column body (expected: name, initials, title, body, email)"
    ]


def test_duplicate_initials_name_both_rows_and_nothing_imported(partnership):
    data = GOOD + "Mark Allen,ma,Officer,,mark@example.org\n"
    errors = _import_fails(partnership, data.encode())
    assert errors == ["people.csv line 4: initials ma are already used on line 2"]


def test_bad_email_names_the_row(partnership):
    data = GOOD.replace("zena@example.org", "zena-at-example")
    errors = _import_fails(partnership, data.encode())
    assert errors == ["people.csv line 3: 'zena-at-example' is not an e-mail address"]


def test_non_utf8_file_names_the_line_of_the_first_bad_byte(partnership):
    data = GOOD.encode() + "Jos\u00e9 Ruiz,JR,Officer,,jr@example.org\n".encode("latin-1")
    errors = _import_fails(partnership, data)
    assert len(errors) == 1
    assert errors[0].startswith("people.csv line 4: the file is not UTF-8 text")


def test_empty_file_is_refused(partnership):
    assert _import_fails(partnership, b"") == ["people.csv is empty"]
    assert _import_fails(partnership, b"   \n") == ["people.csv is empty"]


def test_header_only_file_is_refused(partnership):
    errors = _import_fails(partnership, b"name,initials,title,body,email\n")
    assert errors == ["people.csv has a header but no people"]


def test_every_bad_row_is_reported_at_once(partnership):
    data = "name,initials,title,body,email\n,AB,,,\nC D,C1,,,\nE F,ALL,,,e@example\n"
    errors = _import_fails(partnership, data.encode())
    assert errors == [
        "people.csv line 2: name is empty",
        "people.csv line 3: initials 'C1': Initials are 1 to 6 letters, such as MA or JAW",
        "people.csv line 4: initials 'ALL': ALL is reserved for 'everyone present'",
        "people.csv line 4: 'e@example' is not an e-mail address",
    ]


def test_a_row_refused_while_saving_rolls_back_the_rows_before_it(partnership):
    PersonFactory(partnership=partnership, initials="ZC", name="Zena Cooke")
    # The name is too long for the register: refused when saving, after line 2 was added.
    data = f"name,initials,title,body,email\nNew Person,NP,,,\n{'Z' * 201},ZC,,,\n"
    errors = _import_fails(partnership, data.encode())
    assert errors == [
        "people.csv line 3: Ensure this value has at most 200 characters (it has 201)."
    ]
    assert not Person.objects.filter(initials="NP").exists()


def test_import_page_shows_each_error_and_saves_nothing(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("partnership:person_import", kwargs={"slug": world.slug})
    before = Person.objects.count()
    upload = SimpleUploadedFile("staff.csv", (GOOD + "Mark Allen,MA,,,\n").encode(), "text/csv")
    response = client_for("coordinator").post(url, {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "staff.csv line 4: initials MA are already used on line 2" in text
    assert "nothing was saved" in text
    assert Person.objects.count() == before


def test_import_page_refuses_a_file_that_is_not_csv(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    url = reverse("partnership:person_import", kwargs={"slug": world.slug})
    upload = SimpleUploadedFile("staff.xlsx", b"PK\x03\x04", "application/octet-stream")
    response = client_for("coordinator").post(url, {"file": upload})
    assert response.status_code == 400
    assert "The selected file must be a CSV" in response.content.decode()


def test_import_page_imports_a_good_file_and_export_round_trips(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_for("coordinator")
    url = reverse("partnership:person_import", kwargs={"slug": world.slug})
    upload = SimpleUploadedFile("staff.csv", GOOD.encode(), "text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    export = client.get(reverse("partnership:person_export", kwargs={"slug": world.slug}))
    assert export.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "name,initials,title,body,email"
    assert "Zena Cooke,ZC,Director,Maidstone Borough Council,zena@example.org" in lines


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Nul\x00Person,NP,,,\n", "people.csv line 4: name contains a NUL byte"),
        ("Bell\x07Person,BP,,,\n", "people.csv line 4: name contains a control character (U+0007)"),
        (
            'Eve,EV,"=HYPERLINK(""http://evil.example"",""Click"")",,\n',
            "people.csv line 4: title starts with '=', which a spreadsheet would run as a formula",
        ),
        ("Eve,EV,,=cmd|' /C calc'!A0,\n", "people.csv line 4: body starts with '='"),
        ("+Eve,EV,,,\n", "people.csv line 4: name starts with '+'"),
        ("-Eve,EV,,,\n", "people.csv line 4: name starts with '-'"),
        ("@Eve,EV,,,\n", "people.csv line 4: name starts with '@'"),
        ('"\tEve",EV,,,\n', "people.csv line 4: name starts with a tab"),
    ],
)
def test_nul_control_and_formula_cells_are_refused_naming_file_and_line(partnership, row, message):
    people_import_csv(partnership=partnership, data=GOOD.encode(), filename="p.csv")
    changed = GOOD.replace("Director", "Chief Executive") + row
    errors = _import_fails(partnership, changed.encode())
    assert any(message in e for e in errors), errors
    assert Person.objects.get(initials="ZC").job_title == "Director"


def test_a_nul_byte_in_the_header_is_refused(partnership):
    errors = _import_fails(partnership, b"name,initials,title,body,email\x00\nA,AA,,,\n")
    assert errors == [
        "people.csv line 1: the header contains a NUL byte (is this really a text file?)"
    ]
