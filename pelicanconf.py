"""Settings for building the demo site: `make site`, `sitrep build` or
`pelican content -s pelicanconf.py`. Production overrides live in publishconf.py."""

from pathlib import Path

_HERE = Path(__file__).resolve().parent

SITENAME = "Aleppo Situation Reports"
SITE_DESCRIPTION = (
    "Events, claims and figures of the siege of eastern Aleppo, July-August 2016, "
    "each with its sources and the desk's assessment."
)
AUTHOR = "sitrep demo desk"
SITEURL = ""
RELATIVE_URLS = False
DEFAULT_LANG = "en"
TIMEZONE = "Asia/Damascus"

PATH = str(_HERE / "content")
OUTPUT_PATH = str(_HERE / "output")
THEME = str(_HERE / "themes" / "sitrep")
THEME_STATIC_DIR = "theme"

PLUGINS = ["generators"]

# Analyses are the only Pelican articles; YAML content is read by sitrep's generators.
ARTICLE_PATHS = ["analyses"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "analyses/{slug}/"
ARTICLE_SAVE_AS = "analyses/{slug}/index.html"
ARTICLE_LANG_URL = "analyses/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "analyses/{slug}/{lang}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"

# sitrep writes the home page and the lists; Pelican's blog archives are not wanted.
DIRECT_TEMPLATES: list[str] = []
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
DEFAULT_PAGINATION = False

# Feeds need absolute addresses: publishconf.py turns them on with the real SITEURL.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# Autoescape everything; sanitised HTML is marked safe only by generators/markup.py.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}

# Published in /.well-known/security.txt; see generators/securitytxt.py for its Expires date.
SECURITY_CONTACT = "mailto:security@sitrep.example.org"

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
