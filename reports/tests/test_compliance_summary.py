"""The compliance calendar summary on the coordinator's partnership home page."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_statutory_duties_on_the_partnership_home_page(world, client_for):
    page = client_for("coordinator").get(f"/p/{world.slug}/").content.decode()
    assert 'id="compliance-summary"' in page
    assert "Annual strategic assessment" in page or "strategic assessment" in page.lower()
    assert f"/p/{world.slug}/reports/compliance/" in page
    assert " overdue, " in page and " due soon." in page


@pytest.mark.parametrize("role", ["anonymous", "viewer", "member", "other_coordinator"])
def test_no_one_else_sees_it(world, client_for, role):
    response = client_for(role).get(f"/p/{world.slug}/")
    assert 'id="compliance-summary"' not in response.content.decode()
