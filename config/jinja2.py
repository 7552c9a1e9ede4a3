"""The Jinja2 environment: GOV.UK Frontend macros, URL and static helpers, British formats."""

import functools
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import get_script_prefix, get_urlconf, reverse
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    PackageLoader,
    PrefixLoader,
    pass_context,
)

from accounts import permissions
from core import formatting, kit, navigation
from reports.summary import compliance_summary


def url(name: str, *args, **kwargs) -> str:
    """Reverse a URL name, as Django's {% url %} tag does (remembered: a table of 100 rows
    reverses 100 links, and reversing is a pure function of the URL configuration, the script
    prefix, the name and the arguments)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    try:
        return _reverse(urlconf, get_script_prefix(), name, args, tuple(sorted(kwargs.items())))
    except TypeError:  # an unhashable argument: reverse it uncached
        return reverse(name, urlconf=urlconf, args=args or None, kwargs=kwargs or None)


@functools.lru_cache(maxsize=20_000)
def _reverse(urlconf, prefix: str, name: str, args: tuple, kwargs: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def _reader(context) -> tuple[Any, Any]:
    request = context.get("request")
    return (getattr(request, "user", None), context.get("partnership"))


@pass_context
def shown(context, record):
    """The referenced record if the reader may see it, else None (accounts.permissions)."""
    return permissions.visible_or_none(*_reader(context), record)


@pass_context
def visible_name(context, record, placeholder: str = "a restricted record", attr: str = "name"):
    """A referenced record's name, or a neutral phrase if the reader may not see it."""
    return permissions.visible_name(*_reader(context), record, placeholder, attr)


@pass_context
def readable(context, records) -> list:
    """Only the records the reader may see (for many-to-many lists)."""
    return permissions.visible_only(*_reader(context), records)


def partnership_navigation(request, partnership) -> list[dict]:
    """Navigation items for the partnership that this request's user may open."""
    level = permissions.access_level(request.user, partnership)
    return navigation.partnership_navigation(
        path=request.path, partnership=partnership, level=level
    )


def environment(**options) -> Environment:
    """Build the Jinja2 environment that renders every CSP Hub page."""
    loader = options.pop("loader")
    options["loader"] = ChoiceLoader(
        [loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    options.setdefault("extensions", [])
    if not settings.DEBUG:
        # Templates are compiled once per worker; the compiled code is kept on disk (the
        # system's temporary folder, per user) so a recycled or new worker loads it instead of
        # compiling every page again. Django already turns auto_reload off when DEBUG is.
        options.setdefault("bytecode_cache", FileSystemBytecodeCache())
    env = Environment(**options)  # noqa: S701 - autoescape is set by Django's backend
    env.globals.update(
        {
            "url": url,
            "static": staticfiles_storage.url,
            "partnership_navigation": partnership_navigation,
            "shown": shown,
            "visible_name": visible_name,
            "link": kit.link,
            "joined": kit.joined,
            "summary_rows": kit.summary_rows,
            # The partnership overview includes reports' compliance snippet; config is the top
            # floor, so it wires the snippet's figures here rather than in an AppConfig registry.
            "reports_compliance_summary": compliance_summary,
        }
    )
    env.filters.update(
        {
            "date_gb": formatting.date_gb,
            "datetime_gb": formatting.datetime_gb,
            "time_gb": formatting.time_gb,
            "month_gb": formatting.month_gb,
            "money": formatting.money,
            "number": formatting.number,
            "markdown": formatting.markdown_safe,
            "readable": readable,
            "recorded": kit.recorded,
        }
    )
    return env
