"""The state diagram is generated from the machine, and the doc cannot drift from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from poortwachter.workflows import MACHINE, CaseState, mermaid, render_doc
from poortwachter.workflows.diagram import DOC_PATH, main

REPO_DOC = Path(__file__).resolve().parents[2] / "docs" / "state-machine.md"


def test_the_doc_is_the_generated_doc() -> None:
    assert DOC_PATH == REPO_DOC
    text = REPO_DOC.read_text(encoding="utf-8")
    assert "```mermaid\n" + mermaid() + "```\n" in text, (
        "docs/state-machine.md is stale: run python -m poortwachter.workflows.diagram"
    )
    assert text == render_doc()


def test_the_diagram_shows_every_state_and_every_state_change() -> None:
    text = mermaid()
    assert text.startswith("stateDiagram-v2\n")
    assert text == mermaid()  # deterministic
    for state in CaseState:
        assert f" as {state.value}" in text
    for trigger, event in MACHINE.events.items():
        if any(t.dest for ts in event.transitions.values() for t in ts):
            assert f": {trigger}" in text, trigger
    assert "    closed --> [*]" in text
    assert "sick --> recovered : recovered" in text
    assert "new --> sick : sick_reported [no_cause_answer]" in text
    assert (
        "recovered --> sick : sick_reported [no_cause_answer, joins_chain] → stage reached" in text
    )
    assert "on_maternity_leave --> sick : sick_reported [joins_chain] → stage reached" in text
    assert "plan_agreed --> in_reintegration : plan_evaluated [has_plan]" in text


def test_the_entry_point_writes_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "docs" / "state-machine.md"
    assert main(["--check", str(target)]) == 1
    assert main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_doc()
    assert main(["--check", str(target)]) == 0
    assert "wrote" in capsys.readouterr().out
