"""Settings for the load benchmark: the production settings plus a hello-world page.

Only `bench/load.py` serves these (DJANGO_SETTINGS_MODULE=bench.settings); the site itself never
has the hello-world URL.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
