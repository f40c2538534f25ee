"""The integrity commands as a user runs them: anchor, verify --anchor, db rebuild, broken marks.

Real processes on a real SQLite file; the tampering is done with the sqlite3 module, as anyone
with access to the file could.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEY = "a-secret-anchor-key-of-32-bytes!"


def pw(
    db: Path, *args: str, now: str = "2026-04-20", key: str | None = KEY
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POORTWACHTER_DB": f"sqlite:///{db}", "POORTWACHTER_NOW": now}
    env.pop("POORTWACHTER_ANCHOR_KEY", None)
    if key is not None:
        env["POORTWACHTER_ANCHOR_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "poortwachter.cli", *args],
        capture_output=True, text=True, check=False, cwd=ROOT, env=env,
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.db"
    for employee, case in (("emp-1", "k1"), ("emp-2", "k2")):
        args = ["--employee", employee, "--first-sick-day", "2026-03-02", "--case-id", case]
        opened = pw(path, "case", "open", *args, "--casemanager", "anna", now="2026-03-02")
        assert opened.returncode == 0, opened.stderr
    return path


def _sql(db: Path, statement: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(statement)


def test_a_moved_dossier_is_found_marked_and_rebuilt(db: Path) -> None:
    assert pw(db, "audit", "verify").returncode == 0
    _sql(db, "UPDATE cases SET employee_ref = 'emp-9' WHERE case_id = 'k1'")
    _sql(db, "UPDATE case_deadlines SET closed = 1 WHERE case_id = 'k1'")
    verify = pw(db, "audit", "verify", "--format", "json")
    assert verify.returncode == 1
    found = {(i["case_id"], i["projection"]) for i in json.loads(verify.stdout)["issues"]}
    assert found == {("k1", "cases"), ("k1", "case_deadlines")}
    for command in (["case", "show", "k1"], ["case", "timeline", "k1"], ["audit", "export", "k1"]):
        shown = pw(db, *command)
        assert shown.returncode == 1, command
        assert "GEBROKEN: zaak k1" in shown.stderr
    assert pw(db, "case", "show", "k2").returncode == 0
    rebuilt = pw(db, "db", "rebuild", "--lang", "en")
    assert (rebuilt.returncode, rebuilt.stdout) == (0, "1 case rebuilt from the log: k1\n")
    assert pw(db, "audit", "verify").returncode == 0
    assert pw(db, "case", "show", "k1", "--format", "json").returncode == 0


def test_anchor_then_a_rewrite_with_recomputed_hashes_is_caught(db: Path, tmp_path: Path) -> None:
    anchor = tmp_path / "anchor.json"
    made = pw(db, "audit", "anchor", "-o", str(anchor))
    assert made.returncode == 0, made.stderr
    assert KEY not in made.stdout + made.stderr + anchor.read_text()
    assert pw(db, "audit", "verify", "--anchor", str(anchor)).returncode == 0
    # Rewrite k1's casemanager, recompute its chain (sha256 over the canonical JSON, as the
    # format is public) and the head, then let the tool fix the projections.
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT id, seq, type, schema_version, effective, recorded_at, actor, payload "
            "FROM events WHERE case_id = 'k1' ORDER BY seq"
        ).fetchall()
        prev = "0" * 64
        for row_id, seq, kind, version, effective, recorded, actor, payload in rows:
            data = json.loads(payload)
            if kind == "casemanager_assigned":
                data["casemanager"] = "mallory"
            recorded_iso = recorded.replace(" ", "T") + "+00:00"
            document = {"case_id": "k1", "seq": seq, "type": kind, "schema_version": version,
                        "effective": effective, "recorded_at": recorded_iso, "actor": actor,
                        "payload": data}  # fmt: skip
            text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            digest = hashlib.sha256((text + prev).encode()).hexdigest()
            conn.execute(
                "UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (json.dumps(data), prev, digest, row_id),
            )
            prev = digest
        conn.execute("UPDATE cases SET head_hash = ? WHERE case_id = 'k1'", (prev,))
    assert pw(db, "db", "rebuild").returncode == 0
    assert pw(db, "audit", "verify").returncode == 0  # without the anchor: nothing to see
    caught = pw(db, "audit", "verify", "--anchor", str(anchor), "--format", "json")
    assert caught.returncode == 1
    [issue] = json.loads(caught.stdout)["issues"]
    assert (issue["case_id"], issue["kind"]) == ("k1", "anchor_rewritten")


def test_anchor_input_errors_exit_2_and_a_forged_anchor_exits_1(db: Path, tmp_path: Path) -> None:
    anchor = tmp_path / "anchor.json"
    assert pw(db, "audit", "anchor", "-o", str(anchor)).returncode == 0
    missing = pw(db, "audit", "anchor", key=None)
    assert missing.returncode == 2
    assert "POORTWACHTER_ANCHOR_KEY" in missing.stderr
    short = pw(db, "audit", "anchor", key="short")
    assert short.returncode == 2
    assert "short" not in short.stderr.replace("te kort", "")  # the key is never echoed
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    by_file = pw(db, "audit", "verify", "--anchor", str(anchor), "--key-file", str(key_file),
                 key=None)  # fmt: skip
    assert by_file.returncode == 0, by_file.stderr
    wrong = pw(db, "audit", "verify", "--anchor", str(anchor), key="another-key-of-enough-length")
    assert wrong.returncode == 2
    assert "another-key" not in wrong.stderr
    (tmp_path / "bad.json").write_text("{not json")
    assert pw(db, "audit", "verify", "--anchor", str(tmp_path / "bad.json")).returncode == 2
    assert pw(db, "audit", "verify", "--anchor", str(tmp_path / "none.json")).returncode == 2
    document = json.loads(anchor.read_text())
    document["cases"] = document["cases"][1:]  # hide k1 from the anchor
    anchor.write_text(json.dumps(document))
    forged = pw(db, "audit", "verify", "--anchor", str(anchor), "--lang", "en")
    assert forged.returncode == 1
    assert forged.stdout.startswith("BROKEN anchor")


def test_rebuild_leaves_a_broken_chain_alone_and_exits_1(db: Path) -> None:
    _sql(db, "UPDATE events SET actor = 'x' WHERE case_id = 'k2' AND seq = 1")
    rebuilt = pw(db, "db", "rebuild", "--format", "json")
    assert rebuilt.returncode == 1
    report = json.loads(rebuilt.stdout)
    assert (report["rebuilt"], [i["case_id"] for i in report["refused"]]) == ([], ["k2"])


def test_a_second_open_case_is_refused_naming_the_first(db: Path) -> None:
    again = pw(db, "case", "open", "--employee", "emp-1", "--first-sick-day", "2026-04-01",
               now="2026-04-02")  # fmt: skip
    assert again.returncode == 2
    assert "'k1'" in again.stderr
