"""A small bar chart of entries per month, drawn as SVG at build time (no JavaScript)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from digest.i18n import MONTHS, Catalogue


def render_monthly_chart(series: list[tuple[int, int, int]], *, label: str, lang: str = "en",
                         width: int = 640, height: int = 96) -> str:
    """``series`` is (year, month, count) for consecutive months; returns an ``<svg>`` element,
    its words in the interface language ``lang``.

    Bars are drawn in ``currentColor`` classes the theme styles; every bar has
    a ``<title>`` so the count shows on hover and to screen readers.
    """
    if not series:
        return ""
    months, words = MONTHS.get(lang, MONTHS["en"]), Catalogue(lang)
    top = max(count for *_, count in series) or 1
    chart_height = height - 18  # room for the year labels
    step = width / len(series)
    bar = max(step * 0.8, 1.0)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(label)}</title>',
    ]
    for index, (year, month, count) in enumerate(series):
        x = index * step
        if count:
            bar_height = max(chart_height * count / top, 2.0)
            entries = words.ngettext("%(num)d entry", "%(num)d entries", count) % {"num": count}
            parts.append(
                f'<rect class="chart__bar" x="{x:.1f}" y="{chart_height - bar_height:.1f}" width="{bar:.1f}" '
                f'height="{bar_height:.1f}"><title>{months[month - 1]} {year}: {entries}</title></rect>'
            )
        if month == 1 or index == 0:
            parts.append(f'<text class="chart__label" x="{x:.1f}" y="{height - 4}">{year}</text>')
    parts.append(f'<line class="chart__axis" x1="0" y1="{chart_height}" x2="{width}" y2="{chart_height}"/>')
    parts.append("</svg>")
    return "".join(parts)
