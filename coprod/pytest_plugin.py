"""Tests run with development settings: DEBUG on, unless the environment says otherwise.

Settings default to production (DEBUG off, a secret key and host list required),
so a missing variable never leaves a real server in debug mode. pytest-django
imports the settings before it reads any conftest.py, so this cannot live in one:
it is a plugin named in pyproject.toml's `addopts` (`-p coprod.pytest_plugin`),
which pytest imports first. It lives in an installed package so that plain
`pytest`, not only `python -m pytest`, can import it.
"""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "true")
