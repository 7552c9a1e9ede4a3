"""Issue 2: axe-core finds no serious or critical violation on any page.

Every named URL in the project (except the Django admin) that the role may open is opened as
a coordinator and as the public, so a page added later is checked without anyone listing it
here. Each form page is
also submitted empty, so its error summary and error messages are checked too.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from browser_tests.conftest import AXE_JS, VIEWER, format_violations
from core.testing.world import build_world
from core.tests.test_permission_matrix import _all_cases, _url_names
from demo.users import DEMO_PASSWORD

pytestmark = pytest.mark.browser

# A form with one of these is "fillable" and gets submitted empty; a form that is only a
# button (sign out, lock the minutes) is left alone so the sweep changes nothing by accident.
FILLABLE = "input:not([type=hidden]):not([type=submit]), textarea, select"
NAMESPACES = sorted({name.partition(":")[0] for name in _url_names()})

# Keyword arguments come from the permission matrix (each app's tests/permissions.py), which
# core/tests/test_permission_matrix.py already forces to cover every URL name: so a new page
# is swept as soon as it has its matrix entry, with no list to keep here.


def _pages_for(role: str, namespace: str):
    """The matrix world; per URL name, the first GET case this role may open; POST-only URLs."""
    world = build_world()
    cases = _all_cases(world)
    missing = sorted(_url_names() - set(cases))
    assert not missing, f"URLs with no permission-matrix entry, so no way to build them: {missing}"
    pages, actions = {}, {}
    for name, entries in sorted(cases.items()):
        if name.partition(":")[0] != namespace:
            continue
        for case in entries:
            if case.expect.get(role) != 200:
                continue
            url = reverse(name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
            if case.method == "get":
                pages[name] = url
                break
            actions.setdefault(name, url)
    # URLs this role may only POST to (sign out, remove an attendee...) must refuse a GET.
    return world, pages, {n: u for n, u in actions.items() if n not in pages}


def _submit_empty(page: Page) -> None:
    """Blank every field of the page's form and submit it, as a careless user might."""
    with page.expect_navigation():
        page.locator("main form[method=post]").first.evaluate(
            """form => {
                for (const el of form.elements) {
                    if (['hidden', 'submit'].includes(el.type) || el.tagName === 'BUTTON') continue;
                    if (el.type === 'radio' || el.type === 'checkbox') el.checked = false;
                    else if (el.tagName === 'SELECT') el.selectedIndex = -1;
                    else el.value = '';
                }
                form.requestSubmit();
            }"""
        )


def _sweep(page: Page, axe_violations, role: str, namespace: str, sign_in) -> list[str]:
    world, pages, actions = _pages_for(role, namespace)
    # Loaded before each page's own scripts, so axe_violations need not inject it every time.
    page.context.add_init_script(path=str(AXE_JS))
    if role == "coordinator":
        user = world.users["coordinator"]
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        sign_in(page, user.email)
    failures, seen = [], set()

    def check(where: str) -> None:
        # Pages reached twice (an edit page sends the public to sign in) are checked once.
        path = urlsplit(page.url).path
        if path in seen:
            return
        seen.add(path)
        violations = axe_violations(page)
        if violations:
            failures.append(format_violations(f"{where} as {role} ({page.url})", violations))

    for name, url in pages.items():
        try:
            response = page.goto(url)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a download (CSV, iCalendar, PDF, Word): not a page for axe
            raise
        if response.status != 200:
            failures.append(f"{name} as {role}: {url} answered {response.status}")
            continue
        if not response.headers["content-type"].startswith("text/html"):
            continue  # shown inline but not HTML (text/calendar, text/csv)
        check(name)
        form = page.locator("main form[method=post]").first
        if role == "coordinator" and form.count() and form.locator(FILLABLE).count():
            _submit_empty(page)
            check(f"{name} (submitted empty)")
    for name, url in actions.items():
        status = page.request.get(url, max_redirects=0).status
        if status != 405:
            failures.append(f"{name} as {role}: POST-only, but a GET answered {status}")

    if namespace == "core":
        response = page.goto("/no-such-page/")
        assert response.status == 404
        check("the 404 page")
    return failures


# One test per app, so `pytest -n auto` spreads the sweep over the cores.
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_page_is_accessible_to_a_coordinator(page, sign_in, axe_violations, namespace):
    failures = _sweep(page, axe_violations, "coordinator", namespace, sign_in)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_page_is_accessible_to_the_public(page, sign_in, axe_violations, namespace):
    failures = _sweep(page, axe_violations, "anonymous", namespace, sign_in)
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
