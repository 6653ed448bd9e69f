"""`python -m generators.cli`: the `sitrep` command without its installed script."""

from .commands import run

run()
