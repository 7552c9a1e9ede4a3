"""Minutes documents are built once per version and audience by the task queue (issue 11, 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.factories import RoleFactory, UserFactory
from documents.models import DocumentStatus, StoredDocument
from documents.services import build_document, document_request
from meetings.demo import NOV_25
from meetings.models import Meeting


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.CSPHUB_DATA_DIR = tmp_path
    return tmp_path


def _nov(demo) -> Meeting:
    return Meeting.objects.get(partnership=demo, date=NOV_25)


def _pdf_url(demo) -> str:
    return reverse("meetings:minutes_pdf", kwargs={"slug": demo.slug, "pk": _nov(demo).pk})


def _body(response) -> bytes:
    return response.content


def _client(demo, role="coordinator") -> Client:
    user = UserFactory(email=f"{role}@example.org")
    RoleFactory(user=user, partnership=demo, role=role)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_the_pdf_is_built_once_and_then_served_as_a_file(demo, data_dir):
    client = _client(demo)
    first = client.get(_pdf_url(demo))
    assert first.status_code == 200
    assert _body(first).startswith(b"%PDF")
    assert "attachment" in first["Content-Disposition"]
    stored = StoredDocument.objects.get(kind="minutes", format="pdf")
    assert stored.status == DocumentStatus.DONE and stored.path.exists()
    second = client.get(_pdf_url(demo))
    assert _body(second) == _body(first) == stored.path.read_bytes()
    again = StoredDocument.objects.get(pk=stored.pk)
    assert (again.finished, again.stored_name) == (stored.finished, stored.stored_name)
    assert StoredDocument.objects.count() == 1


def test_public_partners_and_coordinators_have_their_own_copies(demo, data_dir):
    assert _client(demo, "viewer").get(_pdf_url(demo)).status_code == 200
    assert _client(demo).get(_pdf_url(demo)).status_code == 200
    audiences = set(StoredDocument.objects.values_list("audience", flat=True))
    assert audiences == {"partners", "coordinators"}


def test_a_change_to_the_minutes_is_a_new_version_and_the_old_file_goes(demo, data_dir):
    client = _client(demo)
    client.get(_pdf_url(demo))
    old = StoredDocument.objects.get()
    item = _nov(demo).items.order_by("pk").first()
    item.minutes = (item.minutes or "") + "\n\nA sentence added after the first build."
    item.save()
    client.get(_pdf_url(demo))
    new = StoredDocument.objects.get()
    assert new.pk != old.pk and new.version != old.version
    assert not old.path.exists() and new.path.exists()


def test_a_document_not_ready_says_it_is_being_prepared_with_progress(demo, data_dir):
    from meetings import outputs

    nov = _nov(demo)
    client = _client(demo)
    doc = outputs.minutes_document(user=client.user, meeting=nov)
    StoredDocument.objects.create(
        kind="minutes",
        object_id=nov.pk,
        version=outputs.minutes_version(doc),
        audience="coordinators",
        format="pdf",
        file_name="minutes.pdf",
        status=DocumentStatus.RUNNING,
        progress=40,
    )
    response = client.get(_pdf_url(demo))
    assert response.status_code == 202
    html = response.content.decode()
    assert "being prepared" in html and "40% done" in html
    assert '<meta http-equiv="refresh" content="3">' in html


def test_the_task_marks_the_document_failed_on_any_exception_and_re_raises(demo, data_dir):
    document = StoredDocument.objects.create(
        kind="minutes", object_id=10**9, version="x", audience="public", format="pdf",
        file_name="minutes.pdf",
    )  # fmt: skip
    with pytest.raises(Meeting.DoesNotExist):
        build_document.call(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "DoesNotExist" in document.error


def test_an_unknown_kind_is_refused(demo, data_dir):
    with pytest.raises(ValueError, match="No builder"):
        document_request(
            kind="nonsense", object_id=1, version="v", format="pdf", file_name="x.pdf",
            user=UserFactory(), partnership=demo,
        )  # fmt: skip
