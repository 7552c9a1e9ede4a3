"""Issue 2: axe-core finds no serious or critical violation on any page.

Every named URL in the project (except the Django admin) is opened as a coordinator and as
the public, so a page added later is checked without anyone listing it here. Each form page is
also submitted empty, so its error summary and error messages are checked too.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db.models import ForeignKey
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from browser_tests.conftest import COORDINATOR, VIEWER, format_violations

pytestmark = pytest.mark.browser

IGNORED_NAMESPACES = {"admin"}

# URLs that are not pages: what they must answer instead of HTML, and why.
NOT_PAGES = {
    "partnership:person_export": ("text/csv", "a CSV download"),
    "accounts:logout": (405, "signing out is a POST from the header's button"),
}

# Forms that may be submitted empty without an error (none yet).
EMPTY_FORM_ACCEPTED: set[str] = set()

# How to build a URL keyword argument from the demo partnership, by the argument's name.
# `pk` is the newest record of the model the URL name starts with: "partnership:body_edit"
# is a partnership.Body, "meetings:meeting_detail" would be a meetings.Meeting; PK_MODELS
# names the model where the URL's first word is not it.
PK_MODELS = {
    "partnership:membership_create": "partnership.Group",
}
KWARGS = {
    "slug": lambda name, demo: demo.slug,
    "pk": lambda name, demo: _record_for(name, demo).pk,
    "uidb64": lambda name, demo: urlsafe_base64_encode(force_bytes(_coordinator().pk)),
    "token": lambda name, demo: _reset_token(),
}


def _coordinator():
    from accounts.models import User

    return User.objects.get(email=COORDINATOR)


def _reset_token() -> str:
    from django.contrib.auth.tokens import default_token_generator

    return default_token_generator.make_token(_coordinator())


def _record_for(url_name: str, demo):
    app_label, _, view = url_name.partition(":")
    model_label = PK_MODELS.get(url_name, f"{app_label}.{view.split('_')[0]}")
    try:
        model = apps.get_model(model_label)
    except LookupError:
        raise LookupError(f"no model {model_label} for its pk: add it to PK_MODELS") from None
    fields = {f.name: f for f in model._meta.get_fields()}
    if "partnership" in fields:
        records = model.objects.filter(partnership=demo)
    else:
        via = next(
            name
            for name, f in fields.items()
            if isinstance(f, ForeignKey) and hasattr(f.related_model, "partnership")
        )
        records = model.objects.filter(**{f"{via}__partnership": demo})
    record = records.order_by("-pk").first()
    if record is None:
        raise LookupError(f"the demo has no {model.__name__}")
    return record


def _url_patterns(resolver=None, namespace="", kwargs=()) -> dict[str, tuple[str, ...]]:
    """Every URL name in the project with the keyword arguments it takes."""
    found = {}
    for entry in (resolver or get_resolver()).url_patterns:
        taken = (*kwargs, *entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if entry.namespace in IGNORED_NAMESPACES:
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= _url_patterns(entry, prefix, taken)
        elif isinstance(entry, URLPattern) and entry.name:
            found[f"{namespace}{entry.name}"] = taken
    return found


def _build_urls(demo) -> dict[str, str]:
    urls, unbuildable = {}, []
    for name, kwarg_names in sorted(_url_patterns().items()):
        try:
            kwargs = {k: KWARGS[k](name, demo) for k in kwarg_names}
            urls[name] = reverse(name, kwargs=kwargs)
        except (KeyError, LookupError, StopIteration) as exc:
            unbuildable.append(f"{name}: {exc!r}")
    assert not unbuildable, (
        "Cannot build these URLs from the demo data; extend KWARGS in "
        "browser_tests/test_accessibility.py:\n" + "\n".join(unbuildable)
    )
    return urls


def _main_form(page: Page):
    forms = page.locator("main form[method=post]")
    return forms.first if forms.count() else None


def _submit_empty(page: Page) -> None:
    """Blank every field of the page's form and submit it, as a careless user might."""
    with page.expect_navigation():
        page.locator("main form[method=post]").first.evaluate(
            """form => {
            for (const el of form.elements) {
                if (el.type === 'hidden' || el.type === 'submit' || el.tagName === 'BUTTON') continue;
                if (el.type === 'radio' || el.type === 'checkbox') el.checked = false;
                else if (el.tagName === 'SELECT') el.selectedIndex = -1;
                else el.value = '';
            }
            form.requestSubmit();
        }"""
        )


