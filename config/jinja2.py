"""The Jinja2 environment: GOV.UK Frontend macros, URL and static helpers, British formats."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader

from core import formatting
from core.navigation import partnership_navigation


def url(name: str, *args, **kwargs) -> str:
    """Reverse a URL name, as Django's {% url %} tag does."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    """Build the Jinja2 environment that renders every CSP Hub page."""
    loader = options.pop("loader")
    options["loader"] = ChoiceLoader(
        [loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    options.setdefault("extensions", [])
    env = Environment(**options)  # noqa: S701 - autoescape is set by Django's backend
    env.globals.update(
        {
            "url": url,
            "static": staticfiles_storage.url,
            "partnership_navigation": partnership_navigation,
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
        }
    )
    return env
