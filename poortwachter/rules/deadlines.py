"""The WVP deadlines: a pure function of (events, legal parameters, options, as-of date).

No clock, no I/O, no randomness: the same input gives the same deadlines forever, which is what
makes an auditor's replay exact. The law comes from ``config/rules`` (see
:mod:`poortwachter.rules.parameters`) through a compiled :class:`~poortwachter.rules.plan.Plan`:
values, day counts and citations resolved once per rule version. Each moment below computes its
date in whole days (ordinals) *together with* the bit mask of the values it rests on, so a
deadline cites exactly those. Explanations are message keys with arguments, put into words only
when read. Counting follows docs/legal-basis.md §0: ``day(n)`` is the date on which the count of
sick days in the chain reaches *n*; "in week *k*" means by ``day(7k)``.

``tests/rules/reference_deadlines.py`` is the plain implementation this replaced; a randomized
test demands identical output from both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from poortwachter.errors import InvalidEventError
from poortwachter.events import EventBase
from poortwachter.rules.calendar import AtwCalendar, default_calendar
from poortwachter.rules.citations import EMPLOYMENT_WAGE, EXTENSION, LATE_WIA
from poortwachter.rules.facts import CaseFacts, derive_facts
from poortwachter.rules.law_changes import LawChanges
from poortwachter.rules.messages import Msg, Seq
from poortwachter.rules.model import Deadline, DeadlineKind, DeadlineStatus, make_deadline
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, default_parameters
from poortwachter.rules.periods import last_joining_day
from poortwachter.rules.plan import BIT, Plan, covers, plan_for
from poortwachter.rules.process_moments import add_process_moments

__all__ = ["ACTION_EVENTS", "compute_deadlines", "evaluate"]

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
_Spec = tuple[DeadlineKind, "str | None", bool]
_SPEC: dict[DeadlineKind, _Spec] = {k: (k, ACTION_EVENTS.get(k), k in _EMPLOYER_DUTIES) for k in K}
_PA, _PVA, _EVAL = _SPEC[K.PROBLEM_ANALYSIS], _SPEC[K.PLAN_OF_APPROACH], _SPEC[K.PLAN_EVALUATION]
_UWV, _EJE = _SPEC[K.UWV_SICK_REPORT], _SPEC[K.FIRST_YEAR_EVALUATION]
_RIV, _WIA = _SPEC[K.REINTEGRATION_REPORT], _SPEC[K.WIA_APPLICATION]
_NO_ATW_REGELING: Msg = ("rules.no_atw_regeling",)
_NO_ATW_COUNTED_BACK: Msg = ("rules.no_atw_counted_back",)
_NO_ATW_DURATION: Msg = ("rules.no_atw_duration",)
_A_WERKDAG: Msg = ("rules.a_werkdag",)
_GAP = BIT["samentelling_gap_weeks"]
_WAIT = BIT["waiting_period_weeks"]
_day = dt.date.fromordinal


class _Case:
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
        spec: _Spec,
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


def _counted(case: _Case, n: int, bit: int, restart: bool) -> tuple[int, int, tuple[Msg, ...]]:
    """``day(n)`` (or, restarting, day *n* from the relapse) with its citation mask and how."""
    if restart:
        start = case.facts.chain.last_period.start
        return start.toordinal() + n - 1, bit, (("rules.relapse_day", n, start),)
    due, gaps = case.day(n)
    return due, bit | (_GAP if gaps else 0), case.how(n, gaps)


def _problem_analysis(case: _Case) -> Deadline:
    """Probleemanalyse by the end of sick week 6 (Regeling procesgang art. 2); no Atw shift."""
    n = case.plan.problem_analysis_n
    due, mask, how = _counted(case, n, BIT["problem_analysis_week"], case.restart)
    since = case.facts.chain.last_period.start if case.restart else None
    return case.action(_PA, due, mask, (*how, _NO_ATW_REGELING), since=since)


def _plan_of_approach(case: _Case, analysis_on: dt.date | None) -> tuple[Deadline, int, int]:
    """Plan van aanpak: the earlier of 2 (sick) weeks after the analysis and the end of week 8
    (BW 7:658a lid 3; Regeling procesgang art. 4); cites the rule that gives the date."""
    plan = case.plan
    restart = case.restart
    due, mask, how = _counted(case, plan.plan_n, BIT["plan_of_approach_week"], restart)
    since = case.facts.chain.last_period.start if restart else None
    if analysis_on is not None:
        days = 7 * plan.plan_after_weeks
        calendar_after = analysis_on.toordinal() + days
        if restart:
            after = calendar_after
        else:
            chain = case.facts.chain
            after = case.day(chain.sick_day_number(analysis_on) + days)[0]
        if after < due:
            key = "rules.pva_after_analysis"
            mask = BIT["plan_of_approach_after_analysis_weeks"]
            if after != calendar_after:
                key = "rules.pva_after_analysis_sick_days"
                mask |= _GAP
            how = ((key, plan.plan_after_weeks, analysis_on, Seq("; ", how)),)
            due = after
    deadline = case.action(_PVA, due, mask, (*how, _NO_ATW_REGELING), since=since)
    return deadline, due, mask


def _plan_evaluation(case: _Case, plan_due: int, plan_mask: int) -> Deadline:
    """Next evaluation of the plan, every 6 weeks at most (BW 7:658a lid 3); counted from the
    plan's own deadline, and citing it, while no plan was agreed."""
    facts = case.facts
    weeks = case.plan.evaluation_weeks
    agreed = facts.last("plan_of_approach_agreed")
    evaluated = facts.last("plan_evaluated")
    mask = BIT["plan_evaluation_interval_weeks"]
    if agreed is None and evaluated is None:
        base = plan_due
        base_day = _day(plan_due)
        mask |= plan_mask
        what: Msg = ("rules.evaluation_no_plan", weeks, base_day)
    else:
        base_day = max(d for d in (agreed, evaluated) if d is not None)
        base = base_day.toordinal()
        key = (
            "rules.evaluation_after_evaluation"
            if base_day == evaluated
            else "rules.evaluation_after_plan"
        )
        what = (key, weeks, base_day)
    notes: tuple[Msg, ...] = (what,)
    partial = [d for d, _ in facts.partial_resumptions if d >= base_day]
    if partial:
        notes = (what, ("rules.partial_return", partial[-1]))
    due = base + 7 * weeks
    if facts.leaves and case.plan.options.plan_evaluation_during_leave == "pause":
        due, paused = _paused(facts, base, due)
        if paused:
            notes = (*notes, paused)
    return case.action(_EVAL, due, mask, notes)


