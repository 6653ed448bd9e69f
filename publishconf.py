"""Production settings: `pelican content -s publishconf.py` or `sitrep build --publish`.
Set SITEURL in the environment to the address the site is served from."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://sitrep.example.org")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
