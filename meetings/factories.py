"""factory_boy factories for meetings, items and decisions."""

import datetime as dt

import factory

from core.models import Visibility
from meetings.models import Decision, Item, Meeting
from meetings.services import meeting_next_dates_refresh
from partnership.factories import GroupFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    group = factory.SubFactory(GroupFactory)
    partnership = factory.SelfAttribute("group.partnership")
    date = factory.Sequence(lambda n: dt.date(2010, 1, 1) + dt.timedelta(days=28 * n))
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def next_meeting_dates(obj, create, extracted, **kwargs):
        """Keep the group's "next meeting" dates current, as the services do."""
        if create:
            meeting_next_dates_refresh(group_id=obj.group_id)
            obj.refresh_from_db(fields=["next_meeting_date"])


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: str(n % 99 + 1))
    position = factory.LazyAttribute(lambda o: Item.position_of(o.number))
    title = factory.Sequence(lambda n: f"Item {n}")
    visibility = Visibility.PUBLIC


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    partnership = factory.SubFactory("partnership.factories.PartnershipFactory")
    title = factory.Sequence(lambda n: f"Decision {n}")
    made_by_role = "Cabinet Member"
    made_on = dt.date(2010, 12, 20)
    visibility = Visibility.PUBLIC
