"""One case under one law: its chain as whole-day numbers, and how a deadline gets its status.

Every core moment (:mod:`poortwachter.rules.first_year_moments`,
:mod:`poortwachter.rules.waiting_period_moments`) counts sick days and builds its deadline
through :class:`CountedCase`, so they all count the chain (samentelling, the Wazo bridge) and
judge met, late, missed or not applicable in one way (docs/legal-basis.md §0). Dates are
ordinals and citations bit masks of the compiled :class:`~poortwachter.rules.plan.Plan` until
the deadline is built: the rules run for every moment of every case.
"""

from __future__ import annotations

import datetime as dt

from poortwachter.rules.facts import CaseFacts
from poortwachter.rules.messages import Msg, Seq
from poortwachter.rules.model import Deadline, DeadlineKind, DeadlineStatus, make_deadline
from poortwachter.rules.plan import BIT, Plan

__all__ = ["ACTION_EVENTS", "ACTION_SPEC", "ActionSpec", "CountedCase", "counted"]

K = DeadlineKind
S = DeadlineStatus
#: The event that marks each action moment as done.
ACTION_EVENTS: dict[DeadlineKind, str] = {
    K.PROBLEM_ANALYSIS: "problem_analysis_completed",
    K.PLAN_OF_APPROACH: "plan_of_approach_agreed",
    K.UWV_SICK_REPORT: "uwv_sick_report_sent",
    K.FIRST_YEAR_EVALUATION: "first_year_evaluation_completed",
    K.REINTEGRATION_REPORT: "reintegration_report_completed",
    K.WIA_APPLICATION: "wia_applied",
}
#: Re-integration duties of the employer, which end with the employment (UWV takes over);
#: the WIA application is the employee's and the waiting period runs on under the Ziektewet.
_EMPLOYER_DUTIES = frozenset(
    {K.PROBLEM_ANALYSIS, K.PLAN_OF_APPROACH, K.PLAN_EVALUATION}
    | {K.FIRST_YEAR_EVALUATION, K.REINTEGRATION_REPORT}
)
#: (kind, event that meets it, employer's duty) per action: looked up once, not per case (an
#: enum member's __hash__ is a Python call, and this runs for every moment of every case).
ActionSpec = tuple[DeadlineKind, "str | None", bool]
ACTION_SPEC: dict[DeadlineKind, ActionSpec] = {
    k: (k, ACTION_EVENTS.get(k), k in _EMPLOYER_DUTIES) for k in K
}
_GAP = BIT["samentelling_gap_weeks"]
_day = dt.date.fromordinal


