"""The pages ``digest serve`` shows of its own: while the first build runs, and while the last one failed.

Jinja templates in ``digest/templates/preview/``, escaped as the theme's are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import jinja2

_PLACE = re.compile(r"^(\S+?:\d+(?::\d+)?):\s*(.*)$", re.DOTALL)


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("digest", "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True)


def render_error_page(lines: Iterable[str], warnings: int = 0) -> str:
    """The page shown instead of every page while the last build failed: each problem as
    ``file:line:col: message``, escaped."""
    problems = []
    for line in lines:
        match = _PLACE.match(line)
        problems.append((match[1], match[2]) if match else ("", line))
    return _templates().get_template("preview/error.html").render(
        title="The site could not be built", problems=problems, warnings=warnings)


def render_building_page() -> str:
    return _templates().get_template("preview/building.html").render(title="Building the preview")