def _check_every_page(page: Page, demo, axe_violations, role: str) -> list[str]:
    from partnership.models import Group, Person
    from partnership.services import membership_propose

    # A proposed membership, so group pages show "Approve" and the approval form has a subject.
    membership_propose(
        group=Group.objects.filter(partnership=demo).order_by("pk").first(),
        person=Person.objects.get(partnership=demo, initials="RA"),
        role="non_member",
        start_date=None,
        notes="Other KCC representatives to attend as non-members.",
    )
    failures, seen = [], set()

    def check(where: str) -> None:
        # Pages reached twice (every coordinator-only page sends the public to sign in) are
        # checked once.
        path = urlsplit(page.url).path
        if path in seen:
            return
        seen.add(path)
        violations = axe_violations(page)
        if violations:
            failures.append(format_violations(f"{where} as {role} ({page.url})", violations))

    for name, url in _build_urls(demo).items():
        if name in NOT_PAGES:
            expected, _why = NOT_PAGES[name]
            response = page.request.get(url, max_redirects=0)
            got = response.status if isinstance(expected, int) else response.headers["content-type"]
            if not str(got).startswith(str(expected)):
                failures.append(f"{name} as {role}: expected {expected}, got {got}")
            continue
        response = page.goto(url)
        if response.status != 200:
            failures.append(f"{name} as {role}: {url} answered {response.status}")
            continue
        check(name)
        if role == "coordinator" and _main_form(page) is not None:
            _submit_empty(page)
            if page.locator(".govuk-error-summary").count():
                check(f"{name} (errors shown)")
            elif name not in EMPTY_FORM_ACCEPTED:
                failures.append(f"{name}: an empty submission showed no error summary")

    response = page.goto("/no-such-page/")
    assert response.status == 404
    check("the 404 page")
    return failures


def test_every_page_is_accessible_to_a_coordinator(page, demo, sign_in, axe_violations):
    sign_in(page, COORDINATOR)
    failures = _check_every_page(page, demo, axe_violations, "coordinator")
    assert not failures, "\n".join(failures)


def test_every_page_is_accessible_to_the_public(page, demo, axe_violations):
    failures = _check_every_page(page, demo, axe_violations, "the public")
    assert not failures, "\n".join(failures)


def test_the_403_page_is_accessible(page, demo, sign_in, assert_accessible):
    sign_in(page, VIEWER)
    response = page.goto(reverse("partnership:body_create", kwargs={"slug": demo.slug}))
    assert response.status == 403
    assert_accessible(page)


def test_pages_raise_no_content_security_policy_violation(browser, live_server, demo):
    """With the policy enforced, as users get it: our scripts carry the nonce and run."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text) if re.search("Content.Security.Policy", msg.text) else None
        ),
    )
    try:
        page.goto("/account/sign-in/")
        page.get_by_role("button", name="Sign in").click()
        # Both need a script to run: the inline one by its nonce, GOV.UK Frontend's from 'self'.
        expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
        expect(page.locator(".govuk-error-summary")).to_have_attribute(
            "data-govuk-error-summary-init", ""
        )
        page.goto(f"/p/{demo.slug}/people/")
    finally:
        context.close()
    assert not problems, problems


def test_the_axe_check_fails_on_a_serious_violation(page, assert_accessible):
    """The harness itself: a form field without a label must fail the check."""
    page.set_content(
        '<html lang="en"><head><title>Bad</title></head><body><main><h1>Bad</h1>'
        '<input type="text" name="unlabelled"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)
