"""Markdown from content files to safe HTML: the converter the reader uses for bodies and summaries.

Raw HTML in an article is shown as text, never passed into the page, and a
picture on a host the site does not allow becomes a link to it (its
description as the text), so the reader sees where it is without the page
loading it. The result goes through ``digest.sanitize``, the one sanitiser.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Collection
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from digest.sanitize import image_host_allowed, is_allowed_link, sanitize_html


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
                host = urlsplit(src).hostname or ""
                link.text = child.get("alt") or child.get("title") or host or src
                link.tail = child.tail
                parent.remove(child)
                parent.insert(index, link)


class MarkdownConverter:
    """One converter per reader, reset between documents (building one is the slow part)."""

    def __init__(self, markdown_settings: dict, image_hosts: Collection[str] = ()):
        self.image_hosts = tuple(image_hosts)
        self._markdown = Markdown(**markdown_settings)
        self._markdown.preprocessors.deregister("html_block")
        self._markdown.inlinePatterns.deregister("html")
        # After inline patterns (priority 20) have made the <img> elements, before prettify.
        self._markdown.treeprocessors.register(_ForeignImages(self._markdown, self.image_hosts), "digest-foreign-images", 15)

    def convert(self, text: str) -> str:
        self._markdown.reset()
        return sanitize_html(self._markdown.convert(text), self.image_hosts)
