"""The civic core names no other app of the project: the apps plug into it (civic.plugins)."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

import civic

CIVIC = Path(civic.__file__).parent


def _project_apps_but_civic() -> set[str]:
    base = Path(settings.BASE_DIR).resolve()
    return {config.name for config in apps.get_app_configs()
            if Path(config.path).resolve().parent == base and config.name != "civic"}


def _named_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module imported, and every string that looks like a dotted path."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [(node.lineno, word) for word in node.value.replace("`", " ").split()
                      if "." in word and word.split(".")[0].isidentifier()]
    return found


def test_civic_modules_import_and_name_no_other_project_app():
    # given the project's apps other than the civic core
    others = _project_apps_but_civic()
    assert others, "the project has other apps"

    # when every module of civic (its tests included) is read
    offending = []
    for path in sorted(CIVIC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offending += [f"{path.relative_to(CIVIC)}:{line}: {name}"
                      for line, name in _named_modules(tree)
                      if name.split(".")[0] in others]

    # then none names one of them
    assert offending == []
