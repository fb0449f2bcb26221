"""How the apps plug into the civic core: one convention, a module named after the hook.

The civic core never names an app. An installed app takes part in a hook by having a module
of that name; the core finds them through the app registry, in INSTALLED_APPS order:

- `<app>.personal_data`: `export(user)`, `erase(user)`, optionally `purge(now)` and
  `erase_blockers(user)` (civic.services.personal_data);
- `<app>.reminders`: `deadlines(*, now, until)`, the upcoming deadlines to remind
  (civic.services.reminders);
- `<app>.demo`: `seed(say)`, the demo data (`manage.py seed_demo`);
- `<app>.policies`: `COMMENT_POLICIES`, `{model: policy}` for the objects that take
  comments (civic.commentable), and optionally `STAFF_POWERS(user) -> bool`, staff powers
  held outside the roles, which give a staff home and call for a second factor
  (civic.roles.holds_app_powers);
- `<app>.council`: `AGENDA_SOURCES`, how the app follows the council's agenda items it
  brought (civic.council_sources);
- `<app>/schedule.py`: `SCHEDULE`, its periodic jobs (read by the settings, before the app
  registry exists: see `beat_schedule`).
"""

from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(hook: str) -> list[tuple[str, ModuleType]]:
    """(app label, module) for every installed app that has a `<app>.<hook>` module."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, hook):
            found.append((config.label, import_module(f"{config.name}.{hook}")))
    return found


def app_attributes(hook: str, name: str) -> list[tuple[str, Any]]:
    """(app label, value) of the attribute `name` of every `<app>.<hook>` module that has it."""
    return [(label, getattr(module, name)) for label, module in app_modules(hook)
            if hasattr(module, name)]


def beat_schedule(installed_apps: Iterable[str], base_dir: Path) -> dict[str, dict]:
    """The periodic jobs of every project app (a package of `base_dir`) listed in
    INSTALLED_APPS: the `SCHEDULE` of its `schedule.py`, plain data with no imports."""
    schedule: dict[str, dict] = {}
    for name in installed_apps:
        if "." not in name and (base_dir / name / "schedule.py").is_file():
            schedule.update(import_module(f"{name}.schedule").SCHEDULE)
    return schedule
