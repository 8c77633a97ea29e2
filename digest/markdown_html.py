"""Markdown from content files to safe HTML: the converter the reader uses for bodies and summaries.

Raw HTML in an article is shown as text, never passed into the page, and a
picture on a host the site does not allow becomes a link to it (its
description as the text), so the reader sees where it is without the page
loading it. The result goes through ``digest.sanitize``, the one sanitiser.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Collection

from markdown import Markdown, inlinepatterns
from markdown.treeprocessors import Treeprocessor

from digest.sanitize import image_host_allowed, is_allowed_link, sanitize_html
from digest.urls import host_of


class _ForeignImages(Treeprocessor):
    """``![alt](https://elsewhere/x.jpg)`` becomes ``<a href="https://elsewhere/x.jpg">alt</a>``."""

    def __init__(self, md: Markdown, image_hosts: Collection[str]):
        super().__init__(md)
        self.image_hosts = image_hosts

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag != "img":
                    continue
                src = child.get("src", "")
                if image_host_allowed(src, self.image_hosts):
                    continue
                link = etree.Element("a", {"class": "external-image"})
                if is_allowed_link(src):
                    link.set("href", src)
                host = host_of(src)
                link.text = child.get("alt") or child.get("title") or host or src
                link.tail = child.tail
                parent.remove(child)
                parent.insert(index, link)


# Python-Markdown tries every inline pattern on every piece of text, and that is most of its time
# on prose. A pattern whose expression can only match text holding one of these strings does
# nothing in a document without any of them, so a document is converted by a Markdown that
# lacks such patterns (``MarkdownConverter``): the same HTML, found sooner (a quarter less time on
# news articles, which rarely hold a backtick, a backslash, an ampersand or an angle bracket).
# Keyed by the very expression, so a pattern an extension or a new release changes is never left
# out. The texts are those the patterns see: after Python-Markdown's whitespace normalisation,
# which turns tabs into spaces (hence a tab may make a line break).
_NEEDS = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # also REFERENCE_RE and the short references
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # also IMAGE_REFERENCE_RE
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.LINE_BREAK_RE: ("  ", "\t"),
    inlinepatterns.ENTITY_RE: ("&",),
    r"\[\^([^\]]*)\]": ("[^",),  # the footnotes extension's reference (a local name there)
}
_MAX_VARIANTS = 64  # Markdowns kept per converter, one per set of patterns a document can use


def _needs(pattern) -> tuple[str, ...] | None:
    """The strings one of which a text must hold for ``pattern`` to match in it; None: unknown."""
    if isinstance(pattern, inlinepatterns.DelimiterProcessor):
        return tuple(pattern.tokens)  # its expression is its delimiters (*, _), one of them
    expression = getattr(pattern, "pattern", None)
    return _NEEDS.get(expression) if isinstance(expression, str) else None


# Pelican puts a "Key: value" header in a Markdown file's body, which its reader takes out with this
# extension; a digest's header is its YAML front matter, and the extension would take an article's
# first lines ("Jakarta: the ministry said ...") for a header and drop them.
_NOT_FOR_BODIES = frozenset({"markdown.extensions.meta", "meta"})


def markdown_options(settings: dict) -> dict:
    """Pelican's MARKDOWN setting as Pelican's own reader reads it: every extension configured in
    ``extension_configs`` is loaded too (Pelican's default: extra and codehilite), but ``meta``."""
    options = dict(settings)
    configs = {name: config for name, config in (options.get("extension_configs") or {}).items()
               if name not in _NOT_FOR_BODIES}
    extensions = [extension for extension in [*(options.get("extensions") or ()), *configs]
                  if not (isinstance(extension, str) and extension in _NOT_FOR_BODIES)]
    options["extensions"] = list(dict.fromkeys(extensions))  # an Extension object hashes by identity
    options["extension_configs"] = configs
    return options


class MarkdownConverter:
    """One converter per reader (building a Markdown is the slow part); each Markdown is reset between documents."""

    def __init__(self, markdown_settings: dict, image_hosts: Collection[str] = ()):
        self.image_hosts = tuple(image_hosts)
        self._settings = markdown_options(markdown_settings)
        self._markdown = self._new_markdown(())
        patterns = self._markdown.inlinePatterns
        names = list(patterns._data)  # noqa: SLF001 - a Registry lists its names nowhere public
        self._needs = [(name, needs) for name, needs in ((name, _needs(patterns[name])) for name in names)
                       if needs is not None]
        self._variants: dict[frozenset[str], Markdown] = {frozenset(): self._markdown}

    def _new_markdown(self, without: Collection[str]) -> Markdown:
        markdown = Markdown(**self._settings)
        markdown.preprocessors.deregister("html_block")
        markdown.inlinePatterns.deregister("html")
        for name in without:
            markdown.inlinePatterns.deregister(name)
        # After inline patterns (priority 20) have made the <img> elements, before prettify.
        markdown.treeprocessors.register(_ForeignImages(markdown, self.image_hosts), "digest-foreign-images", 15)
        return markdown

    def _markdown_for(self, text: str) -> Markdown:
        idle = frozenset(name for name, needs in self._needs if not any(needed in text for needed in needs))
        markdown = self._variants.get(idle)
        if markdown is None:
            if len(self._variants) >= _MAX_VARIANTS:
                return self._markdown  # every pattern: the same HTML, only slower
            markdown = self._variants[idle] = self._new_markdown(idle)
        return markdown

    def convert(self, text: str) -> str:
        markdown = self._markdown_for(text)
        markdown.reset()
        return sanitize_html(markdown.convert(text), self.image_hosts)
