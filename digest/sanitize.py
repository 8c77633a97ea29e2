"""The one sanitiser: every piece of HTML digest publishes from content passes through here.

Articles come from the open web, so the HTML made from them (bodies,
summaries, and what feeds and TimelineJS data carry) is cleaned by nh3 (the
Python binding of Rust's ammonia, an allow-list sanitiser that parses HTML as
a browser does) with one policy: the tags Markdown writes, a few attributes,
and links only to http, https, mailto or addresses on this site. Pictures
load only from this site and from the hosts a site names in
``DIGEST_IMAGE_HOSTS``, so no page makes a reader's browser contact another
host. Pure: text in, text out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from functools import lru_cache

import nh3

from digest.urls import host_of

# The schemes a link may have; an address without a scheme (/articles/..., #fn:1) is on this site.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# What Python-Markdown with Pelican's extensions (extra, codehilite, toc) writes, and nothing more.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# No style (a strict Content-Security-Policy forbids it anyway) and no event handlers: ammonia
# drops every attribute not named here. Ids and classes serve footnotes, tables of contents
# and highlighted code.
ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href", "hreflang", "id"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "li": {"id", "value"},
    "sup": {"id"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
# Removed with everything inside them, not just unwrapped: their text is code or styling, never prose.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math"})

_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_HOST = re.compile(r"^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$")
_SPACE = re.compile(r"\s+")


def scheme_of(url: str) -> str:
    """The scheme of ``url`` as a browser reads it (entities decoded, case folded); "" for none.

    Browsers drop tabs and newlines inside a URL before they read it, so
    ``java&#9;script:`` is ``javascript:`` to them and to us.
    """
    decoded = re.sub(r"[\t\n\r]", "", html.unescape(url))
    match = _SCHEME.match(decoded)
    return match[1].lower() if match else ""


def is_allowed_link(url: str) -> bool:
    """Whether a link may point at ``url``: http, https, mailto, or an address on this site."""
    scheme = scheme_of(url)
    return scheme in LINK_SCHEMES if scheme else True


def is_local_address(url: str) -> bool:
    """An address on this site: no scheme and no host (``//host/x`` is another site)."""
    decoded = html.unescape(url).strip().replace("\\", "/")
    return not scheme_of(decoded) and not decoded.startswith("//")


def image_host_allowed(src: str, image_hosts: Collection[str]) -> bool:
    """Whether a page may load a picture from ``src``: this site, or http(s) on a host the site allows.

    ``image_hosts`` are as ``image_hosts_of`` gives them (lowercase); ``*.example.org`` allows
    every host below example.org, as it does in the Content-Security-Policy.
    """
    if is_local_address(src):
        return True
    return is_remote_picture(src) and _host_listed(host_of(html.unescape(src)), image_hosts)


def is_remote_picture(src: str) -> bool:
    """A picture on another host: an http(s) address (anything else is the site's or refused)."""
    return scheme_of(src) in ("http", "https")


def _host_listed(host: str, image_hosts: Collection[str]) -> bool:
    host = host.lower()
    return bool(host) and any(host == name or (name.startswith("*.") and host.endswith(name[1:])) for name in image_hosts)


def image_hosts_of(values: Collection[object]) -> tuple[tuple[str, ...], list[object]]:
    """(the host names in ``values``, lowercased; the values that are not host names).

    The names go into the Content-Security-Policy, so nothing else may: no scheme, path,
    space or ``;``.
    """
    hosts, bad = [], []
    for value in values or ():
        if isinstance(value, str) and _HOST.match(value.lower()):
            hosts.append(value.lower())
        else:
            bad.append(value)
    return tuple(hosts), bad


def content_security_policy(image_hosts: Collection[str]) -> str:
    """What every page may load: its own site's scripts, styles, data and fonts, and pictures from
    the site, ``data:`` (Pagefind's icons, in its CSS) and ``image_hosts``. Pagefind's search runs
    WebAssembly, hence 'wasm-unsafe-eval'; nothing may run inline."""
    images = " ".join(["'self'", "data:", *image_hosts])
    return (f"default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src {images}; "
            "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'")


def sanitize_html(fragment: str, image_hosts: Collection[str] = ()) -> str:
    """``fragment`` with everything outside the policy removed; pictures from hosts not allowed lose their ``src``."""
    return _cleaner(frozenset(name.lower() for name in image_hosts)).clean(fragment)


def html_to_text(fragment: str) -> str:
    """The words of an HTML fragment as plain text (for descriptions, feed summaries, search engines)."""
    return _SPACE.sub(" ", html.unescape(_text_cleaner().clean(fragment))).strip()


# Building a cleaner is most of the cost of one call: one per policy, kept.
@lru_cache(maxsize=8)
def _cleaner(image_hosts: frozenset[str]) -> nh3.Cleaner:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and not image_host_allowed(value, image_hosts):
            return None
        return value

    return nh3.Cleaner(
        tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT), attributes=ATTRIBUTES,
        attribute_filter=keep, url_schemes=set(LINK_SCHEMES), link_rel="noopener noreferrer", strip_comments=True,
    )


@lru_cache(maxsize=1)
def _text_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT), strip_comments=True)
