"""Issue 10 point 5: after signing in, each demo role lands on the partnership's home page and
sees what is theirs, at 1280 and 320 px, with no serious or critical axe-core violation."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import COORDINATOR, DEMO_PASSWORD, DEMO_SLUG, MEMBER, VIEWER

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SHOTS_DIR", "var/shots"))  # PNGs to look at, when asked for
HEADINGS = {
    COORDINATOR: [
        "Your overdue actions",
        "Next meetings",
        "Minutes awaiting approval",
        "Money left",
    ],
    MEMBER: ["Your overdue actions", "Next meetings of your groups", "Recently published minutes"],
    VIEWER: ["Next meetings", "Recently published minutes"],
}
ABSENT = {
    MEMBER: ["Minutes awaiting approval", "Money left"],
    VIEWER: ["Your overdue actions", "Minutes awaiting approval", "Money left"],
}


@pytest.mark.parametrize("email", [COORDINATOR, MEMBER, VIEWER])
@pytest.mark.parametrize("width", [1280, 320])
def test_each_role_lands_on_its_home_page_after_signing_in(
    page, demo, assert_accessible, email, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{page.url.split('/p/')[0]}/p/{DEMO_SLUG}/home/")
    for heading in HEADINGS[email]:
        expect(page.get_by_role("heading", name=re.compile(f"^{heading}"))).to_be_visible()
    for heading in ABSENT.get(email, []):
        expect(page.get_by_role("heading", name=re.compile(f"^{heading}"))).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    if os.environ.get("SHOTS_DIR"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"home-{email.split('@')[0]}-{width}.png", full_page=True)
