"""schema.org data for search engines and link previews (JSON-LD). Values in, dicts out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


def news_article(
    *, url: str, headline: str, description: str, published: dt.datetime, authors: Sequence[str],
    publisher: str, publisher_url: str, language: str, based_on: str = "", image: str = "",
    outlet: str = "", outlet_url: str = "",
) -> dict:
    """``publisher`` is the digest; ``outlet`` the news organisation whose story it is. Without a
    byline there is no ``author``: the story is never credited to the digest or to a made-up person."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "url": url,
        "headline": headline[:110],  # the length Google's article guidelines allow
        "description": description,
        "datePublished": published.isoformat(),
        "dateModified": published.isoformat(),
        "publisher": {"@type": "Organization", "name": publisher, "url": publisher_url},
        "inLanguage": language,
    }
    if authors:
        data["author"] = [{"@type": "Person", "name": name} for name in authors]
    if outlet:
        data["sourceOrganization"] = {"@type": "Organization", "name": outlet, **({"url": outlet_url} if outlet_url else {})}
    if based_on:
        data["isBasedOn"] = based_on
    if image:
        data["image"] = [image]
    return data


def collection_page(*, url: str, name: str, description: str, language: str, items: Sequence[tuple[str, str]]) -> dict:
    """A topic's timeline: the page and the articles on it, in timeline order."""
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "url": url,
        "name": name,
        "description": description,
        "inLanguage": language,
        "mainEntity": {
            "@type": "ItemList",
            "itemListOrder": "https://schema.org/ItemListOrderAscending",
            "numberOfItems": len(items),
            "itemListElement": [
                {"@type": "ListItem", "position": position, "url": item_url, "name": item_name}
                for position, (item_url, item_name) in enumerate(items, start=1)
            ],
        },
    }
