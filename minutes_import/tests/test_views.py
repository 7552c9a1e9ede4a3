"""The upload and review pages: a coordinator uploads, corrects and confirms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Meeting
from minutes_import.models import DraftStatus, MinutesDraft
from minutes_import.tests import documents


def _review_data(draft, group, **changes) -> dict:
    p = draft.parsed
    data = {"group": group.pk, "date": p["meeting"]["date"], "start_time": p["meeting"]["time"] or "",
            "end_time": p["meeting"]["end_time"] or "", "venue": p["meeting"]["venue"]}  # fmt: skip
    for section in ("present", "in_attendance", "apologies"):
        for n, person in enumerate(p[section]):
            for key in ("name", "initials", "role", "match"):
                data[f"{section}-{n}-{key}"] = person[key]
    for n, item in enumerate(p["items"]):
        data[f"item-{n}-number"] = item["number"]
        data[f"item-{n}-title"] = item["title"]
        data[f"item-{n}-text"] = item["text"]
        for k, c in enumerate(item["resolutions"] + item["agreements"]):
            if c in item["decisions"]:
                data[f"item-{n}-decision-{k}"] = "1"
        for k, a in enumerate(item["actions"]):
            for key in ("text", "owners", "deadline"):
                data[f"item-{n}-action-{k}-{key}"] = a[key]
            data[f"item-{n}-action-{k}-item"] = item["number"]
    data.update(changes)
    return data


@pytest.mark.django_db
def test_upload_review_correct_and_confirm(client, coordinator, register):
    client.force_login(coordinator)
    group = register.groups.order_by("name").first()
    url = reverse("minutes_import:upload", kwargs={"slug": register.slug})
    response = client.post(
        url, {"file": SimpleUploadedFile("minutes.txt", documents.narrative_txt())}
    )
    assert response.status_code == 302
    draft = MinutesDraft.objects.get()
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "Check the imported minutes" in body
    assert "Serious violence duty" in body  # the parse
    assert "Venue: Committee Room 2" in body  # beside the document's text
    assert "None" not in body.replace("None.", "")
    assert not Meeting.objects.exists()
    # Correct: Amelia Hart's initials clash with the register's AH (Andy Hudson), so she is
    # added as AMH; the Tom Bell action moves to item 4.1; save first, then confirm.
    index = next(i for i, p in enumerate(draft.parsed["present"]) if p["name"] == "Amelia Hart")
    data = _review_data(draft, group, **{f"present-{index}-initials": "AMH", f"present-{index}-match": "new", "item-3-action-0-item": "4.1", "save": "1"})  # fmt: skip
    assert client.post(response["Location"], data).status_code == 302
    draft.refresh_from_db()
    assert draft.parsed["present"][index]["initials"] == "AMH"
    assert sorted(a["owners"] for a in draft.parsed["items"][4]["actions"]) == ["SW", "Tom Bell"]
    assert not Meeting.objects.exists()
    data = _review_data(draft, group, confirm="1")
    response = client.post(
        reverse("minutes_import:draft_review", kwargs={"slug": register.slug, "pk": draft.pk}), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert response["Location"].endswith(f"/meetings/{meeting.pk}/")
    assert meeting.group == group
    assert meeting.attendance.get(person__initials="AMH").person.name == "Amelia Hart"
    assert sorted(meeting.actions.values_list("item__number", "owners_written")) == [
        ("3", "DO/PR"), ("4.1", "SW"), ("4.1", "TB")]  # fmt: skip
    draft.refresh_from_db()
    assert draft.status == DraftStatus.CONFIRMED and draft.meeting == meeting
    # The same file again offers the meeting.
    response = client.post(
        url, {"file": SimpleUploadedFile("again.txt", documents.narrative_txt())}
    )
    assert response.status_code == 400
    assert (
        reverse("meetings:meeting_detail", kwargs={"slug": register.slug, "pk": meeting.pk})
        in response.content.decode()
    )


@pytest.mark.django_db
def test_the_meetings_page_links_to_the_import_for_coordinators(client, coordinator, register):
    client.force_login(coordinator)
    body = client.get(
        reverse("meetings:meeting_list", kwargs={"slug": register.slug})
    ).content.decode()
    assert reverse("minutes_import:upload", kwargs={"slug": register.slug}) in body


@pytest.mark.django_db
def test_a_draft_being_read_shows_its_progress(client, coordinator, register):
    draft = MinutesDraft.objects.create(
        partnership=register,
        filename="long.docx",
        sha256="a" * 64,
        status=DraftStatus.PARSING,
        progress=40,
    )
    client.force_login(coordinator)
    body = client.get(
        reverse("minutes_import:draft_review", kwargs={"slug": register.slug, "pk": draft.pk})
    ).content.decode()
    assert "40% done" in body
    assert 'http-equiv="refresh"' in body
