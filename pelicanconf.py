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

# Languages: the content is written in DEFAULT_LANG; every other language gets the same
# pages under /<code>/, with the interface from themes/sitrep/translations and the content's
# translations where they exist (see README, "Languages").
SITE_LANGUAGES = ["en", "ar"]
LANGUAGE_LOCALES = {"ar": "ar_SY"}  # Syrian month names (آب, not أغسطس) and digits
ARABIC_DIGITS = "arab"  # or "latn" for 0-9 on Arabic pages
LANGUAGE_SETTINGS = {
    "ar": {
        "SITENAME": "تقارير الوضع في حلب",
        "SITE_DESCRIPTION": (
            "أحداث حصار حلب الشرقية وادعاءات أطرافه وأرقامه، تموز/يوليو - آب/أغسطس ٢٠١٦، "
            "مع مصادر كل منها وتقييم فريق الرصد."
        ),
    },
}

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
# Translated analyses are written by sitrep, in their language's sub-site.
ARTICLE_LANG_URL = "{lang}/analyses/{slug}/"
ARTICLE_LANG_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"

# sitrep writes the home page and the lists; Pelican's blog archives are not wanted.
DIRECT_TEMPLATES: list[str] = []
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
DEFAULT_PAGINATION = False

# Feeds, the sitemap, data files and social cards want absolute addresses, but SITEURL
# stays "" so that a preview works from any host. A build with no address never guesses
# one: its feeds and data use root-relative links (Atom with xml:base). `sitrep serve`
# points FEED_DOMAIN at itself (a preview); publishconf.py sets SITEURL and FEED_DOMAIN to
# the real address. sitrep writes every feed itself (generators/pages/feeds.py).
FEED_DOMAIN = ""
FEED_ALL_ATOM = None
FEED_MAX_ITEMS = 100
# Key figures: a value last reported more than this many days before the page's day (a day
# report's day; the newest day on record for the home page) says how old it is.
FIGURE_STALE_DAYS = 7
# The licence of the downloads, as /data/datapackage.json states it (None: none stated).
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# Autoescape everything; sanitised HTML is marked safe only by generators/views/markup.py.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}

# Pagefind search index, built at the end of every build; False skips it (fast previews,
# or `sitrep build --no-search`).
SITREP_SEARCH = True
SITREP_PAGEFIND = None  # the Pagefind command; None: the pinned PyPI package

# Published in /.well-known/security.txt; see generators/pages/securitytxt.py for its Expires date.
SECURITY_CONTACT = "mailto:security@sitrep.example.org"

# Validated content kept between builds (generators/content/contentcache.py): None keeps it in
# .sitrep-cache/ beside the content folder, a path puts it there, False keeps none.
SITREP_CACHE = None

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Maps (generators/views/maps.py). The basemap is the site's own: one PMTiles file in the
# content folder, made by `make basemap` (docs/basemap.md) from Natural Earth and the desk's
# places, served by the site, so readers' browsers request nothing from any other host.
# (A copy of these settings beside other content, as the tests make, has none.)
_BASEMAP = "basemap/aleppo.pmtiles"
BASEMAP = _BASEMAP if (_HERE / "content" / _BASEMAP).is_file() else None
MAP_TILES = None
MAP_SIDE_COLOURS = {"government": "#b2182b", "opposition": "#1b7837", "civilian": "#4d4d4d"}
# /map/ opens on the two days the siege was said to be broken.
MAP_DATES = ("2016-08-05", "2016-08-06")
