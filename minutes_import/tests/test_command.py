"""manage.py import_minutes: a dry run prints what was read and saves nothing; without it the
document is imported as read."""

import io
import json

import pytest
from django.core.management import call_command

from actions.models import Action
from meetings.models import Meeting
from minutes_import.models import MinutesDraft
from minutes_import.tests import documents


@pytest.mark.django_db
def test_dry_run_json_prints_what_was_read_and_saves_nothing(register, tmp_path, seed_docx):
    path = tmp_path / "seed-002.docx"
    path.write_bytes(seed_docx)
    out = io.StringIO()
    call_command("import_minutes", str(path), "--partnership", register.slug, "--dry-run", "--format", "json", stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    assert data["meeting"]["title"] == "Safer Maidstone Partnership Meeting"
    assert data["meeting"]["date"] == "2010-11-25"
    assert data["meeting"]["time"] == "11:00"
    assert data["meeting"]["venue"] == "ROOM 6D, MAIDSTONE HOUSE"
    assert {k: data["present"][5][k] for k in ("name", "initials", "role", "title")} == {
        "name": "John A Wilson", "initials": "JAW", "role": "Cabinet Member for Community Services, MBC", "title": "Cllr"}  # fmt: skip
    assert set(data["apologies"][0]) >= {"name", "initials", "role", "substitute"}
    assert len(data["in_attendance"]) == 0
    assert sum(len(i["actions"]) for i in data["items"]) == 21
    assert set(data["items"][0]) >= {"number", "title", "text", "resolutions", "actions"}
    assert set(data["items"][0]["actions"][0]) == {"text", "owners", "deadline"}
    assert data["warnings"]
    assert not Meeting.objects.exists() and not MinutesDraft.objects.exists()


@pytest.mark.django_db
def test_import_without_dry_run_confirms_the_parse(register, tmp_path):
    from partnership.factories import GroupFactory, PartnershipFactory

    partnership = PartnershipFactory(slug="northfield")
    GroupFactory(partnership=partnership, name="Strategy Board")
    path = tmp_path / "minutes.txt"
    path.write_bytes(documents.narrative_txt())
    out = io.StringIO()
    call_command("import_minutes", str(path), "--partnership", "northfield", "--group", "Strategy Board", stdout=out)  # fmt: skip
    assert "Imported minutes.txt as the meeting of Strategy Board, 14 March 2024" in out.getvalue()
    meeting = Meeting.objects.get(partnership=partnership)
    assert meeting.items.count() == 6
    assert Action.objects.filter(meeting=meeting).count() == 3


@pytest.mark.django_db
def test_a_long_document_is_imported_by_the_command_in_one_go(register, tmp_path, monkeypatch):
    from minutes_import import services
    from minutes_import.models import DraftStatus
    from partnership.factories import GroupFactory

    monkeypatch.setattr(services, "READ_NOW_BYTES", 1000)
    GroupFactory(partnership=register, name="Long Group")
    path = tmp_path / "long.docx"
    path.write_bytes(documents.long_docx(3))
    call_command("import_minutes", str(path), "--partnership", register.slug, "--group", "Long Group", stdout=io.StringIO())  # fmt: skip
    draft = MinutesDraft.objects.get()
    assert draft.status == DraftStatus.CONFIRMED
    assert draft.meeting.items.count() == 3
