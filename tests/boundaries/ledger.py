"""What the successful calls reported, checked against what the database holds afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field

from poortwachter import Engine


@dataclass
class Ledger:
    """Every event a successful call reported as stored: (case, seq) -> hash."""

    events: dict[tuple[str, int], str] = field(default_factory=dict)

    def add_case(self, engine: Engine, case_id: str) -> None:
        for entry in engine.store.load(case_id):
            self.events[(entry.case_id, entry.seq)] = entry.hash

    def check(self, engine: Engine) -> None:
        """The database holds exactly the reported events, its chains verify and every
        case's projection equals a replay of its log."""
        held = {
            (entry.case_id, entry.seq): entry.hash
            for case_id in engine.store.iter_case_ids()
            for entry in engine.store.load(case_id)
        }
        assert held == self.events
        assert engine.verify() == []
        for case_id in {case for case, _seq in held}:
            view = engine.case(case_id)
            replay = engine.replay(case_id, as_of=view.as_of)
            assert (replay.state, replay.deadlines) == (view.state, view.deadlines), case_id
