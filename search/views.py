"""The search page: one box for every record the reader may see."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.pages import page_context
from accounts.permissions import Access, partnership_view
from search import selectors
from search.forms import SearchForm


@partnership_view(Access.PUBLIC)
def search_page(request: HttpRequest, partnership) -> HttpResponse:
    """Search the partnership's record; results are only what this reader may read."""
    user = request.user
    form = SearchForm(
        request.GET or None,
        kinds=selectors.search_kinds(user=user, partnership=partnership),
        groups=selectors.search_groups(user=user, partnership=partnership),
    )
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        try:
            page = int(request.GET.get("page", "1"))
        except ValueError:
            page = 1
        data = form.cleaned_data
        results = selectors.search_records(
            user=user,
            partnership=partnership,
            text=data["q"],
            kind=data["kind"],
            group=data["group_record"],
            date_from=data["from"],
            date_to=data["to"],
            page=page,
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "search/search.html",
        page_context(
            request,
            partnership,
            form=form,
            results=results,
            query_string=query.urlencode(),
            status=400 if form.is_bound and form.errors else 200,
        ),
        status=400 if form.is_bound and form.errors else 200,
    )
