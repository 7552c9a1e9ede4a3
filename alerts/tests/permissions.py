"""Permission-matrix entries for e-mail alerts."""

from alerts.factories import SubscriberFactory, SubscriptionFactory
from alerts.tokens import confirm_token, manage_token, unsubscribe_token
from core.testing.matrix import EVERYONE, LOGIN, NOT_FOUND, RECORD, SIGNED_IN, Case

BAD = {"token": "not-a-real-token"}
ALL_404 = dict.fromkeys(EVERYONE, NOT_FOUND)


def cases(world) -> dict[str, list[Case]]:
    subscription = SubscriptionFactory(
        subscriber=SubscriberFactory(email="matrix-reader@example.net"),
        group=world.groups["public"],
    )
    confirm = confirm_token(
        email="someone@example.net",
        group_id=world.groups["public"].pk,
        kinds=["minutes"],
        frequency="immediate",
    )
    return {
        # The form for a group follows the group's own visibility.
        "alerts:subscribe": [
            Case(kwargs={"slug": world.slug, "pk": world.groups[v].pk}, expect=RECORD[v], label=v)
            for v in ("public", "partners", "restricted")
        ],
        "alerts:mine": [Case(kwargs={}, expect={**SIGNED_IN, "anonymous": LOGIN})],
        "alerts:check_email": [Case(kwargs={}, expect=EVERYONE)],
        # Links from e-mails: whoever holds a good link may use it; a bad one is a 404 page.
        "alerts:confirm": [
            Case(kwargs={"token": confirm}, expect=EVERYONE, label="good link"),
            Case(kwargs=BAD, expect=ALL_404, label="bad link"),
        ],
        "alerts:manage": [
            Case(
                kwargs={"token": manage_token(subscription.subscriber)},
                expect=EVERYONE,
                label="good link",
            ),
            Case(kwargs=BAD, expect=ALL_404, label="bad link"),
        ],
        "alerts:unsubscribe": [
            Case(
                kwargs={"token": unsubscribe_token(subscription)},
                expect=EVERYONE,
                label="good link",
            ),
            Case(kwargs=BAD, expect=ALL_404, label="bad link"),
        ],
    }
