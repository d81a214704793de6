"""Imports go one way (docs/architecture.md): every import statement of the package, including the
ones inside functions and under ``TYPE_CHECKING``, points to the same or a lower layer, and the
import graph has no cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "leaderboard"

#: The layers, lowest first; a module may import only from its own layer or below.
LAYERS: list[tuple[str, ...]] = [
    ("_version", "errors", "characters", "atomic", "collector", "halves", "problems", "listcodes", "tables", "yamlfile", "markdown",
     "progress"),
    ("schemas",),
    ("scorers", "scorers.base", "scorers.qa", "scorers.classification", "scorers.ner", "scorers.chatbot",
     "scorers.prompting", "formatting"),
    ("benchmarks", "suites", "repository", "jsonschemas", "download"),
    ("results", "stats", "validation", "scoring"),
    ("standings", "screening"),
    ("api", "drift", "report", "site", "site.builder", "site.charts", "site.context", "site.serve",
     "site.formats", "site.items"),
    ("client", "submit", "github", "github.actions", "github.api", "github.ci", "github.prguard",
     "github.pullrequest", "github.status", "github.issueform", "runner", "runner.client", "runner.journal", "runner.parse",
     "runner.prompts", "runner.record", "runner.retrieval", "cli", "__main__", ""),
]
LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(path: Path, known: set[str], root: Path = PACKAGE) -> set[str]:
    """Every project module ``path`` imports anywhere in its body (functions and TYPE_CHECKING too)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(["leaderboard", *package.split(".")][: len(package.split(".")) + 2 - node.level])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            # ``from leaderboard.github import actions`` imports the module leaderboard.github.actions
            targets = [f"{module}.{alias.name}" for alias in node.names] + [module]
        else:
            continue
        for target in targets:
            if target == "leaderboard" or not target.startswith("leaderboard."):
                continue
            relative = target.removeprefix("leaderboard.")
            while relative and relative not in known:
                relative = relative.rpartition(".")[0]
            if relative and relative != name:
                found.add(relative)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    return {name: imported_modules(path, set(modules)) for name, path in modules.items()}


def test_every_module_has_a_layer() -> None:
    missing = sorted(set(package_modules()) - set(LAYER_OF))
    assert not missing, f"add these modules to LAYERS here and in docs/architecture.md: {missing}"


def test_imports_point_down_the_layers() -> None:
    upward = [
        f"{name} (layer {LAYER_OF[name]}) imports {target} (layer {LAYER_OF[target]})"
        for name, targets in import_graph().items() for target in sorted(targets)
        if name in LAYER_OF and target in LAYER_OF and LAYER_OF[target] > LAYER_OF[name]
    ]
    assert not upward, "\n".join(upward)


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target):], target] if target in trail else [node, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_checker_sees_imports_in_functions_and_type_checking(tmp_path: Path) -> None:
    """The checker itself: an import in a function or under TYPE_CHECKING is still an edge."""
    fake = tmp_path / "leaderboard" / "scorers" / "base.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from leaderboard.benchmarks import Benchmark\n"
        "def f():\n    from leaderboard import standings\n    from . import qa\n",
        encoding="utf-8",
    )
    known = {"benchmarks", "standings", "scorers.base", "scorers.qa"}
    assert imported_modules(fake, known, tmp_path / "leaderboard") == {"benchmarks", "standings", "scorers.qa"}


HEAVY = ("jinja2", "markupsafe", "msgspec", "leaderboard.site", "leaderboard.github", "leaderboard.runner", "openai")


def test_import_leaderboard_stays_light() -> None:
    """``import leaderboard`` loads neither the site builder nor the GitHub glue nor their libraries."""
    code = f"import sys, leaderboard; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
