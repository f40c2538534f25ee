"""Deviation from the process (art. 5 Regeling procesgang): pausing the plan and its evaluations.

When the bedrijfsarts finds no usable capacity (*geen benutbare mogelijkheden*) or expects a quick
recovery, the plan van aanpak and its evaluations that fall due in that period are not missed:
they are paused (``not_applicable``, with the reason) and resume when the period ends — by
default 2 weeks (plan) or 6 weeks (evaluation) after the first normal day, or on that day
(option ``moments.deviation_resume``; docs/legal-basis.md §1 #32, §6.19). Only the ground code is
known here, never a diagnosis.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from poortwachter.events.process import ProcessDeviation, ProcessDeviationEnded
from poortwachter.rules.facts import CaseFacts
from poortwachter.rules.messages import Msg
from poortwachter.rules.model import Deadline, DeadlineKind, DeadlineStatus, make_deadline
from poortwachter.rules.moment_context import MomentContext, cite, work_target
from poortwachter.rules.parameters import ParamValue

__all__ = ["ART5", "DeviationPeriod", "apply_deviations", "deviation_periods"]

K = DeadlineKind
S = DeadlineStatus
_DAY = dt.timedelta(days=1)
#: The article every paused or resumed moment cites.
ART5 = "Regeling procesgang art. 5 (m)"
_TERMS = {
    K.PLAN_OF_APPROACH: "plan_of_approach_after_analysis_weeks",
    K.PLAN_EVALUATION: "plan_evaluation_interval_weeks",
}


@dataclass(frozen=True, slots=True)
class DeviationPeriod:
    """One art. 5 period: first day, last day (``None`` while open) and the ground code."""

    start: dt.date
    end: dt.date | None
    ground: str

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def deviation_periods(facts: CaseFacts) -> list[DeviationPeriod]:
    """The chain's deviation periods in order; an 'ended' event closes the open one."""
    periods: list[DeviationPeriod] = []
    for event in facts.kept:
        if isinstance(event, ProcessDeviation):
            periods.append(DeviationPeriod(event.effective, event.end, event.ground))
        elif isinstance(event, ProcessDeviationEnded) and periods and periods[-1].end is None:
            last = periods[-1]
            periods[-1] = DeviationPeriod(last.start, event.effective - _DAY, last.ground)
    return sorted(periods, key=lambda p: p.start)


def _merge(a: tuple[str, str], b: tuple[str, str]) -> tuple[str, str]:
    """Two (basis, version) citations as one, each article and value once."""
    basis = "; ".join(dict.fromkeys([*a[0].split("; "), *b[0].split("; ")]))
    versions = sorted({v for v in (*a[1].split(", "), *b[1].split(", ")) if v})
    return basis, ", ".join(versions)


class _Shift:
    """A paused deadline's new due date, its citations and the notes that explain it."""

    def __init__(self, deadline: Deadline) -> None:
        self.due = deadline.due
        self.cited = (deadline.legal_basis, deadline.rule_version)
        self.notes: list[Msg] = list(deadline.notes)
        self.paused_by: DeviationPeriod | None = None
        self.moved = False

    def rebase(self, due: dt.date, values: list[ParamValue], note: Msg) -> None:
        """Count the moment anew (an evaluation after a moved plan deadline)."""
        self.due = due
        self.cited = cite(values, (ART5,))
        self.notes = [note]
        self.moved = True

    def pause(self, ctx: MomentContext, periods: list[DeviationPeriod], term: ParamValue) -> None:
        for period in periods:
            if not period.covers(self.due):
                continue
            self.paused_by = period
            ground: Msg = (f"moments.deviation.{period.ground}",)
            if period.end is None:
                self.cited = _merge(self.cited, (ART5, ""))
                self.notes.append(("moments.deviation_open", ground, period.start))
                return
            resume = period.end + _DAY
            if ctx.options.moments.deviation_resume == "on_end":
                self.cited = _merge(self.cited, (ART5, ""))
                self.due = resume
                self.notes.append(("moments.deviation_on_end", ground, period.start, period.end))
            else:
                self.cited = cite([term], (ART5,))
                self.due = resume + 7 * term.value * _DAY
                note = ("moments.deviation_resumed", ground, period.start, period.end, term.value)
                self.notes = [*self.notes, note]
            self.moved = True


def _status(ctx: MomentContext, shift: _Shift, met: dt.date | None) -> DeadlineStatus:
    period = shift.paused_by
    paused = period is not None and (period.end is None or ctx.as_of <= period.end)
    if met is not None:
        return S.MET if paused or met <= shift.due else S.LATE
    if ctx.ended("duty", shift.due):
        return S.NOT_APPLICABLE
    if paused:
        return S.NOT_APPLICABLE
    return ctx.status(shift.due, None, "duty")


def _rebuilt(ctx: MomentContext, d: Deadline, shift: _Shift) -> Deadline:
    basis, version = shift.cited
    target = work_target(ctx.calendar, shift.due)
    if target is not None and target < ctx.chain.first_day:
        target = None
    status = _status(ctx, shift, d.met_on)
    return make_deadline(
        d.kind,
        shift.due,
        d.window_start,
        target,
        basis,
        version,
        status,
        d.met_on,
        tuple(shift.notes),
        d.warnings,
    )


def apply_deviations(deadlines: list[Deadline], ctx: MomentContext) -> list[Deadline]:
    """``deadlines`` (a new list) with the plan and evaluation paused or resumed by art. 5."""
    periods = deviation_periods(ctx.facts)
    if not periods:
        return list(deadlines)
    out: list[Deadline] = []
    plan_due: dt.date | None = None
    plan_value = ctx.value(_TERMS[K.PLAN_OF_APPROACH])
    for d in deadlines:
        if d.kind not in _TERMS or d.status is S.NOT_APPLICABLE:
            out.append(d)
            continue
        shift = _Shift(d)
        term = ctx.value(_TERMS[d.kind])
        facts = ctx.facts
        counted_from_plan = (
            facts.last("plan_of_approach_agreed") is None and facts.last("plan_evaluated") is None
        )
        if d.kind is K.PLAN_EVALUATION and counted_from_plan and plan_due is not None:
            due = plan_due + 7 * term.value * _DAY
            values = (
                [term] if ctx.options.moments.deviation_resume == "on_end" else [plan_value, term]
            )
            shift.rebase(due, values, ("rules.evaluation_no_plan", term.value, plan_due))
        if not (d.status is S.MET and not shift.moved):
            shift.pause(ctx, periods, term)
        if not shift.moved and shift.paused_by is None:
            out.append(d)
            continue
        rebuilt = _rebuilt(ctx, d, shift)
        if d.kind is K.PLAN_OF_APPROACH and shift.due != d.due:
            plan_due = shift.due
        out.append(rebuilt)
    return out
