"""Database, WAL, shared-memory and export files are created readable by their owner only.

The files are created 0600 from the start (an opener with that mode, not a chmod afterwards),
so the test runs under a lax umask (022) that would otherwise give 0644.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from poortwachter import Engine, FrozenClock
from poortwachter.cli import run
from poortwachter.store import EventStore


@pytest.fixture(autouse=True)
def lax_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_engine_creates_database_wal_and_shm_0600(tmp_path: Path) -> None:
    db = tmp_path / "cases.db"
    with Engine.open(f"sqlite:///{db}", clock=FrozenClock(dt.date(2026, 6, 1))) as engine:
        engine.open_case("emp-1", dt.date(2026, 3, 2), actor="hr", case_id="k1")
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_event_store_and_db_upgrade_create_0600(tmp_path: Path) -> None:
    store = EventStore.open(f"sqlite:///{tmp_path / 'store.db'}")
    store.upgrade()
    store.close()
    assert mode(tmp_path / "store.db") == 0o600
    assert run(["db", "upgrade", "--db", str(tmp_path / "cli.db")]) == 0
    assert mode(tmp_path / "cli.db") == 0o600


def test_exports_are_0600_even_over_an_existing_lax_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POORTWACHTER_NOW", "2026-06-01")
    db = str(tmp_path / "cli.db")
    opened = ["case", "open", "--employee", "emp-1", "--first-sick-day", "2026-03-02",
              "--case-id", "k1", "--db", db]  # fmt: skip
    assert run(opened) == 0
    assert mode(tmp_path / "cli.db") == 0o600
    fresh, existing = tmp_path / "fresh.json", tmp_path / "existing.txt"
    existing.write_text("old")
    assert mode(existing) == 0o644
    for target, fmt in ((fresh, "json"), (existing, "text")):
        argv = ["audit", "export", "k1", "-o", str(target), "--format", fmt, "--db", db]
        assert run(argv) == 0
        assert mode(target) == 0o600
    assert json.loads(fresh.read_text())["case"]["case_id"] == "k1"
    assert "k1" in existing.read_text()
    capsys.readouterr()
    assert run(["audit", "export", "k1", "-o", str(tmp_path), "--db", db]) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".poortwachter-")] == []
