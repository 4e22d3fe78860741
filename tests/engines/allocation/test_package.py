"""The engine is a plain package with a small public surface and no Django."""

import ast
import subprocess
import sys
from pathlib import Path

import silkbridge.engines.allocation as allocation

PACKAGE = Path(allocation.__file__).parent


def test_public_api_is_exactly_what_all_lists():
    assert sorted(allocation.__all__) == [
        "Allocation",
        "Applicant",
        "InvalidProblem",
        "MAX_CHOICES",
        "Outcome",
        "Place",
        "PlaceResult",
        "Problem",
        "REFUSAL_REASONS",
        "Refusal",
        "allocate",
    ]
    for name in allocation.__all__:
        assert getattr(allocation, name)


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


def test_importing_and_allocating_works_without_django_settings():
    code = (
        "import sys\n"
        "from silkbridge.engines.allocation import Applicant, Place, Problem, allocate\n"
        "p = Problem((Applicant(1, ('x',)),), (Place('x', 1),), ranking=(1,))\n"
        "assert allocate(p).assignment == {1: 'x'}\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    env = {"PATH": "", "PYTHONPATH": str(PACKAGE.parents[2])}
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    assert result.returncode == 0, result.stderr
