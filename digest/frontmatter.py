"""Split, parse and dump YAML front matter: text in, values out.

The one parser behind the Pelican reader, the importer and every command.

YAML 1.1, which PyYAML speaks, turns ``no``, ``on`` and ``yes`` into booleans
and ``2022-12-03`` into a date, so a title "Yes" or a topic "no" would not stay
what the editor typed. We read with a narrower schema: only ``true``/``false``
are booleans and ``null``/``~``/nothing is null; every other plain value is
text, and the article schema turns text into dates where a date is meant.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from digest.errors import ContentError

DELIMITER = "---"
_CLOSERS = ("---", "...")
# Bounds on what a header may be, so no file can stall a build: an article's fields fill a few
# hundred characters three levels deep; a whole topics.yaml of hundreds of topics, some kilobytes.
MAX_HEADER_CHARS = 100_000
MAX_YAML_CHARS = 1_000_000
MAX_DEPTH = 20


class _Loader(yaml.SafeLoader):
    """SafeLoader that knows only true/false/null as special plain words."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same schema on libyaml's parser (in PyYAML's wheels): several times faster on
    good files. Its error messages are terser, so a file it refuses is read again by
    ``_Loader`` to tell the editor what is wrong."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """Nodes (for positions) and values of ``text``; a YAML error comes from the pure-Python parser."""
    for loader_class in (_FastLoader, _Loader):
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _reject_duplicate_keys(node)
            return node, (loader.construct_document(node) if node is not None else None)
        except yaml.YAMLError:
            if loader_class is _Loader:
                raise
        finally:
            loader.dispose()
    raise AssertionError("unreachable: the pure-Python parser either returns or raises")


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes dates plain (``2022-12-03``, not ``'2022-12-03'``).

    It still quotes ``yes``, ``no``, ``1984`` and the like, so other YAML tools
    read our files as we do.
    """


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
_Dumper.add_representer(dt.date, lambda dumper, value: dumper.represent_str(value.isoformat()))
# A field left for the editor to fill in is written blank (``subtitle:``), as editors leave them, not ``null``.
_Dumper.add_representer(type(None), lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:null", ""))
_Dumper.add_representer(
    dt.datetime, lambda dumper, value: dumper.represent_str(value.isoformat(sep=" ", timespec="minutes"))
)


@dataclass(frozen=True)
class FrontMatter:
    """A parsed file: the header values, the body, and where everything stands."""

    data: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    node: yaml.Node | None = None  # the header's YAML nodes, for positions
    # Instead of ``node`` in a compact copy (see ``compact``): the place of every value, by its keys,
    # as JSON text ``[[keys, line, col], ...]``. One string, not a dict of tuples: the content cache
    # holds one per article file, and a position is asked for only to tell a problem (at 10,000
    # articles the dicts took 100 MB and a third of the time to load the checks).
    places: str | None = None

    def compact(self) -> "FrontMatter":
        """A copy without the YAML nodes and the body, small to keep and quick to load, that still
        answers ``position`` (not ``key_positions``: unknown keys are found before it is made)."""
        places: dict[tuple, tuple[int, int]] = {}
        if self.node is not None:
            _collect_places(self.node, (), places)
        return FrontMatter(data=self.data, body="", body_line=self.body_line,
                           places=json.dumps([[list(keys), *place] for keys, place in places.items()],
                                             ensure_ascii=False, separators=(",", ":")))

    def position(self, *keys: str | int) -> tuple[int, int]:
        """1-based (line, col) in the file of the value at ``keys``.

        Walks as deep as the keys go and answers with the deepest node found,
        so a missing key points at its parent.
        """
        if self.places is not None:
            places = {tuple(found): (line, col) for found, line, col in json.loads(self.places)}
            for depth in range(len(keys), -1, -1):
                if keys[:depth] in places:
                    return places[keys[:depth]]
            return (1, 1)
        node = self.node
        if node is None:
            return (1, 1)
        for key in keys:
            child = _child(node, key)
            if child is None:
                break
            node = child
        return (node.start_mark.line + 2, node.start_mark.column + 1)

    def key_position(self, *keys: str | int) -> tuple[int, int]:
        """1-based (line, col) of a key itself (for unknown keys); ``keys`` lead to it as for ``position``."""
        return self.key_positions(*keys[:-1]).get(str(keys[-1]), (1, 1))

    def key_positions(self, *keys: str | int) -> dict[str, tuple[int, int]]:
        """Every key of the mapping at ``keys`` with its 1-based (line, col): one walk for all of them."""
        node = self.node
        for key in keys:
            node = _child(node, key) if node is not None else None
        if not isinstance(node, yaml.MappingNode):
            return {}
        positions: dict[str, tuple[int, int]] = {}
        for key_node, _ in node.value:
            positions.setdefault(str(key_node.value), (key_node.start_mark.line + 2, key_node.start_mark.column + 1))
        return positions


def _collect_places(node: yaml.Node, keys: tuple, places: dict[tuple, tuple[int, int]]) -> None:
    # Depth is bounded: parse() refused headers nested deeper than MAX_DEPTH.
    places[keys] = (node.start_mark.line + 2, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and (*keys, key_node.value) not in places:  # the first of equal keys, as _child finds it
                _collect_places(value_node, (*keys, key_node.value), places)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_places(item, (*keys, index), places)


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def split(text: str) -> tuple[str, str, int]:
    """Split a file into (header, body, body_line). Raises ContentError without a header."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != DELIMITER:
        raise ContentError(
            "no front matter: the file must start with a line '---', then the YAML fields, then '---'",
            line=1, col=1, code="no-front-matter",
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in _CLOSERS:
            header = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return header, body, index + 2
    raise ContentError(
        "front matter is not closed: add a line '---' after the last field",
        line=1, col=1, code="unclosed-front-matter",
    )


def parse(text: str) -> FrontMatter:
    """Parse a whole file. Raises ContentError with the file's own line and column."""
    header, body, body_line = split(text)
    if len(header) > MAX_HEADER_CHARS:
        raise ContentError(
            f"front matter is {len(header):,} characters long, more than the {MAX_HEADER_CHARS:,} it may be: "
            "shorten the summary, or move the text into the body", line=2, col=1, code="front-matter-too-large",
        )
    _reject_control_characters(header, 2, "front matter is not valid YAML")
    _screen(header, 2, "front matter")
    try:
        node, data = _compose_and_construct(header)
    except RecursionError:  # a last guard: _screen refuses deep nesting before this
        raise ContentError(f"front matter is nested too deeply: no field needs more than {MAX_DEPTH} levels",
                           line=2, col=1, code="yaml-too-deep") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 2, mark.column + 1) if mark else (2, 1)
        problem = (error.problem or str(error)).replace("'<stream end>'", "the end of the front matter")
        raise ContentError(
            f"front matter is not valid YAML: {problem}", line=line, col=col, code="yaml-syntax"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(
            "front matter must be fields like 'title: ...', one per line",
            line=2, col=1, code="front-matter-not-mapping",
        )
    return FrontMatter(data=data, body=body, body_line=body_line, node=node)


def _reject_duplicate_keys(node: yaml.Node) -> None:
    """PyYAML keeps the last of two equal keys in silence; an editor would lose the first."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise ContentError(
                        f"'{key_node.value}' is given twice: keep one",
                        line=key_node.start_mark.line + 2, col=key_node.start_mark.column + 1,
                        code="duplicate-key",
                    )
                seen.add(key_node.value)
            _reject_duplicate_keys(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _reject_duplicate_keys(item)


def load_yaml(text: str) -> Any:
    """Parse a plain YAML document (such as topics.yaml) with the same schema.

    Positions in errors are 1-based lines of ``text``.
    """
    if len(text) > MAX_YAML_CHARS:
        raise ContentError(f"the file is {len(text):,} characters long, more than the {MAX_YAML_CHARS:,} it may be",
                           line=1, col=1, code="yaml-too-large")
    _reject_control_characters(text, 1, "not valid YAML")
    _screen(text, 1, "the file")
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except RecursionError:  # a last guard: _screen refuses deep nesting before this
        raise ContentError(f"the file is nested too deeply: nothing needs more than {MAX_DEPTH} levels",
                           line=1, col=1, code="yaml-too-deep") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ContentError(
            f"not valid YAML: {error.problem or error}",
            line=(mark.line + 1) if mark else 1, col=(mark.column + 1) if mark else 1, code="yaml-syntax",
        ) from None


# The characters YAML does not allow in a document (YAML 1.1, 5.1); text pasted
# from the web carries them. Found here so both of PyYAML's parsers report them alike.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _reject_control_characters(text: str, first_line: int, what: str) -> None:
    """Raise ContentError at the first character YAML refuses, by line and column."""
    found = _FORBIDDEN.search(text)
    if found:
        before = text[:found.start()]
        raise ContentError(
            f"{what}: control character #x{ord(found.group()):04x} is not allowed: delete it",
            line=first_line + before.count("\n"), col=found.start() - before.rfind("\n"), code="yaml-syntax",
        )


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (already read by ``load_yaml``), for positions of values."""
    return yaml.compose(text, Loader=_Loader)


_OPENING = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
            yaml.FlowSequenceStartToken)
_CLOSING = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _screen(text: str, first_line: int, what: str) -> None:
    """Refuse anchors and aliases, and nesting deeper than ``MAX_DEPTH``, before anything is built.

    An alias repeats a node without its text: nine levels of them in 500 bytes
    ("billion laughs") expand to a billion values, and a thousand open brackets
    exhaust Python's stack. An article has no use for either. One pass of
    libyaml's scanner, linear in the text; a syntax error is left to the parser,
    whose message says more.
    """
    if _plainly_shallow(text):
        return
    # libyaml refuses some texts before it hands out their first tokens (1,000 open brackets,
    # for one); PyYAML's own scanner, which is not recursive either, then reads as far as it can.
    for loader_class in (_FastLoader, _Loader):
        loader = loader_class(text)
        try:
            _screen_tokens(loader, first_line, what)
            return
        except yaml.YAMLError:
            continue
        finally:
            loader.dispose()


_COMPACT_NESTING = re.compile(r"[-?][ \t]+[-?][ \t]")  # "- - x", "? - x": a level more on the same line


def _plainly_shallow(text: str) -> bool:
    """Whether ``text`` can hold no anchor, alias or deep nesting, by a look cheaper than scanning it.

    An anchor needs a ``&``, an alias a ``*``; a block level needs more indentation (or a compact
    "- -" on one line); a flow level an opening bracket. Counting brackets without regard to quotes
    over-counts, so a text that passes has no more levels than counted; most headers pass.
    """
    if "&" in text or "*" in text or _COMPACT_NESTING.search(text):
        return False
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.split("\n")), default=0)
    brackets = text.count("[") + text.count("{")
    return indent + brackets + 2 <= MAX_DEPTH


def _screen_tokens(loader, first_line: int, what: str) -> None:
    depth = 0
    while loader.check_token():
        token = loader.get_token()
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
            raise ContentError(
                f"'{sign}{token.value}' is a YAML {'anchor' if sign == '&' else 'alias'}: {what} takes no anchors "
                "or aliases; write the value out (quote a text that starts with & or *)",
                line=token.start_mark.line + first_line, col=token.start_mark.column + 1, code="yaml-alias",
            )
        if isinstance(token, _OPENING):
            depth += 1
            if depth > MAX_DEPTH:
                raise ContentError(
                    f"{what} is nested more than {MAX_DEPTH} levels deep: no field needs that many",
                    line=token.start_mark.line + first_line, col=token.start_mark.column + 1, code="yaml-too-deep",
                )
        elif isinstance(token, _CLOSING):
            depth -= 1


def dump(data: dict[str, Any], body: str) -> str:
    """A whole file: ``---``, the fields in the given order, ``---``, the body."""
    header = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )
    body = body.strip("\n")
    return f"{DELIMITER}\n{header}{DELIMITER}\n" + (f"\n{body}\n" if body else "")
