"""Pelican settings of the sample digest. `digest build` and `make html` read this file."""

SITENAME = "Digest"
SITESUBTITLE = "Stories followed over time, from many outlets"
SITEURL = ""
# No AUTHOR: a story without a byline is credited to no one (never to the site); see README.

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = []
STATIC_PATHS = ["images"]
THEME = "themes/digest"
PLUGINS = ["digest.pelican"]

TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# The file name is the slug, so an article's address never changes with its title.
SLUGIFY_SOURCE = "basename"
ARTICLE_URL = "articles/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "articles/{date:%Y}/{slug}/index.html"
# Articles in other languages are not translations of English ones: same addresses.
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
# Topic, edition and feed addresses, and digest's own settings: see DEFAULTS in digest/config.py.

# Topics replace Pelican's categories and tags.
DEFAULT_CATEGORY = "digest"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "authors"]

DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds need absolute addresses; locally they point at `digest serve`.
FEED_DOMAIN = "http://127.0.0.1:8000"
# digest writes the site, author and topic feeds itself (Atom and JSON Feed); Pelican's are off.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Plain text from front matter is escaped by the templates; HTML is marked |safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

RELATIVE_URLS = True