def _paused(facts: CaseFacts, base: int, due: int) -> tuple[int, Msg | None]:
    """``due`` moved on by the Wazo leave days after ``base`` (ordinals): the interval counts
    only days without leave, as nothing can be evaluated with someone on leave (§6.16)."""
    spans: list[Msg] = []
    added = 0
    for span in sorted(facts.leaves, key=lambda s: s.start):
        lo = max(span.start.toordinal(), base + 1)
        hi = span.end.toordinal()
        if lo <= due and lo <= hi:
            due += hi - lo + 1
            added += hi - lo + 1
            spans.append(("rules.span", _day(lo), span.end))
    if not added:
        return due, None
    return due, ("rules.evaluation_paused", Seq(", ", tuple(spans)), added)


def _rolled_how(case: _Case, legal: dt.date) -> tuple[int, Msg, tuple[str, ...], tuple[Msg, ...]]:
    """The Atw roll of the report's legal day: due date, how, the Atw citation if it moved,
    and the flag for unpublished equated days."""
    roll = case.plan.roll(legal)
    flags: tuple[Msg, ...] = ()
    if roll.uncovered_years:
        flags = _coverage_flags(case.plan.calendar, roll.uncovered_years)
    if not roll.moved:
        return roll.date.toordinal(), _A_WERKDAG, (), flags
    skipped = Seq(
        ", ",
        tuple(
            ("rules.skipped_day", d, why)
            for (d, _), why in zip(roll.skipped, roll.reasons, strict=True)
        ),
    )
    note: Msg = ("rules.atw_rolled", skipped, roll.date)
    return roll.date.toordinal(), note, (case.plan.roll_cite,), flags


