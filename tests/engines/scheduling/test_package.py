"""The engine is a plain package with the agreed public surface and no Django."""

import ast
import subprocess
import sys
from pathlib import Path

import silkbridge.engines.scheduling as scheduling

PACKAGE = Path(scheduling.__file__).parent


def test_public_api_is_the_contract():
    assert set(scheduling.__all__) == {
        "MODES",
        "UNPLACED_REASONS",
        "Fixed",
        "InvalidProblem",
        "Participant",
        "Placement",
        "Problem",
        "QualityReport",
        "Request",
        "Schedule",
        "Slot",
        "Unplaced",
        "schedule",
        "upper_bound",
        "violations",
    }
    assert len(scheduling.__all__) == 15
    assert scheduling.UNPLACED_REASONS == (
        "no_common_slot",
        "meeting_cap",
        "slots_full",
        "outweighed",
        "invalid",
    )
    assert issubclass(scheduling.InvalidProblem, ValueError)


def test_no_module_imports_django():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "django" for n in names), path


def test_scheduling_works_without_django_settings():
    code = (
        "import sys\n"
        "from silkbridge.engines.scheduling import Participant, Problem, Request, Slot, schedule\n"
        "p = Problem((Slot(1, 0, tables=1),), (Participant(1, frozenset({1})),"
        " Participant(2, frozenset({1}))), (Request(7, 1, 2),))\n"
        "assert [m.request for m in schedule(p).placements] == [7]\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    env = {"PATH": "", "PYTHONPATH": str(PACKAGE.parents[2])}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)  # noqa: S603
    assert result.returncode == 0, result.stderr
