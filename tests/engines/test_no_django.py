"""Every engine under silkbridge.engines is plain Python: no module imports Django, and each one
runs in a fresh interpreter that has never seen Django's settings (found by walking the folder,
so a new engine is held to the same rule without a new test)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import silkbridge.engines

ENGINES = Path(silkbridge.engines.__file__).parent
PACKAGES = sorted(p.name for p in ENGINES.iterdir() if (p / "__init__.py").exists())


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_every_engine_is_checked():
    assert {"allocation", "matching", "scheduling"} <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_of_the_engine_imports_django(package):
    offenders = [
        str(path.relative_to(ENGINES))
        for path in (ENGINES / package).rglob("*.py")
        if "django" in imported_roots(path)
    ]
    assert offenders == []


def assert_runs_without_django(code: str) -> None:
    """Run `code` in a fresh interpreter that sees only the source tree, then check that Django
    was never imported."""
    check = "\nimport sys\nassert not [m for m in sys.modules if m.split('.')[0] == 'django']\n"
    env = {"PATH": "", "PYTHONPATH": str(ENGINES.parents[1])}
    command = [sys.executable, "-c", code + check]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    assert result.returncode == 0, result.stderr


def test_allocating_works_without_django():
    assert_runs_without_django(
        "from silkbridge.engines.allocation import Applicant, Place, Problem, allocate\n"
        "p = Problem((Applicant(1, ('x',)),), (Place('x', 1),), ranking=(1,))\n"
        "assert allocate(p).assignment == {1: 'x'}\n"
    )


def test_matching_works_without_django():
    assert_runs_without_django(
        "from silkbridge.engines.matching import MatchIndex, Profile\n"
        "i = MatchIndex.build([Profile(1, 'KZ', 'academic', technologies=('x',)),"
        " Profile(2, 'PK', 'academic', technologies=('x',))], [])\n"
        "assert [s.target_id for s in i.partners_for(1)] == [2]\n"
    )


def test_scheduling_works_without_django():
    assert_runs_without_django(
        "from silkbridge.engines.scheduling import Participant, Problem, Request, Slot, schedule\n"
        "p = Problem((Slot(1, 0, tables=1),), (Participant(1, frozenset({1})),"
        " Participant(2, frozenset({1}))), (Request(7, 1, 2),))\n"
        "assert [m.request for m in schedule(p).placements] == [7]\n"
    )
