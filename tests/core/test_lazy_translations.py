"""Interface text that is formatted or translated while a module is imported stays in the
language of the import (English) for everyone: it must be formatted per request instead."""

import ast
from pathlib import Path

import silkbridge

SOURCE = Path(silkbridge.__file__).parent
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}


def _translation_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    eager, lazy = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in EAGER:
                    eager.add(alias.asname or alias.name)
                if alias.name in LAZY:
                    lazy.add(alias.asname or alias.name)
    return eager, lazy


def _run_at_import(node: ast.AST):
    """Every node evaluated when the module is imported: not function bodies, but their
    decorators and default values."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for part in [*getattr(child, "decorator_list", []), *child.args.defaults]:
                yield from ast.walk(part)
            for part in child.args.kw_defaults:
                if part is not None:
                    yield from ast.walk(part)
            continue
        yield child
        yield from _run_at_import(child)


def _called(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id
    return None


def import_time_translations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    eager, lazy = _translation_names(tree)
    found = []
    for node in _run_at_import(tree):
        where = f"{path.relative_to(SOURCE)}:{getattr(node, 'lineno', '?')}"
        if _called(node) in eager:
            found.append(f"{where} translated at import")
        elif isinstance(node, ast.BinOp) and _called(node.left) in lazy:
            found.append(f"{where} lazy text formatted at import")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and _called(node.func.value) in lazy
        ):
            found.append(f"{where} lazy text's .{node.func.attr}() called at import")
        elif isinstance(node, ast.FormattedValue) and _called(node.value) in lazy:
            found.append(f"{where} lazy text in an f-string at import")
    return found


def test_no_interface_text_is_translated_or_formatted_at_import():
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" not in path.parts:
            found.extend(import_time_translations(path))
    assert found == []


def test_the_check_finds_a_lazy_text_formatted_at_import(tmp_path, monkeypatch):
    module = SOURCE / "core" / "_lazy_probe.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: PROBE)
    assert import_time_translations(module) == [
        "core/_lazy_probe.py:4 lazy text formatted at import",
        "core/_lazy_probe.py:5 translated at import",
    ]


PROBE = """from django.utils.translation import gettext as _, gettext_lazy
from django import forms
class F(forms.Form):
    hint = gettext_lazy("Up to %(n)d files.") % {"n": 5}
    label = _("Eager")
    def later(self):
        return gettext_lazy("Fine %(n)d") % {"n": 1}
"""
