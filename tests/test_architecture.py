"""docs/architecture.md names every module of the package, and only modules that exist."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "survey_inventory"
DOC = ROOT / "docs" / "architecture.md"
MAX_LINES = 600


def _modules_in_tree() -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
            if p.name != "__init__.py" or p.parent == PACKAGE}


def _modules_in_doc() -> set[str]:
    table = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    return {re.match(r"\| `([^`]+)`", line).group(1) for line in table}


def test_the_architecture_page_names_every_module_and_no_other():
    tree, doc = _modules_in_tree(), _modules_in_doc()
    assert not tree - doc, f"modules missing from docs/architecture.md: {sorted(tree - doc)}"
    assert not doc - tree, f"docs/architecture.md names modules that do not exist: {sorted(doc - tree)}"


def test_no_module_is_over_600_lines():
    long = {p.relative_to(ROOT).as_posix(): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules (one idea per file): {long}"


def test_package_init_files_hold_no_logic():
    """The sub-package __init__ files re-export or import lazily; no function bodies of their own
    beyond the lazy __getattr__."""
    for init in PACKAGE.glob("*/__init__.py"):
        defs = re.findall(r"^def (\w+)", init.read_text(encoding="utf-8"), flags=re.M)
        assert set(defs) <= {"__getattr__", "__dir__"}, f"{init.relative_to(ROOT)} defines {defs}"
