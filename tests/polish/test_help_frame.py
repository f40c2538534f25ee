"""The help frame in Dutch: typer's own words too (a typer upgrade that moves them fails here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def helped(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "poortwachter", *args],
        capture_output=True, text=True, check=False, cwd=ROOT, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_dutch_help_has_no_english_frame_words_and_names_the_case_argument() -> None:
    out = helped("case", "show", "--help")
    assert out.startswith("Gebruik: poortwachter case show [OPTIONS] CASE\n")
    for english in ("Usage", "Show this message", "[required]", "Arguments:", "Options:", "{CASE}"):
        assert english not in out
    assert "Toon deze hulp en stop." in out
    assert "[verplicht]" in out
    assert "Id van de zaak" in out


def test_english_help_keeps_the_english_frame() -> None:
    out = helped("case", "show", "--help", "--lang", "en")
    assert out.startswith("Usage: poortwachter case show [OPTIONS] CASE\n")
    assert "Show this message and exit." in out
    assert "[required]" in out


def test_the_parsers_complaints_are_dutch_by_default() -> None:
    for args, words in (
        (["case", "show"], "argument 'CASE' ontbreekt"),
        (["case", "show", "k1", "--dbb", "x"], "onbekende optie '--dbb' (bedoelt u --db?)"),
        (["case", "open"], "optie '--employee' ontbreekt"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "poortwachter", *args],
            capture_output=True, text=True, check=False, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        assert done.returncode == 2
        assert done.stderr == f"poortwachter: fout: {words}\n"
