"""Where a user lands after signing in, and each partnership's home page for its reader."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.pages import page_context
from accounts.permissions import Access, partnership_view
from home.summary import home_for, partnerships_of
from partnership.models import Partnership
from partnership.selectors import partnerships_list


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """After sign-in: the partnership's home page for a user with one partnership, a choice for
    a user with several, the list of partnerships for a user with none."""
    mine = partnerships_of(request.user)
    if not mine and request.user.is_superuser:
        mine = [(p, "Administrator") for p in partnerships_list()]
    if len(mine) == 1:
        return redirect("home:partnership_home", slug=mine[0][0].slug)
    if not mine:
        return redirect("home")
    return render(request, "home/choose.html", {"choices": mine})


@partnership_view(Access.VIEWER)
def partnership_home(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The reader's own overdue and open actions, the next meetings (of their groups, for a
    member), minutes awaiting approval and money left (coordinators), recently published
    minutes."""
    today = dt.date.today()
    home = home_for(user=request.user, partnership=partnership, today=today)
    return render(
        request,
        "home/partnership_home.html",
        page_context(request, partnership, home=home, today=today, Access=Access),
    )
