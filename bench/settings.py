"""The app's production settings, plus the two floor pages (bench/floors.py).

Only the bench's gunicorn uses this module, so the HTTP load can measure what
any signed-in page costs before its content, the same way as the real pages.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floors"