def forward_term(
    case: _Case, term_end: dt.date
) -> tuple[int, Msg, tuple[str, ...], tuple[Msg, ...]]:
    """A statutory term counted forward from an event (a UWV letter, a decision to object to)
    that ends on ``term_end``: the Atw extends it past a Saturday, Sunday or holiday (art. 1
    lid 1; only terms counted back are spared, art. 1 lid 2).

    Returns the due date (ordinal), the explanation saying so, the Atw citation when the date
    moved, and the calendar flags. Every forward term goes through here, so that they all roll
    the same way (docs/legal-basis.md §2.5).
    """
    due, how, extra, flags = _rolled_how(case, term_end)
    return due, ("rules.atw_forward", term_end, how), extra, flags


def _coverage_flags(calendar: AtwCalendar, years: tuple[int, ...]) -> tuple[Msg, ...]:
    """Honest flags for years outside the equated-days data: before it, the data simply do not
    reach back; after it, the decree is not yet published (§6.12)."""
    before = tuple(y for y in years if y < calendar.complete_from.year)
    after = tuple(y for y in years if y not in before)
    flags: list[Msg] = []
    if before:
        flags.append(("rules.flag_not_in_data", Seq(", ", before), calendar.complete_from.year))
    if after:
        flags.append(("rules.flag_uncovered", Seq(", ", after)))
    return tuple(flags)


def _employment_end_report(case: _Case, ended: int, legal: int, week_bit: int) -> Deadline:
    """Sick when the employment ends: report at the latest on its last werkdag, so that UWV can
    take over under the Ziektewet (docs/legal-basis.md §1 #6) - never before the sickness."""
    plan = case.plan
    first = case.day_one
    if ended <= first:
        # Not one sick day within the employment: no ziek-uit-dienstmelding by the employer.
        notes: tuple[Msg, ...] = (("rules.uwv_no_sick_day_employed", _day(ended), case.first),)
        return case.action(_UWV, first, week_bit, notes, legal=legal, lapsed=True)
    last = plan.calendar.previous_working_day(_day(ended - 1)).toordinal()
    if last >= first:
        notes = (("rules.uwv_employment_ends", _day(ended)),)
        return case.action(_UWV, last, week_bit, notes, legal=legal)
    # The last werkdag lies before the first sick day: the latest day the law still allows.
    if plan.options.employment_end_report == "first_sick_day":
        due, key = first, "rules.uwv_report_first_sick_day"
    else:
        due, key = ended - 1, "rules.uwv_report_last_day_employed"
    notes = ((key, _day(ended), _day(due)),)
    flags: tuple[Msg, ...] = (("rules.flag_report_before_sickness", _day(last), case.first),)
    return case.action(_UWV, due, week_bit, notes, legal=legal, flags=flags)


def _uwv_sick_report(case: _Case) -> Deadline:
    """42nd-week report to UWV: the first werkdag after sick week 42 (ZW art. 38 lid 1, moved
    by the Atw, which is then cited); sick when the employment ends: its last werkdag.

    Once the 42 weeks are complete the duty stands: a recovery on the next day and a relapse
    that joins the chain later do not move it (:meth:`_Case.completed`)."""
    plan = case.plan
    weeks = plan.report_weeks
    legal, gaps, counted = case.completed(7 * weeks)
    week_bit = BIT["uwv_sick_report_week"]
    due, note, extra, flags = _rolled_how(case, _day(legal))
    ended = case.ended
    if ended is not None and case.stop is None and ended <= due:
        return _employment_end_report(case, ended, legal - 1, week_bit)
    how = Seq("; ", (*counted, note))
    mask = week_bit | (_GAP if gaps else 0)
    return case.action(
        _UWV,
        due,
        mask,
        (("rules.uwv_report", weeks, how),),
        extra=extra,
        legal=legal - 1,
        flags=flags,
    )


