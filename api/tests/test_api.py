"""The open-data API through HTTP: pages of records, filters, tokens, CSV and the rate limit."""

import csv
import datetime as dt
import hashlib
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openapi_spec_validator import validate

from api.docs import endpoints, openapi_document
from api.models import ApiToken
from api.services import token_create
from meetings.factories import MeetingFactory
from partnership.factories import BodyFactory, GroupFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _url(name: str, world, **query) -> str:
    url = reverse(f"api:{name}", kwargs={"slug": world.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _bearer(user) -> dict:
    return {"Authorization": f"Bearer {token_create(user=user, name='Test').token}"}


def test_the_openapi_document_is_valid_openapi_3(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_field_of_every_collection_is_described():
    listed = endpoints(openapi_document())
    assert len(listed) == 17
    for endpoint in listed:
        assert endpoint.fields, endpoint.path
        for field in endpoint.fields:
            assert field.description, f"{endpoint.path} {field.name} has no description"


def test_the_documentation_page_lists_each_collections_fields(client, world):
    response = client.get(reverse("api:docs"))
    text = response.content.decode()
    assert response.status_code == 200
    for words in ("Meetings", "Crime counts", "minutes_status", "requesting_body", "date_from"):
        assert words in text
    assert "None" not in text


def test_pages_have_a_stable_order_and_next_and_previous_links(client, world):
    group = world.groups["public"]
    for day in (5, 1, 3, 2, 4):
        MeetingFactory(group=group, date=dt.date(2011, 1, day))
    first = client.get(_url("meetings", world, page_size=2)).json()
    assert first["count"] == 5
    assert [m["date"] for m in first["results"]] == ["2011-01-01", "2011-01-02"]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [m["date"] for m in second["results"]] == ["2011-01-03", "2011-01-04"]
    last = client.get(second["next"]).json()
    assert [m["date"] for m in last["results"]] == ["2011-01-05"]
    assert last["next"] is None and last["previous"]


def test_page_size_is_capped(client, world, settings):
    settings.API_MAX_PAGE_SIZE = 2
    for n in range(4):
        BodyFactory(partnership=world.partnership, name=f"Extra body {n}")
    data = client.get(_url("bodies", world, page_size=1000)).json()
    assert len(data["results"]) == 2 and data["next"]


def test_a_page_past_the_last_is_not_found(client, world):
    assert client.get(_url("bodies", world, page=99)).status_code == 404


def test_meetings_filter_by_date_range_and_group(client, world):
    public, other = world.groups["public"], GroupFactory(partnership=world.partnership)
    MeetingFactory(group=public, date=dt.date(2011, 1, 10))
    MeetingFactory(group=public, date=dt.date(2011, 3, 10))
    MeetingFactory(group=other, date=dt.date(2011, 3, 11))

    def dates(**query) -> list[str]:
        response = client.get(_url("meetings", world, **query))
        return [m["date"] for m in response.json()["results"]]

    assert dates(date_from="2011-02-01") == ["2011-03-10", "2011-03-11"]
    assert dates(date_to="2011-02-01") == ["2011-01-10"]
    assert dates(date_from="2011-02-01", group=public.pk) == ["2011-03-10"]


def test_a_bad_filter_is_refused_naming_the_parameter(client, world):
    response = client.get(_url("meetings", world, date_from="10/01/2011"))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("date_from:")
    backwards = client.get(_url("meetings", world, date_from="2012-01-01", date_to="2011-01-01"))
    assert backwards.status_code == 400
    assert client.get(_url("crime_counts", world, month_from="2011-13")).status_code == 400


def test_the_public_see_public_records_and_a_token_shows_partners_records(client, world):
    names = lambda response: {b["name"] for b in response.json()["results"]}  # noqa: E731
    assert names(client.get(_url("bodies", world))) == {"Public Body"}
    viewer = client.get(_url("bodies", world), headers=_bearer(world.users["viewer"]))
    assert names(viewer) == {"Public Body", "Partners Body"}
    member = client.get(_url("bodies", world), headers=_bearer(world.users["member"]))
    assert names(member) == {"Public Body", "Partners Body", "Restricted Body"}


def test_a_visible_record_does_not_name_the_hidden_record_it_points_to(client, world):
    PersonFactory(
        partnership=world.partnership,
        name="Open Person",
        initials="OPX",
        body=world.bodies["restricted"],
        visibility="public",
    )
    people = client.get(_url("people", world)).json()["results"]
    (person,) = [p for p in people if p["name"] == "Open Person"]
    assert person["body"] == "a restricted body" and person["body_id"] is None
    coordinator = client.get(_url("people", world), headers=_bearer(world.users["coordinator"]))
    (seen,) = [p for p in coordinator.json()["results"] if p["name"] == "Open Person"]
    assert seen["body"] == "Restricted Body" and seen["body_id"] == world.bodies["restricted"].pk


def test_people_show_no_email_address(client, world):
    PersonFactory(partnership=world.partnership, email="secret@example.org", visibility="public")
    response = client.get(_url("people", world))
    assert "secret@example.org" not in response.content.decode()
    assert "email" not in response.json()["results"][0]


def test_tokens_are_stored_only_as_their_sha256(world):
    new = token_create(user=world.users["viewer"], name="Dashboard")
    record = ApiToken.objects.get(pk=new.record.pk)
    assert record.digest == hashlib.sha256(new.token.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.filter(pk=record.pk).values().first().values()]
    assert new.token not in stored
    assert record.prefix == new.token[:12]


def test_a_used_token_records_when_and_a_revoked_or_unknown_token_is_refused(client, world):
    headers = _bearer(world.users["viewer"])
    record = ApiToken.objects.get(user=world.users["viewer"])
    assert client.get(_url("bodies", world), headers=headers).status_code == 200
    record.refresh_from_db()
    assert record.last_used is not None
    signed_in = client
    signed_in.force_login(world.users["viewer"])
    response = signed_in.post(reverse("api:token_revoke", kwargs={"pk": record.pk}))
    assert response.status_code == 302
    refused = client.get(_url("bodies", world), headers=headers)
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]
    unknown = client.get(_url("bodies", world), headers={"Authorization": "Bearer csp_nonsense"})
    assert unknown.status_code == 401


def test_no_one_revokes_another_users_token(client, world):
    record = token_create(user=world.users["member"], name="Mine").record
    client.force_login(world.users["viewer"])
    assert client.post(reverse("api:token_revoke", kwargs={"pk": record.pk})).status_code == 404
    record.refresh_from_db()
    assert record.revoked is None


def test_the_token_page_shows_a_new_token_once(client, world):
    client.force_login(world.users["member"])
    made = client.post(reverse("api:tokens"), {"name": "Council dashboard"})
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    text = made.content.decode()
    start = text.index('id="new-token">') + len('id="new-token">')
    token = text[start : text.index("<", start)]
    assert token.startswith("csp_")
    again = client.get(reverse("api:tokens")).content.decode()
    assert "Council dashboard" in again and token not in again
    assert (
        client.get(_url("bodies", world), headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )


def test_the_token_page_needs_a_name(client, world):
    client.force_login(world.users["member"])
    response = client.post(reverse("api:tokens"), {"name": ""})
    assert "govuk-error-summary" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_csv_downloads_have_the_json_field_names(client, world):
    MeetingFactory(group=world.groups["public"], date=dt.date(2011, 1, 10), location="Hall")
    json_fields = list(client.get(_url("meetings", world)).json()["results"][0])
    response = client.get(_url("meetings_csv", world))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == json_fields
    assert rows[1][json_fields.index("location")] == "Hall"


def test_too_many_requests_get_429_with_retry_after(client, world, settings):
    settings.API_RATES = {"anonymous": "3/minute", "token": "5/minute"}
    cache.clear()
    url = _url("bodies", world)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    # A token has its own allowance, apart from the address's.
    headers = _bearer(world.users["viewer"])
    assert [client.get(url, headers=headers).status_code for _ in range(6)] == [200] * 5 + [429]
    cache.clear()


def test_records_link_to_their_pages(client, world):
    meeting = MeetingFactory(group=world.groups["public"], date=dt.date(2011, 1, 10))
    meeting.minutes_status = "approved"
    meeting.save(update_fields=["minutes_status"])
    (record,) = client.get(_url("meetings", world)).json()["results"]
    slug = {"slug": world.slug, "pk": meeting.pk}
    assert record["page"] == "http://testserver" + reverse("meetings:meeting_detail", kwargs=slug)
    (minutes,) = client.get(_url("minutes", world)).json()["results"]
    assert minutes["pdf"] == "http://testserver" + reverse("meetings:minutes_pdf", kwargs=slug)
    assert minutes["html"] == "http://testserver" + reverse("meetings:minutes_html", kwargs=slug)


def test_an_unknown_partnership_is_a_json_404(client, world):
    response = client.get(reverse("api:meetings", kwargs={"slug": "no-such-partnership"}))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]
