"""Settings for serving our site in `make bench`: the embedded defaults (SQLite, local-memory
cache) with DEBUG off, on a separate SQLite file so the developer's db.sqlite3 is untouched.
PAGE_CACHE_SECONDS and PAGE_FRAGMENT_CACHE_SECONDS come from the environment (run.py starts
one server per combination)."""

import os
from pathlib import Path

from cms.settings.base import *  # noqa: F403
from cms.settings.base import DATABASES

WORK = Path(__file__).resolve().parent / ".work"

DEBUG = False
SECRET_KEY = "bench-only-not-a-secret-" + "x" * 40
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"]["NAME"] = str(WORK / "ours.sqlite3")
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
PAGE_FRAGMENT_CACHE_SECONDS = int(os.environ.get("PAGE_FRAGMENT_CACHE_SECONDS", "300"))
LOGGING = {"version": 1, "disable_existing_loggers": False}