def _first_year_evaluation(case: _Case) -> Deadline:
    """Eerstejaarsevaluatie in the window of sick weeks 46-52 (Regeling procesgang)."""
    plan = case.plan
    first, last = plan.first_year_start_week, plan.first_year_week
    start, start_gaps = case.day(7 * (first - 1) + 1)
    n = 7 * last
    due, gaps = case.day(n)
    mask = BIT["first_year_evaluation_window_start_week"] | BIT["first_year_evaluation_week"]
    if gaps or start_gaps:
        mask |= _GAP
    flags: tuple[Msg, ...] = ()
    met = case.facts.first("first_year_evaluation_completed")
    if met is not None and met.toordinal() < start:
        flags = (("rules.flag_first_year_early", met, _day(start), first),)
    notes = (("rules.first_year_window", first, last, Seq("; ", case.how(n, gaps))),)
    return case.action(_EJE, due, mask, notes, window=start, flags=flags)


class _Base:
    """End of the waiting period before sanctions and late-application delays."""

    __slots__ = ("day", "extra", "how", "mask")

    def __init__(self, case: _Case) -> None:
        # The day after the 728th sick day: once complete, a later relapse does not move it.
        day, gaps, self.how = case.completed(7 * case.plan.waiting_weeks)
        self.mask = _WAIT | (_GAP if gaps else 0)
        self.extra: tuple[str, ...] = ()
        ext = sum(w for _, w in case.facts.extensions)
        if ext:
            day += 7 * ext
            self.extra = (EXTENSION,)
            self.how = (*self.how, ("rules.extension", ext))
        self.day = day


def _reintegration_report(case: _Case, base: _Base) -> Deadline:
    """Re-integratieverslag (WIA art. 25 lid 3): end of week 91 in practice, or 15 weeks before
    the end (2005 text); the other reading is a flag, not a citation."""
    plan = case.plan
    ewt = _day(base.day)
    how = Seq("; ", base.how)
    flags: tuple[Msg, ...] = ()
    if plan.options.reintegration_report_deadline == "statutory_2005":
        weeks_left = plan.report_weeks_before_end
        bit = BIT["reintegration_report_weeks_before_end"]
        what: Msg = ("rules.report_statutory", weeks_left, ewt, how)
    else:
        weeks_left = plan.waiting_weeks - plan.report_week
        bit = BIT["reintegration_report_week"]
        what = ("rules.report_practice", plan.report_week, ewt, how)
        strict_left = plan.report_weeks_before_end
        strict = _day(base.day - 7 * strict_left - 1)
        flags = (("rules.flag_report_2005", strict_left, strict, plan.waiting_weeks - strict_left),)
    due = base.day - 7 * weeks_left - 1
    notes = (what, _NO_ATW_COUNTED_BACK)
    return case.action(_RIV, due, base.mask | bit, notes, extra=base.extra, flags=flags)


def _wia_application(case: _Case, base: _Base) -> tuple[Deadline, int, tuple[str, ...]]:
    """WIA application by the end of sick week 93 (WIA art. 64 lid 3), counted back from the
    end of the waiting period (no Atw); a late UWV letter gives 4 weeks after it."""
    plan = case.plan
    weeks_left = plan.waiting_weeks - plan.wia_week
    how = Seq("; ", base.how)
    if plan.options.wia_deadline == "weeks_before_end":
        due = base.day - 7 * weeks_left
        notes: tuple[Msg, ...] = (("rules.wia_weeks_before_end", weeks_left, _day(base.day), how),)
    else:
        due = base.day - 7 * weeks_left - 1
        notes = (("rules.wia_end_of_week", plan.wia_week, weeks_left, how),)
    mask = base.mask | BIT["wia_application_week"]
    extra = base.extra
    flags: tuple[Msg, ...] = ()
    atw: Msg = _NO_ATW_COUNTED_BACK
    letter = case.facts.wia_letter_on
    if letter is not None and plan.options.late_wia_letter_extends:
        threshold = base.day - 7 * (plan.waiting_weeks - plan.letter_week) - 1
        if letter.toordinal() > threshold:
            term = _day(letter.toordinal() + 7 * plan.late_letter_weeks)
            extended, forward, roll_extra, roll_flags = forward_term(case, term)
            if extended > due:
                due = extended
                mask |= BIT["uwv_wia_letter_week"] | BIT["wia_late_letter_weeks"]
                late: Msg = (
                    "rules.wia_late_letter",
                    letter,
                    plan.letter_week,
                    _day(threshold),
                    plan.late_letter_weeks,
                )
                notes = (*notes, late)
                atw = forward
                extra = (*extra, *roll_extra)
                flags = roll_flags
    deadline = case.action(_WIA, due, mask, (*notes, atw), extra=extra, flags=flags)
    return deadline, mask, extra


