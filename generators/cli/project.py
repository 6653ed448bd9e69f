"""A project's settings, read as every command reads them, and one build of it: what the
commands (commands.py, basemap.py) share."""

from __future__ import annotations

import os

from ..build.executor import SOURCE


def read_settings(settings_file: str, overrides: dict | None = None) -> dict:
    from pelican.settings import read_settings as pelican_settings

    overrides = {"SITREP_RAISE": True, **(overrides or {})}
    settings = pelican_settings(settings_file, override=dict(overrides))
    # What the workers of a distributed build read the same settings from (executor.py).
    settings[SOURCE] = (os.path.abspath(settings_file), overrides)
    return settings


def run_build(settings: dict) -> None:
    """One Pelican build of the site (validated first, written atomically)."""
    from pelican import Pelican

    Pelican(settings).run()
