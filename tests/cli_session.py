"""The command line run in-process against one SQLite file, as the CLI tests drive it."""

from __future__ import annotations

from pathlib import Path

import pytest

from poortwachter.cli import run


class Cli:
    """``pw(*args, now=...)``: one ``poortwachter --db FILE ...`` call at a frozen instant,
    answering its exit code, stdout and stderr."""

    def __init__(
        self, db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.db, self.capsys, self.monkeypatch = db, capsys, monkeypatch

    def __call__(self, *args: str, now: str) -> tuple[int, str, str]:
        self.monkeypatch.setenv("POORTWACHTER_NOW", now)
        code = run(["--db", str(self.db), *args])
        out = self.capsys.readouterr()
        return code, out.out, out.err