def _sanctioned(case: _Case, last: int, notes: list[Msg]) -> tuple[int, int]:
    """The last wage day after the loonsancties (WIA art. 25 lid 9: capped, ended early by a
    bekorting), and the bits of the values that moved it."""
    imposed = sum(w for _, w in case.facts.sanctions)
    if not imposed:
        return last, 0
    plan = case.plan
    cap = plan.sanction_cap
    mask = BIT["wage_sanction_max_weeks"]
    if imposed > cap:
        notes.append(("rules.sanction_capped", imposed, cap))
    weeks = min(imposed, cap)
    base_last = last
    last += 7 * weeks
    notes.append(("rules.sanction", weeks))
    shortened = case.facts.sanction_shortened_on
    if shortened is not None:
        end = max(base_last, min(last, shortened.toordinal() + 7 * plan.shortening_weeks))
        if end != last:
            last = end
            mask |= BIT["wage_sanction_shortening_weeks"]
            notes.append(("rules.bekorting", shortened, plan.shortening_weeks))
    return last, mask


def _waiting_period(
    case: _Case, base: _Base, wia: Deadline, wia_mask: int, wia_extra: tuple[str, ...]
) -> tuple[Deadline, Deadline]:
    """Last wage day and end of the waiting period (BW 7:629 lid 1, WIA art. 23), extended by a
    vrijwillige verlenging, a loonsanctie and a late WIA application; never moved by the Atw."""
    last = base.day - 1
    mask = base.mask
    extra = base.extra
    notes = list(base.how)
    if wia.met_on is not None and wia.met_on > wia.due:
        delay = (wia.met_on - wia.due).days
        last += delay
        mask |= wia_mask
        extra = (*extra, *wia_extra, LATE_WIA)
        notes.append(("rules.late_wia", delay, wia.met_on))
    last, sanction_mask = _sanctioned(case, last, notes)
    mask |= sanction_mask
    notes.append(_NO_ATW_DURATION)
    if case.facts.chain.previous_first_day is not None:
        notes.append(_split_note(case))
    ewt = case.info(K.WAITING_PERIOD_END, last + 1, mask, extra, tuple(notes))
    ended = case.ended
    if ended is not None and ended <= case.day_one:
        # Employment ended on the first sick day: no wage during this sickness at all.
        wage_notes: tuple[Msg, ...] = (("rules.wage_no_sick_day_employed", _day(ended)),)
        wage = case.info(
            K.LAST_WAGE_DAY, case.day_one, 0, (EMPLOYMENT_WAGE,), wage_notes, lapsed=True
        )
    elif ended is not None and ended <= last:
        # The wage obligation ends with the employment; the waiting period runs on (ZW).
        wage_notes = (("rules.wage_employment_ended", _day(ended)),)
        wage = case.info(K.LAST_WAGE_DAY, ended - 1, 0, (EMPLOYMENT_WAGE,), wage_notes)
    else:
        wage_notes = (("rules.wage_until_end", ewt.due),)
        wage = case.info(K.LAST_WAGE_DAY, last, mask, extra, wage_notes)
    return wage, ewt


def _split_note(case: _Case) -> Msg:
    """Why this chain began anew instead of continuing the previous one: the 4-week rule, or
    another cause directly after a Wazo leave."""
    chain = case.facts.chain
    if chain.previous_split == "other_cause":
        return ("rules.split_other_cause", chain.previous_first_day, case.first)
    gap = chain.previous_gap_days
    limit = 7 * case.plan.gap_weeks
    return ("rules.split_gap", chain.previous_first_day, case.first, gap, limit)


