"""The engine is a plain package with a small public surface and no Django."""

import ast
import subprocess
import sys
from pathlib import Path

import silkbridge.engines.matching as matching

PACKAGE = Path(matching.__file__).parent


def test_public_api_is_exactly_what_all_lists():
    assert sorted(matching.__all__) == [
        "DelegationResult",
        "HistoryEdge",
        "Item",
        "MatchIndex",
        "Profile",
        "Reason",
        "Rules",
        "Suggestion",
        "Weights",
    ]
    for name in matching.__all__:
        assert getattr(matching, name)


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


def test_importing_and_matching_works_without_django_settings():
    code = (
        "import sys\n"
        "from silkbridge.engines.matching import MatchIndex, Profile\n"
        "i = MatchIndex.build([Profile(1, 'KZ', 'academic', technologies=('x',)),"
        " Profile(2, 'PK', 'academic', technologies=('x',))], [])\n"
        "assert [s.target_id for s in i.partners_for(1)] == [2]\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    env = {"PATH": "", "PYTHONPATH": str(PACKAGE.parents[2])}
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    assert result.returncode == 0, result.stderr
