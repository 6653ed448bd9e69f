"""sitrep's Pelican plugin package: validates the content, then adds the situation-report
pages. Pelican calls `register()` (PLUGINS = ["generators"]); the wiring is in plugin.py,
imported only then, so that `sitrep validate` loads no page generator, map or Pelican code.
"""

from __future__ import annotations


def register() -> None:
    from .plugin import register as wire

    wire()
