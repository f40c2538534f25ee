"""The README's main job, `make run` (scripts/demo), runs to its end on the embedded default.

It strings every part together (cases over a year, the agenda, reminders delivered to a local
SMTP server and webhook receiver, replay, verify, a tampered copy): a change that breaks the
story breaks here, even when each part's own tests pass.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(
    not (ROOT / ".venv" / "bin" / "poortwachter").exists(),
    reason="the demo runs the installed command; run scripts/setup first",
)
def test_make_run_tells_the_whole_story_and_ends_clean() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POORTWACHTER_")}
    done = subprocess.run(
        ["bash", "scripts/demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert "Wat waar is bezorgd" in out  # reminders reached the local SMTP server and webhook
    assert "elke hashketen is intact en elke projectie is wat het logboek zegt" in out
    assert "hash_mismatch" in out  # the tampered copy is caught
    assert "Traceback" not in out + done.stderr
