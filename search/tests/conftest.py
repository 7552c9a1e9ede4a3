"""Fixtures for search: the whole demo partnership, indexed as load_demo leaves it."""

import pytest


@pytest.fixture
def demo(db):
    from django.conf import settings
    from django.utils.module_loading import import_string

    from core import search
    from demo.users import load_users

    partnership = import_string(settings.DEMO_LOADERS[0])()
    for dotted in settings.DEMO_LOADERS[1:]:
        import_string(dotted)(partnership)
    load_users(partnership)
    search.reindex(partnership=partnership)
    return partnership
