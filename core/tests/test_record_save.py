"""core.services.record_save, the one way every app writes a record (issue 10, point 2).

The update_fields tests are the shared helper's version of funding's mutation-run tests
(funding/tests/test_services_save.py): saving every field instead of the changed ones would lose a
concurrent edit.
"""

import pytest
from django.core.exceptions import ValidationError

from core.models import SearchEntry, Visibility
from core.services import record_save
from partnership.factories import BodyFactory, PartnershipFactory, PersonFactory
from partnership.models import Body, BodyType

pytestmark = pytest.mark.django_db


def test_update_fields_saves_only_the_named_fields_so_a_concurrent_edit_is_kept():
    body = BodyFactory(name="Kent Police", short_name="KP")
    Body.objects.filter(pk=body.pk).update(short_name="Kent Police (edited meanwhile)")
    body.name = "Kent Police Authority"
    record_save(body, update_fields=["name"])
    saved = Body.objects.get(pk=body.pk)
    assert (saved.name, saved.short_name) == (
        "Kent Police Authority",
        "Kent Police (edited meanwhile)",
    )


def test_without_update_fields_every_field_is_saved():
    body = BodyFactory(name="Kent Police", short_name="KP")
    Body.objects.filter(pk=body.pk).update(short_name="edited meanwhile")
    body.name = "Kent Police Authority"
    record_save(body)
    assert Body.objects.get(pk=body.pk).short_name == "KP"


def test_an_invalid_record_is_refused_before_anything_is_written():
    body = BodyFactory(name="Kent Police")
    body.name = ""
    with pytest.raises(ValidationError) as exc:
        record_save(body, update_fields=["name"])
    assert "name" in exc.value.message_dict
    assert Body.objects.get(pk=body.pk).name == "Kent Police"


def test_readers_are_named_and_must_be_people_of_the_partnership():
    partnership = PartnershipFactory()
    reader = PersonFactory(partnership=partnership)
    body = record_save(
        Body(
            partnership=partnership,
            name="Restricted body",
            body_type=BodyType.POLICE,
            visibility=Visibility.RESTRICTED,
        ),
        restricted_to=[reader],
    )
    assert list(body.restricted_to.all()) == [reader]
    stranger = PersonFactory()
    with pytest.raises(ValidationError) as exc:
        record_save(body, restricted_to=[stranger])
    assert "restricted_to" in exc.value.message_dict
    assert list(Body.objects.get(pk=body.pk).restricted_to.all()) == [reader]


def test_the_search_entry_follows_the_saved_record():
    body = BodyFactory(name="Maidstone Mediation")
    body.name = "Maidstone Mediation Service"
    record_save(body, update_fields=["name"])
    entry = SearchEntry.objects.get(record_type="partnership.body", record_id=body.pk)
    assert entry.title == "Maidstone Mediation Service"
