"""The import structure of `training/`: no feature depends on itself through others.

The graph counts every import statement, at the top of a module and inside functions alike,
so that an import tucked into a function cannot hide a cycle. Nodes are the features
(`training/<feature>/`) and the neutral top-level modules (`training/clock.py`, ...); the
app factory in `training/__init__.py` is left out, since it imports every feature by design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "training"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str | None:
    """The node a module belongs to: `training.cases.service` -> `cases`; None for the factory."""
    parts = module.split(".")
    if parts[0] != "training" or len(parts) == 1:
        return None
    return parts[1]


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every training module this file imports, wherever the import statement stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
    return {name for name in found if name.startswith("training")}


def import_graph() -> dict[str, set[str]]:
    """Edges between features and neutral modules of `training/`."""
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(path) for path in files}
    graph: dict[str, set[str]] = {}
    for path in files:
        source = _unit(_module_name(path))
        if source is None:
            continue
        targets = {_unit(name) for name in _imports(path, modules)}
        graph.setdefault(source, set()).update(t for t in targets if t and t != source)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of nodes (first == last), or None; depth-first with colours."""
    colour: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if colour.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if colour.get(nxt) is None and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        colour[node] = 2
        return None

    for start in sorted(graph):
        if colour.get(start) is None and (cycle := visit(start)):
            return cycle
    return None


def test_find_cycle_reports_a_cycle_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_import_graph_sees_imports_inside_functions(tmp_path, monkeypatch):
    package = tmp_path / "training"
    (package / "one").mkdir(parents=True)
    (package / "two").mkdir()
    for name in ("__init__.py", "one/__init__.py", "two/__init__.py", "two/service.py"):
        (package / name).write_text("")
    (package / "one" / "service.py").write_text(
        "def later():\n    from training.two import service\n"
    )
    monkeypatch.setattr(f"{__name__}.PACKAGE", package)
    assert import_graph()["one"] == {"two"}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_training_has_no_import_cycle(graph):
    assert {"accounts", "cases", "quizzes", "curriculum"} <= set(graph)
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("neutral", ["clock", "rules", "forms", "saving", "extensions", "paging"])
def test_neutral_modules_import_no_feature(graph, neutral):
    features = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert features, "no feature packages found"
    assert not graph.get(neutral, set()) & features


def _function_level_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every training import inside a function of this file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("training"):
                found.append((node.lineno, node.module))
            elif isinstance(node, ast.Import):
                found += [
                    (node.lineno, a.name) for a in node.names if a.name.startswith("training")
                ]
    return found


def test_function_level_imports_are_found(tmp_path):
    module = tmp_path / "service.py"
    module.write_text("import os\n\ndef later():\n    from training.cases import service\n")
    assert _function_level_imports(module) == [(4, "training.cases")]


def test_features_import_each_other_only_at_the_top_of_a_module():
    """Only a package's `__init__.py` (the app factory and `init_app`) imports inside a function."""
    modules = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"]
    assert len(modules) > 20
    hidden = {
        f"{path.relative_to(PACKAGE.parent)}:{line} {name}"
        for path in modules
        for line, name in _function_level_imports(path)
    }
    assert hidden == set()


# The layers of docs/architecture.md, top first: a package imports only from rows below its own.
LAYERS = [
    {"demo", "bench", "backup", "content", "site", "privacy", "mydata"},
    {"intervision"},
    {"journal", "authoring", "kit"},
    {"quizzes", "cases"},
    {"netmap"},
    {"competence"},
    {"xapi"},
    {"curriculum", "admin", "audit", "signin", "enrolment", "jobs"},
    {"accounts"},
    {"organisations"},
    {"saving", "i18n", "privacyguard"},
    {
        "rules",
        "clock",
        "forms",
        "extensions",
        "markup",
        "security",
        "config",
        "dbcheck",
        "mail",
        "paging",
        "inputs",
        "safeyaml",
    },
]


def test_every_package_sits_in_one_layer(graph):
    placed = [name for layer in LAYERS for name in layer]
    assert sorted(placed) == sorted(set(placed))
    assert set(graph) == set(placed)


@pytest.mark.parametrize("depth", range(len(LAYERS)))
def test_packages_import_only_from_the_layers_below(graph, depth):
    below = set().union(*LAYERS[depth + 1 :])
    upward = {f"{name} -> {target}" for name in LAYERS[depth] for target in graph[name] - below}
    assert upward == set()
