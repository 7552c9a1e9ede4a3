"""Demo loader placeholder."""


def load(partnership):
    pass
