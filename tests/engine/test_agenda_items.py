"""The agenda builds its items without validating them again: the same items as validation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from poortwachter.agenda import agenda_items
from poortwachter.planning import Planner, PlanStatus
from poortwachter.rules.calendar import default_calendar
from poortwachter.rules.model import DeadlineKind
from poortwachter.store.models import AgendaRow
from poortwachter.views import AgendaItem

TODAY = dt.date(2026, 6, 1)
_DAYS = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31))
_TEXT = st.text(max_size=12)
_ROWS = st.lists(
    st.builds(
        AgendaRow,
        case_id=_TEXT,
        employee_ref=_TEXT,
        casemanager=st.none() | _TEXT,
        state=st.sampled_from(["reported_sick", "sick", "closed"]) | _TEXT,
        due=_DAYS,
        kind=st.sampled_from([k.value for k in DeadlineKind]) | _TEXT,
        status=st.sampled_from(["upcoming", "due", "missed"]),
        window_start=st.none() | _DAYS,
    ),
    max_size=30,
)


def _no_case_read(case_ids: Any) -> dict[str, Any]:
    raise AssertionError(f"asked the cases {case_ids}, but every row has its window start")


@given(rows=_ROWS, language=st.sampled_from(["nl", "en"]))
def test_agenda_items_are_what_validation_gives(rows: list[AgendaRow], language: Any) -> None:
    planner = Planner(default_calendar(True), TODAY, 10)
    # No kind has a window here: no row asks its case (a row stored before 0006 would).
    items = list(agenda_items(rows, planner, language, _no_case_read, frozenset()))
    assert [(i.case_id, i.kind, i.due) for i in items] == [(r.case_id, r.kind, r.due) for r in rows]
    for item, row in zip(items, rows, strict=True):
        validated = AgendaItem.model_validate(item.model_dump())
        assert item == validated
        assert item.model_dump_json() == validated.model_dump_json()  # field order too
        assert item.model_fields_set == validated.model_fields_set
        assert item.model_copy(update={"state": "x"}) == validated.model_copy(update={"state": "x"})
        assert item.model_fields_set == set(AgendaItem.model_fields)  # the shared set unchanged
        assert hash(item) == hash(validated)
        status = planner.status(row.due, row.window_start)
        assert (item.status, item.plan_on) == (status.value, planner.plan_on(row.due))
        assert item.overdue is (status is PlanStatus.OVERDUE)
        assert item.window_start == (None if item.overdue else row.window_start)
    for item in items[:1]:
        with pytest.raises(ValidationError):  # frozen, like every view
            item.state = "x"  # type: ignore[misc]
