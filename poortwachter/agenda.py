"""The read models a casemanager plans by: agenda items, a case's open actions, case summaries.

The store streams rows (:mod:`poortwachter.store.queries`); this module turns them into views
in batches, adding what the rows do not hold: the working day to plan on and the planning
status (:class:`~poortwachter.planning.Planner`) and the words in the chosen language. Both
depend only on (kind, due date, window start, state), which repeat across an agenda and across
the agendas read on one day, so they are computed once per distinct tuple
(:class:`_PlannedFields`), and the items are built from them without a second validation
(:func:`_stored_item`).

The window start of the few actions that have one is stored on the agenda's rows (revision
0006). A row stored before that revision has none yet (NULL until the case's next append or a
rebuild): for such a row of a kind with a window it is asked of the case (``window_starts``),
once per batch, as every row did before. The ``cases`` list still asks the case: its rows hold
the next action's kind and due date only.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, TypeAdapter

from poortwachter.decision import Rules, restore
from poortwachter.events import SickReported
from poortwachter.planning import Planner, PlanStatus
from poortwachter.rules.deadlines import compute_deadlines
from poortwachter.rules.model import ACTION_KINDS, Deadline, DeadlineKind, DeadlineStatus
from poortwachter.store.models import AgendaRow
from poortwachter.store.queries import BATCH, current_snapshots
from poortwachter.texts import Language, text
from poortwachter.views import AgendaItem, CaseSummary, PlannedAction
from poortwachter.workflows import CaseState

__all__ = [
    "WindowStarts",
    "agenda_items",
    "case_summaries",
    "open_actions",
    "window_kinds",
    "window_lengths",
    "window_starter",
]

#: case ids -> kind -> the window start of each case's action of a kind in
#: :func:`window_kinds` (a case can have several: eerstejaarsevaluatie, actueel oordeel).
WindowStarts = Callable[[Sequence[str]], Mapping[str, Mapping[str, dt.date | None]]]

_SUMMARIES: TypeAdapter[list[CaseSummary]] = TypeAdapter(list[CaseSummary])
_OPEN = frozenset({DeadlineStatus.UPCOMING, DeadlineStatus.DUE, DeadlineStatus.MISSED})


class _Words:
    """The labels of kinds, states and statuses in one language, looked up once per process
    (:func:`_words`)."""

    def __init__(self, language: Language) -> None:
        self.kind = {k.value: text("kind." + k.value, language) for k in DeadlineKind}
        self.state = {s.value: text("state." + s.value, language) for s in CaseState}
        self.status = {s: s.label(language) for s in PlanStatus}


@functools.cache
def window_lengths(rules: Rules) -> dict[str, int]:
    """Kind -> days from window start to due date, for the kinds of legal action whose window
    opens before the due date (today only the eerstejaarsevaluatie: 48 days). Read off the
    rules for a plain case rather than listed here, so a kind that gains a window is found
    without a change. Only their rows ask the case for a window start."""
    first = dt.date(2026, 1, 5)
    deadlines = compute_deadlines(
        [SickReported(effective=first)],
        as_of=first,
        params=rules.params,
        options=rules.options,
        calendar=rules.calendar,
    )
    return {
        d.kind.value: (d.due - d.window_start).days for d in deadlines if d.window_start is not None
    }


def window_kinds(rules: Rules) -> frozenset[str]:
    """The kinds of legal action with a window (see :func:`window_lengths`)."""
    return frozenset(window_lengths(rules))


def window_starter(
    store: sa.Engine,
    rules: Rules,
    today: dt.date,
    fold_deadlines: Callable[[str], Sequence[Deadline]],
) -> WindowStarts:
    """Window starts read from each case's deadlines, for the rows that do not hold theirs (an
    agenda row stored before revision 0006, a ``cases`` row): from the stored snapshots (one
    query per batch), else (no current snapshot) by ``fold_deadlines``, which folds the log."""
    kinds = window_kinds(rules)

    def window_starts(case_ids: Sequence[str]) -> dict[str, dict[str, dt.date | None]]:
        snapshots = current_snapshots(store, case_ids)
        found: dict[str, dict[str, dt.date | None]] = {}
        for case_id in case_ids:
            stored = snapshots.get(case_id)
            status = None if stored is None else restore(stored, rules)
            if status is not None:
                # The window follows from the facts alone: read as of a day that sees them all.
                day = max(today, status.fold.last_effective or today)
                deadlines: Sequence[Deadline] = rules.deadlines(status.fold.facts(), day)
            else:
                deadlines = fold_deadlines(case_id)
            found[case_id] = {
                d.kind.value: d.window_start for d in deadlines if d.kind.value in kinds
            }
        return found

    return window_starts


@functools.cache
def _words(language: Language) -> _Words:
    return _Words(language)


class _PlannedFields:
    """:func:`_planned` and the state's label memoised per (kind, due, window start, state) for
    one day, calendar, horizon and language: an agenda of thousands of rows repeats them, and
    every agenda read that day shares them (:func:`_planned_fields`). Never mutated."""

    def __init__(self, planner: Planner, words: _Words) -> None:
        self.planner, self.words = planner, words
        self._found: dict[tuple[str, dt.date, dt.date | None, str], dict[str, Any]] = {}

    def item(
        self, kind: str, due: dt.date, window_start: dt.date | None, state: str
    ) -> dict[str, Any]:
        """Every field of an :class:`AgendaItem` in field order: the planned ones and the
        state's, the case's own three left ``None`` for :func:`_stored_item` to fill in."""
        key = (kind, due, window_start, state)
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= _MEMO_LIMIT:
                self._found.clear()
            found = self._found[key] = {
                **_planned(self.planner, self.words, kind, due, window_start),
                "case_id": None,
                "employee_ref": None,
                "casemanager": None,
                "state": state,
                "state_label": self.words.state.get(state, state),
            }
        return found


#: Bounds of the memos (an entry is one small dict): a few days, horizons and languages.
_MEMO_LIMIT = 20_000
_PLANNED_FIELDS: dict[tuple[Any, ...], _PlannedFields] = {}


def _planned_fields(planner: Planner, language: Language) -> _PlannedFields:
    """The shared memo for ``planner``'s day, calendar and horizon in ``language`` (a status
    depends on nothing else: see :meth:`Planner.status`)."""
    key = (planner.calendar, planner.today, planner.soon_until, language)
    found = _PLANNED_FIELDS.get(key)
    if found is None:
        if len(_PLANNED_FIELDS) >= 8:
            _PLANNED_FIELDS.clear()
        found = _PLANNED_FIELDS[key] = _PlannedFields(planner, _words(language))
    return found


def _planned(
    planner: Planner, words: _Words, kind: str, due: dt.date, window_start: dt.date | None
) -> dict[str, Any]:
    status = planner.status(due, window_start)
    overdue = status is PlanStatus.OVERDUE
    return {
        "kind": kind,
        "label": words.kind.get(kind, kind),
        "due": due,
        # An overdue action's window has closed: not shown (and not looked up).
        "window_start": None if overdue else window_start,
        "plan_on": planner.plan_on(due),
        "status": status.value,
        "status_label": words.status[status],
        "overdue": overdue,
    }


def _batches(rows: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def agenda_items(
    rows: Iterable[AgendaRow],
    planner: Planner,
    language: Language,
    window_starts: WindowStarts,
    kinds: frozenset[str],
) -> Iterator[AgendaItem]:
    """The agenda rows as items, batch by batch (memory stays bounded).

    A row's window start is its own; only a row of a kind with a window that has none (stored
    before revision 0006) and is not overdue asks ``window_starts`` (see the module doc)."""
    item = _planned_fields(planner, language).item
    today = planner.today
    for batch in _batches(rows):
        unfilled = [
            r.case_id
            for r in batch
            if r.window_start is None and r.kind in kinds and r.due >= today
        ]
        windows = window_starts(unfilled) if unfilled else {}
        yield from [
            _stored_item(
                item(
                    kind,
                    due,
                    window
                    if window is not None or not windows
                    else windows.get(case_id, {}).get(kind),
                    state,
                ),
                case_id,
                employee_ref,
                casemanager,
            )
            for case_id, employee_ref, casemanager, state, due, kind, _, window in batch
        ]


#: Every field of an :class:`AgendaItem`: :func:`agenda_items` sets them all. One set shared
#: by every item (pydantic copies it before a change, and a frozen model is never changed): an
#: agenda of thousands of items then leaves half as many objects for the garbage collector to
#: walk, which was a third of its cost.
_ITEM_FIELDS = set(AgendaItem.model_fields)
_new_item = functools.partial(object.__new__, AgendaItem)
_set_dict = object.__setattr__
# The slots every pydantic model instance has besides its ``__dict__``.
_set_fields_set, _set_extra, _set_private = (
    BaseModel.__dict__[name].__set__
    for name in ("__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
)


def _stored_item(
    template: dict[str, Any], case_id: str, employee_ref: str, casemanager: str | None
) -> AgendaItem:
    """An :class:`AgendaItem` from a :meth:`_PlannedFields.item` template and a row's typed
    columns. Validating them again costs as much as the rest of a row; this sets what
    validation would set (a property test compares the two, field by field and as JSON): like
    ``model_construct``, without its per-field default handling, which is most of its cost."""
    # A copy keeps the field order; its values are plain, so it is not tracked by the GC.
    values = template.copy()
    values["case_id"] = case_id
    values["employee_ref"] = employee_ref
    values["casemanager"] = casemanager
    item = _new_item()
    _set_dict(item, "__dict__", values)
    _set_fields_set(item, _ITEM_FIELDS)
    _set_extra(item, None)
    _set_private(item, None)
    return item


def open_actions(
    deadlines: Sequence[Deadline], planner: Planner, language: Language
) -> tuple[PlannedAction, ...]:
    """A case's open legal actions (not yet done, still applicable) by due date."""
    words = _words(language)
    open_ = sorted(
        (d for d in deadlines if d.kind in ACTION_KINDS and d.status in _OPEN),
        key=lambda d: d.due,
    )
    return tuple(
        PlannedAction.model_validate(_planned(planner, words, d.kind.value, d.due, d.window_start))
        for d in open_
    )


def case_summaries(
    rows: Iterable[Any],
    planner: Planner,
    language: Language,
    window_starts: WindowStarts,
    kinds: frozenset[str],
) -> Iterator[CaseSummary]:
    """``iter_case_rows`` rows as summaries with their next step, batch by batch."""
    words = _words(language)
    for batch in _batches(rows):
        windows = window_starts(
            [
                r.case_id
                for r in batch
                if r.next_deadline_kind in kinds and r.next_deadline_due >= planner.today
            ]
        )
        yield from _SUMMARIES.validate_python(
            [
                {
                    "case_id": row.case_id,
                    "employee_ref": row.employee_ref,
                    "casemanager": row.casemanager,
                    "state": row.state,
                    "state_label": words.state.get(row.state, row.state),
                    "first_sick_day": row.first_sick_day,
                    "closed": row.closed,
                    "version": row.version,
                    "next_step": None
                    if row.next_deadline_kind is None
                    else _planned(
                        planner,
                        words,
                        row.next_deadline_kind,
                        row.next_deadline_due,
                        windows.get(row.case_id, {}).get(row.next_deadline_kind),
                    ),
                }
                for row in batch
            ]
        )