def _relapse_window(case: _Case) -> Deadline | None:
    """After recovery: the last day a new sick report still joins the chain (BW 7:629 lid 10,
    WIA art. 23); Wazo leave days do not count as fit days."""
    facts = case.facts
    stop = facts.chain.not_sick_from
    if stop is None:
        return None
    limit = 7 * case.plan.gap_weeks
    leaves = list(facts.leaves) if case.plan.options.wazo_leave_neutral else []
    due = last_joining_day(stop, limit, leaves)
    how = "rules.recovered" if facts.chain.last_period.ended_by == "recovered" else "rules.on_leave"
    notes: tuple[Msg, ...] = (("rules.relapse_window", stop, (how,), due, limit),)
    return case.info(K.RELAPSE_WINDOW_END, due.toordinal(), _GAP, (), notes)


def _moments(plan: Plan, facts: CaseFacts, as_of: dt.date) -> list[Deadline]:
    """All deadlines of the current chain under one law (one compiled plan)."""
    case = _Case(plan, facts, as_of)
    pa = _problem_analysis(case)
    pva, pva_due, pva_mask = _plan_of_approach(case, pa.met_on)
    evaluation = _plan_evaluation(case, pva_due, pva_mask)
    base = _Base(case)
    wia, wia_mask, wia_extra = _wia_application(case, base)
    last_wage, ewt = _waiting_period(case, base, wia, wia_mask, wia_extra)
    deadlines = [
        pa,
        pva,
        evaluation,
        _uwv_sick_report(case),
        _first_year_evaluation(case),
        _reintegration_report(case, base),
        wia,
        last_wage,
        ewt,
    ]
    relapse = _relapse_window(case)
    if relapse is not None:
        deadlines.append(relapse)
    return deadlines


def evaluate(
    facts: CaseFacts,
    *,
    as_of: dt.date,
    params: ParameterSet,
    options: RuleOptions,
    calendar: AtwCalendar,
) -> list[Deadline]:
    """All deadlines of the current chain, from already derived facts."""
    mode = options.parameters_on
    on = as_of if mode == "as_of" else facts.chain.first_day
    plan = plan_for(params, options, calendar, on)
    deadlines = _moments(plan, facts, as_of)
    start = on.toordinal()
    last = max(start, max(d.due for d in deadlines).toordinal())
    # No due date lies before F, so with the chain's law F is the earliest day that matters.
    first = start if mode != "as_of" else min(start, min(d.due for d in deadlines).toordinal())
    if not covers(plan, first, last):  # else no value changed during any term: the usual case
        changes = LawChanges(
            plan, lambda law: _moments(law, facts, as_of), params, options, calendar
        )
        deadlines = changes.apply(deadlines)
    return add_process_moments(  # issue 7: art. 5 deviations and the new moments
        deadlines, facts, as_of=as_of, params=params, options=options, calendar=calendar
    )


def compute_deadlines(
    events: Sequence[EventBase],
    *,
    as_of: dt.date,
    params: ParameterSet | None = None,
    options: RuleOptions | None = None,
    calendar: AtwCalendar | None = None,
) -> list[Deadline]:
    """Deadlines of a case as it stood on ``as_of``.

    Only events effective on or before ``as_of`` count: what happened later was not yet so on
    that date. Events may be listed in any order. Raises
    :class:`~poortwachter.errors.InvalidEventError` for an impossible sequence.
    """
    options = options or RuleOptions()
    params = params or default_parameters()
    calendar = calendar or default_calendar(options.equated_days_are_holidays)
    known = [e for e in events if e.effective <= as_of]
    first_sick = min((e.effective for e in events if e.type == "sick_reported"), default=None)
    if first_sick is not None and first_sick > as_of:
        raise InvalidEventError(
            f"as-of date {as_of} lies before the first sick day {first_sick}",
            field="as_of",
            expected=f"a date on or after {first_sick}",
        )
    facts = derive_facts(known, params, options)
    return evaluate(facts, as_of=as_of, params=params, options=options, calendar=calendar)
