"""Settings for the published site: `digest build --settings publishconf.py`.

SITEURL comes from the environment (the CI workflow sets it from GitHub Pages).
"""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("DIGEST_SITEURL", "").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
# digest build refuses to build this without an absolute SITEURL (an empty one would write "/" into
# the sitemap and robots.txt).
DIGEST_PUBLISH = True
