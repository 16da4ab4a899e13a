"""The app's production settings, with the bench's URLconf (bench/floors.py).

Only the bench's gunicorn uses this module: it serves the app's pages, the
fortunes reference and the two floor pages, the same way.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floors"
