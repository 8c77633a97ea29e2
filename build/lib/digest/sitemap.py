"""sitemap.xml and robots.txt: values in, text out."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape


def render_sitemap(urls: Iterable[str]) -> str:
    """A sitemap (sitemaps.org 0.9) listing ``urls`` (absolute), sorted so two builds give the same file."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(url)}</loc></url>" for url in sorted(set(urls))]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
