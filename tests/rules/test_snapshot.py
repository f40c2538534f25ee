"""Everything a user sees of the worked examples is pinned in tests/snapshots (see snapshot.py).

A failure shows a unified diff of what changed; if the change is intended, run
``make snapshot`` and commit the new file with the change that caused it.
"""

from __future__ import annotations

import difflib

from tests.rules.snapshot import SNAPSHOT, current, dumps


def test_worked_examples_match_the_snapshot() -> None:
    assert SNAPSHOT.exists(), "no snapshot yet: run `make snapshot`"
    want = SNAPSHOT.read_text(encoding="utf-8")
    got = dumps(current())
    if got != want:
        diff = difflib.unified_diff(
            want.splitlines(), got.splitlines(), "snapshot", "now", n=2, lineterm=""
        )
        raise AssertionError(
            "output of the worked examples changed (run `make snapshot` if intended):\n"
            + "\n".join(list(diff)[:200])
        )


def test_the_snapshot_covers_every_example_in_both_languages() -> None:
    data = current()
    assert len(data) >= 140
    for example in data.values():
        for row in example["deadlines"]:
            assert row["explanation"]["nl"] != row["explanation"]["en"]
            assert len(row["flags"]["nl"]) == len(row["flags"]["en"])
