"""The shape of the code, read from its source: one door to Pelican's insides, no import cycles, no chdir."""

from __future__ import annotations

import ast
from pathlib import Path

import pelican

from tests.conftest import REPO

PACKAGE = REPO / "digest"
MODULES = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}
DOOR = PACKAGE / "pelican" / "internals.py"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def pelican_private_names() -> set[str]:
    """Names Pelican keeps private: its _functions, _methods and self._attributes."""
    names = set()
    for path in Path(pelican.__file__).parent.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and _private(node.name):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and _private(node.attr):
                names.add(node.attr)
    return names


def test_no_module_but_the_door_uses_a_private_pelican_name():
    private = pelican_private_names()
    found = []
    for path, tree in MODULES.items():
        if path == DOOR:
            continue
        own = {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
        own |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pelican"):
                found += [f"{path.name}: from {node.module} import {alias.name}" for alias in node.names if _private(alias.name)]
            if isinstance(node, ast.Attribute) and node.attr in private and node.attr not in own:
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert found == []


def test_the_door_checks_the_pelican_version_it_was_written_for():
    from digest.pelican import internals

    assert internals.pelican_version() in internals.SUPPORTED
    internals.check_version()


def test_no_os_chdir_in_digest():
    calls = [f"{path.name}:{node.lineno}" for path, tree in MODULES.items() for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr == "chdir"]
    assert calls == []


def imports_at_load(tree: ast.Module, name: str, is_package: bool, names: set[str]) -> set[str]:
    """The digest modules a module imports when it is loaded (top level, TYPE_CHECKING blocks included)."""
    found = set()
    for node in tree.body:
        blocks = [node]
        if isinstance(node, (ast.If, ast.Try)):
            blocks = [*node.body, *getattr(node, "orelse", []), *[n for h in getattr(node, "handlers", []) for n in h.body]]
        for block in blocks:
            if isinstance(block, ast.Import):
                found |= {alias.name for alias in block.names if alias.name.startswith("digest")}
            elif isinstance(block, ast.ImportFrom):
                if block.level:
                    base = name.split(".")[: len(name.split(".")) - block.level + (1 if is_package else 0)]
                    module = ".".join([*base, block.module] if block.module else base)
                else:
                    module = block.module or ""
                if module.startswith("digest"):
                    # "from digest.importer import rules" loads the module digest.importer.rules
                    submodules = {f"{module}.{alias.name}" for alias in block.names} & names
                    found |= submodules or {module}
    return found


def test_no_import_cycles():
    names = {module_name(path): path for path in MODULES}
    graph = {name: {other for other in imports_at_load(MODULES[path], name, path.name == "__init__.py", set(names))
                     if other in names}
             for name, path in names.items()}
    cycles = []

    def visit(name: str, trail: list[str]) -> None:
        for other in sorted(graph[name]):
            if other in trail:
                cycles.append(" -> ".join([*trail[trail.index(other):], other]))
            elif other not in done:
                visit(other, [*trail, other])
        done.add(name)

    done: set[str] = set()
    for name in sorted(graph):
        if name not in done:
            visit(name, [name])
    # a package importing its own modules from __init__ is how packages are made, not a cycle
    assert [cycle for cycle in cycles if not cycle.startswith("digest.pelican -> digest.pelican.")] == []
