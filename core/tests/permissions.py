"""Permission-matrix entries for core's pages."""

from core.testing.matrix import EVERYONE, Case


def cases(world) -> dict[str, list[Case]]:
    return {
        "home": [Case(kwargs={}, expect=EVERYONE)],
        "core:accessibility": [Case(kwargs={}, expect=EVERYONE)],
        "core:privacy": [Case(kwargs={}, expect=EVERYONE)],
    }
