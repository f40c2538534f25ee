"""Programmatic alembic: the migrations ship inside the package, no ``alembic.ini`` needed.

To add a revision after changing :mod:`poortwachter.store.schema` (developers only)::

    from alembic import command
    from poortwachter.store.migrate import alembic_config
    command.revision(alembic_config("sqlite:///scratch.db"), "add reminders", autogenerate=True)

(upgrade the scratch database to head first, so autogenerate diffs against the latest schema).
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

__all__ = ["MIGRATIONS_DIR", "MIGRATION_LOCK_KEY", "alembic_config", "head_revision"]

#: ``poortwachter/migrations``: env.py, script template and versions/.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

#: PostgreSQL advisory lock held while migrating, so that workers starting together upgrade once.
MIGRATION_LOCK_KEY = 0x706F_6F72_7477  # "poortw"


def alembic_config(url: str | None = None) -> Config:
    """An alembic :class:`Config` pointing at the packaged migrations (and ``url``, if given)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # "r" prefix: revision files must be importable module names (mypy checks them).
    cfg.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    if url is not None:
        # ConfigParser interpolates '%': escape it so URL-encoded passwords survive.
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    """The newest revision id shipped with this version of poortwachter."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships an initial revision
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head
