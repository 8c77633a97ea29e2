"""Rendering only the pages whose inputs changed, for ``digest build`` and the preview alike.

Every page Pelican writes goes through a ``Plan``: the page's inputs
(``digest.pelican.pages.page_inputs``) are worked out from its context, and a
page whose inputs equal those it had when last rendered is not rendered
again. The preview renders into the same folder every time, so such a page
is just left there; ``digest build`` renders into a fresh folder, so such a
page is linked in from the last build's ``output/`` (``reuse``): a hard link,
no copy. A page that is rendered is written only when its HTML changed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections import ChainMap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.utils import sanitised_join

from digest.files import relative_to_folder, write_atomically
from digest.pelican.internals import SkippingWriter
from digest.pelican.pages import page_inputs
from digest.pelican.run import NamingWriter


def _write_new(path: str, html: str) -> None:
    """A new file in a folder no one reads yet; its folder is made only when the file cannot be opened
    without it (after a first build, digest.build's FoldersMeanwhile has made most of them)."""
    try:
        handle = open(path, "x", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle = open(path, "x", encoding="utf-8", newline="\n")  # noqa: SIM115
    with handle:
        handle.write(html)


@dataclass
class Plan:
    """One build's bookkeeping: what each page showed last time and now, what was rendered and written.

    Pages are named by their path under ``output``.
    """

    previous: dict[str, Any]  # output file -> inputs when last rendered (None: render it)
    version: Callable[[Any], Any]  # of an article: changes whenever its file does
    output: Path
    always: bool = False  # render every page handed over
    reuse: Path | None = None  # the last build's folder, to link unchanged pages from (None: they are in output)
    # ``output`` is a folder of the build's own, swapped in whole once every page is there
    # (digest.build): no one reads a page there before, so each is written as it is rendered,
    # without the temporary file and rename per page that keeps a served folder whole (a fifth
    # of the time of writing ten thousand article pages).
    staging: bool = False
    inputs: dict[str, Any] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    reused: int = 0

    def unchanged(self, name: str, context) -> bool:
        """Whether the page ``name`` shows what it showed when last rendered (and is there): then it is kept."""
        path = sanitised_join(str(self.output), name)
        inputs = None if self.always else page_inputs(context, self.version)
        self.inputs[path] = inputs
        if inputs is None or self.previous.get(path) != inputs:
            return False
        if self.reuse is None:
            return os.path.exists(path)
        return self._link_from_last_build(path)

    def kept(self, name: str, context) -> bool:
        """``unchanged``, asked only of a page the last build rendered: for a new page (every page of a
        cold build) its inputs are left to be worked out once, when it is rendered."""
        return sanitised_join(str(self.output), name) in self.previous and self.unchanged(name, context)

    def _link_from_last_build(self, path: str) -> bool:
        last = os.path.join(self.reuse, relative_to_folder(path, str(self.output)))
        try:
            _link_or_copy(last, path)
        except OSError:
            return False
        self.reused += 1
        return True

    def render(self, template, context: dict) -> None:
        if self.unchanged(context["output_file"], context):
            return
        path = sanitised_join(str(self.output), context["output_file"])
        html = template.render(context)
        self.rendered.append(path)
        try:
            with open(path, encoding="utf-8") as handle:
                if handle.read() == html:
                    return
            there = True
        except OSError:
            there = False
        if self.staging and not there:
            _write_new(path, html)
        else:
            # Also a page of the build's folder that is already there: it may be a hard link to the
            # last build's page (linked in as unchanged), which writing into would change under output/.
            write_atomically(path, html)
        self.changed.append(path)

    # What a process rendering a share of the pages (digest.pelican.parallel) sends back.
    def record(self) -> tuple:
        return set(self.inputs), len(self.rendered), len(self.changed), self.reused

    def record_since(self, before: tuple) -> dict:
        keys, rendered, changed, reused = before
        return {"inputs": {path: value for path, value in self.inputs.items() if path not in keys},
                "rendered": self.rendered[rendered:], "changed": self.changed[changed:], "reused": self.reused - reused}

    def merge(self, record: dict) -> None:
        self.inputs.update(record["inputs"])
        self.rendered += record["rendered"]
        self.changed += record["changed"]
        self.reused += record["reused"]

    def remove_stale(self) -> None:
        """Remove the pages the last build wrote and this one did not (a renamed or deleted article)."""
        for path in sorted(set(self.previous) - set(self.inputs)):
            with contextlib.suppress(OSError):
                os.remove(path)
                self.changed.append(path)
                os.removedirs(os.path.dirname(path))  # the page's folder, if now empty


def _link_or_copy(source: str, target: str) -> None:
    """``target`` as a hard link to ``source`` (a copy on a file system without them), its folder made
    if need be. The link is tried first: ``digest build`` makes the folders of the last build's pages
    in the staging folder meanwhile (``digest.build``)."""
    try:
        os.link(source, target)
        return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
    except OSError:
        pass
    try:
        os.link(source, target)
    except OSError:
        if not os.path.isfile(source):
            raise
        shutil.copy2(source, target)  # a file system without hard links


class _Gate:
    """A template that renders through the plan: only when the page's inputs changed."""

    def __init__(self, template, plan: Plan):
        self._template = template
        self._plan = plan

    def render(self, context: dict) -> str:
        self._plan.render(self._template, context)
        return ""  # the plan wrote the page (or left it as it was)


class PageWriter(NamingWriter, SkippingWriter):
    """Pelican's writer, rendering and writing pages through a ``Plan``."""

    def __init__(self, output_path, settings=None, *, plan: Plan):
        super().__init__(str(output_path), settings=settings)
        self._plan = plan

    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if name and not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            # One page, known from its arguments: when it is unchanged, Pelican need not even copy
            # the context for it (a paginated list is judged page by page, in _Gate).
            if self._plan.unchanged(name, ChainMap(kwargs, context)):
                return None
        return super().write_file(name, _Gate(template, self._plan), context, relative_urls, paginated, template_name,
                                  override_output, url, **kwargs)

    def kept(self, name, context, relative_urls=False, override_output=False, url=None, **kwargs) -> bool:
        """Whether ``write_file`` with these arguments would keep the page as it is (``Plan.kept``)."""
        return self._plan.kept(name, ChainMap(kwargs, context))

    @property
    def plan(self) -> Plan:
        return self._plan

    def skips(self, filename: str) -> bool:
        return filename in self._plan.inputs  # the page went through the plan
