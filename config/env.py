"""One place that reads the environment. No variable set = the embedded default."""

import os
import secrets
from pathlib import Path


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


def read_or_create_secret(path: Path) -> str:
    """The random secret kept in `path`, made on first use (readable by its owner only)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created with no access for others, then filled: the key never sits in a readable file.
        fd = path.open("x", encoding="ascii")
        path.chmod(0o600)
        with fd:
            fd.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()