class CountedCase:
    """One evaluation: the plan, the facts, and the chain as whole-day numbers."""

    __slots__ = (
        "as_of",
        "closed",
        "day_one",
        "ended",
        "facts",
        "first",
        "gap_notes",
        "plan",
        "restart",
        "segments",
        "simple",
        "stop",
    )

    def __init__(self, plan: Plan, facts: CaseFacts, as_of: dt.date) -> None:
        chain = facts.chain
        periods = chain.periods
        self.plan = plan
        self.facts = facts
        self.as_of = as_of.toordinal()
        self.first = chain.first_day
        self.day_one = self.first.toordinal()
        self.simple = len(periods) == 1
        # (first day, length or None while running) of each period, as ordinals.
        self.segments = [
            (p.start.toordinal(), None if p.end is None else (p.end - p.start).days + 1)
            for p in periods
        ]
        not_sick = chain.not_sick_from
        self.stop = None if not_sick is None else not_sick.toordinal()
        closed = facts.closed_on
        self.closed = None if closed is None else closed.toordinal()
        ended = facts.first("employment_ended")
        self.ended = None if ended is None else ended.toordinal()
        self.restart = plan.options.relapse_process_steps == "restart" and not self.simple
        self.gap_notes: dict[int, Msg] = {}

    def day(self, n: int) -> tuple[int, int]:
        """``day(n)`` as an ordinal, and how many gaps of the chain lie before it."""
        if self.simple:  # past the end of an ended period the count runs on the same way
            return self.segments[0][0] + n - 1, 0
        counted = 0
        for i, (start, length) in enumerate(self.segments):
            if length is None or counted + length >= n:
                return start + n - counted - 1, i
            counted += length
        start, length = self.segments[-1]
        return start + (length or 0) - 1 + n - counted, len(self.segments) - 1

    def how(self, n: int, gaps: int) -> tuple[Msg, ...]:
        """How ``day(n)`` was counted: the sick day, and the samentelling when it applies."""
        if not gaps:
            return (("rules.sick_day", n, self.first),)
        return (("rules.sick_day", n, self.first), self.gap_note(gaps))

    def gap_note(self, count: int) -> Msg:
        """Which gaps were skipped, and on which ground: the 4-week rule or the Wazo bridge."""
        note = self.gap_notes.get(count)
        if note is None:
            gaps = self.facts.chain.interruptions[:count]
            one = dt.timedelta(days=1)
            parts: list[Msg] = []
            plain = [g for g in gaps if not g.bridge]
            if plain:
                spans = Seq(
                    ", ", tuple(("rules.span", g.fit_from, g.resumed_on - one) for g in plain)
                )
                extra = sum(g.days for g in plain)
                leave = sum(g.leave_days for g in plain)
                limit = 7 * self.plan.gap_weeks
                parts.append(
                    ("rules.samentelling_leave", limit, spans, extra, leave)
                    if leave
                    else ("rules.samentelling", limit, spans, extra)
                )
            bridges = [g for g in gaps if g.bridge]
            if bridges:
                spans = Seq(
                    ", ", tuple(("rules.span", g.fit_from, g.resumed_on - one) for g in bridges)
                )
                parts.append(("rules.wazo_bridge", spans, sum(g.days for g in bridges)))
            note = parts[0] if len(parts) == 1 else ("rules.parts", Seq("; ", tuple(parts)))
            self.gap_notes[count] = note
        return note

    def completed(self, n: int) -> tuple[int, int, tuple[Msg, ...]]:
        """The day after the ``n``-th sick day: when a count of ``n`` sick days is complete.

        Equal to ``day(n + 1)`` unless the ``n``-th sick day ended a period: then the duty fell
        due on the next calendar day, and a relapse that joins later does not move it.
        Returns the ordinal, the gaps before it and how it was counted.
        """
        last, gaps = self.day(n)
        if self.simple:
            return last + 1, gaps, self.how(n + 1, gaps)
        if self.day(n + 1)[0] == last + 1:
            return last + 1, gaps, self.how(n + 1, gaps)
        how: tuple[Msg, ...] = (("rules.day_after_sick_day", n, self.first, _day(last)),)
        if gaps:
            how = (*how, self.gap_note(gaps))
        return last + 1, gaps, how

    def stopped(self, employer_duty: bool, legal: int) -> bool:
        """Recovered (or on leave), closed, or - for the employer's duties - employment ended."""
        stop, closed, ended = self.stop, self.closed, self.ended
        return (
            (stop is not None and legal >= stop)
            or (closed is not None and legal >= closed)
            or (ended is not None and legal >= ended and employer_duty)
        )

    def action(
        self,
        spec: ActionSpec,
        due: int,
        mask: int,
        notes: tuple[Msg, ...],
        *,
        extra: tuple[str, ...] = (),
        legal: int | None = None,
        window: int | None = None,
        since: dt.date | None = None,
        flags: tuple[Msg, ...] = (),
        lapsed: bool = False,
    ) -> Deadline:
        """An action deadline with its status, citations and planning werkdag (``lapsed``: the
        duty never arose, whatever the dates)."""
        kind, event, duty = spec
        met = None if event is None else self.facts.first(event, on_or_after=since)
        if met is not None:
            status = S.MET if met.toordinal() <= due else S.LATE
        elif lapsed or self.stopped(duty, due if legal is None else legal):
            status = S.NOT_APPLICABLE
        elif self.as_of > due:
            status = S.MISSED
        elif self.as_of >= (due if window is None else window):
            status = S.DUE
        else:
            status = S.UPCOMING
        basis, version = self.plan.cite(mask, extra)
        day = _day(due)
        start = None if window is None else _day(window)
        target = self.plan.work_target(day)
        if target is not None and target < self.first:
            target = None  # a planning day before the sickness is no planning day
        return make_deadline(kind, day, start, target, basis, version, status, met, notes, flags)

    def info(
        self,
        kind: DeadlineKind,
        due: int,
        mask: int,
        extra: tuple[str, ...],
        notes: tuple[Msg, ...],
        lapsed: bool = False,
    ) -> Deadline:
        """A date to know (no action): upcoming, due, passed or no longer applicable."""
        if lapsed or (kind is not K.RELAPSE_WINDOW_END and self.stopped(False, due)):
            status = S.NOT_APPLICABLE
        elif self.as_of > due:
            status = S.PASSED
        else:
            status = S.DUE if self.as_of == due else S.UPCOMING
        basis, version = self.plan.cite(mask, extra)
        return make_deadline(kind, _day(due), None, None, basis, version, status, None, notes, ())


def counted(case: CountedCase, n: int, bit: int, restart: bool) -> tuple[int, int, tuple[Msg, ...]]:
    """``day(n)`` (or, restarting, day *n* from the relapse) with its citation mask and how."""
    if restart:
        start = case.facts.chain.last_period.start
        return start.toordinal() + n - 1, bit, (("rules.relapse_day", n, start),)
    due, gaps = case.day(n)
    return due, bit | (_GAP if gaps else 0), case.how(n, gaps)
