"""Bad input: each document that cannot be read safely gets a clear message naming the file,
nothing is saved and the upload is removed (through the upload page and the command)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from meetings.models import Meeting
from minutes_import.models import MinutesDraft
from minutes_import.tests import documents

BAD = [
    ("protected.docx", documents.password_docx, "protected by a password"),
    ("protected.pdf", documents.encrypted_pdf, "protected by a password"),
    ("corrupt.docx", documents.corrupt_docx, "damaged"),
    ("corrupt.pdf", lambda: b"%PDF-1.4\n garbage \x00\x01", "damaged"),
    ("empty.docx", lambda: b"", "empty"),
    ("empty.txt", lambda: b"   \n\n", "no text"),
    ("scan.pdf", documents.scanned_pdf, "This PDF has no text to read; it may be a scan"),
    ("macros.docx", documents.macro_docx, "contains macros"),
    ("macros.docm", documents.narrative_docx, "macros"),
    ("linked.docx", documents.external_link_docx, "links to content outside itself"),
    ("undated.txt", documents.undated_txt, "no meeting date found"),
    ("minutes.exe", lambda: b"MZ", "upload minutes as Word"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_upload_is_refused_with_a_clear_message_and_nothing_saved(
    client, coordinator, register, name, make, message
):
    client.force_login(coordinator)
    url = reverse("minutes_import:upload", kwargs={"slug": register.slug})
    response = client.post(url, {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert name in body
    assert not MinutesDraft.objects.exists()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_50_mb_file_is_refused_before_it_is_read(client, coordinator, register, tmp_path):
    client.force_login(coordinator)
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n%%EOF")
    url = reverse("minutes_import:upload", kwargs={"slug": register.slug})
    with big.open("rb") as handle:
        response = client.post(url, {"file": handle})
    assert response.status_code == 400
    assert "larger than 20 MB" in response.content.decode()
    assert not MinutesDraft.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "message"), BAD[:11], ids=[b[0] for b in BAD[:11]])
def test_the_command_refuses_bad_input_and_saves_nothing(register, tmp_path, name, make, message):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CommandError, match=message.split(";")[0]):
        call_command(
            "import_minutes",
            str(path),
            "--partnership",
            register.slug,
            "--group",
            "Maidstone LSP Board",
        )
    assert not MinutesDraft.objects.exists()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_html_scripts_are_ignored_and_imported_text_is_never_html(client, coordinator, register):
    client.force_login(coordinator)
    page = documents.MODERNGOV.replace("There were no apologies.", "").replace(
        "Apologies were received from Councillor Neil Ford.",
        'Apologies <img src=x onerror="alert(1)"> were received.',
    )
    url = reverse("minutes_import:upload", kwargs={"slug": register.slug})
    response = client.post(url, {"file": SimpleUploadedFile("page.html", page.encode())})
    assert response.status_code == 302
    draft = MinutesDraft.objects.get()
    review = client.get(response["Location"]).content.decode()
    assert "onerror" not in review
    assert "alert(" not in review
    assert "alert(" not in draft.source_text
    assert "<img" not in str(draft.parsed)


@pytest.mark.django_db
def test_a_refused_upload_leaves_no_temporary_file(
    client, coordinator, register, tmp_path, settings
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # spool uploads to disk
    client.force_login(coordinator)
    url = reverse("minutes_import:upload", kwargs={"slug": register.slug})
    data = documents.macro_docx()
    response = client.post(url, {"file": SimpleUploadedFile("macros.docx", data)})
    assert response.status_code == 400
    assert list(tmp_path.iterdir()) == []
    assert not MinutesDraft.objects.exists()
