"""The bar chart of entries per month on a timeline: where each bar and label goes. Values in, values out.

The theme draws it (``themes/digest/templates/_chart.html``) as SVG at build time, no
JavaScript: bars in ``currentColor`` classes the stylesheet colours, a ``<title>`` on
every bar so its count shows on hover and to screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    year: int
    month: int
    count: int


@dataclass(frozen=True)
class YearLabel:
    x: float
    year: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    axis_y: float  # where the bars stand
    bars: tuple[Bar, ...]
    years: tuple[YearLabel, ...]


def monthly_chart(series: list[tuple[int, int, int]], *, width: int = 640, height: int = 96) -> Chart | None:
    """``series`` is (year, month, count) for consecutive months; None for no months at all."""
    if not series:
        return None
    top = max(count for *_, count in series) or 1
    chart_height = height - 18  # room for the year labels
    step = width / len(series)
    bar_width = max(step * 0.8, 1.0)
    bars, years = [], []
    for index, (year, month, count) in enumerate(series):
        x = index * step
        if count:
            bar_height = max(chart_height * count / top, 2.0)
            bars.append(Bar(x, chart_height - bar_height, bar_width, bar_height, year, month, count))
        if month == 1 or index == 0:
            years.append(YearLabel(x, year))
    return Chart(width=width, height=height, axis_y=chart_height, bars=tuple(bars), years=tuple(years))
