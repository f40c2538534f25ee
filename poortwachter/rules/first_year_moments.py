"""The moments of the first sick year: probleemanalyse, plan van aanpak and its evaluations, the
42nd-week report to UWV and the eerstejaarsevaluatie.

Each counts sick days of the chain through :class:`~poortwachter.rules.counted_case.CountedCase`
and returns its deadline with exactly the values it rests on (a bit mask of the plan).
"""

from __future__ import annotations

import datetime as dt

from poortwachter.rules.atw_terms import rolled_how
from poortwachter.rules.counted_case import ACTION_SPEC, CountedCase, counted
from poortwachter.rules.facts import CaseFacts
from poortwachter.rules.messages import Msg, Seq
from poortwachter.rules.model import Deadline, DeadlineKind
from poortwachter.rules.plan import BIT

__all__ = [
    "first_year_evaluation",
    "plan_evaluation",
    "plan_of_approach",
    "problem_analysis",
    "uwv_sick_report",
]

K = DeadlineKind
_PA, _PVA, _EVAL = (
    ACTION_SPEC[K.PROBLEM_ANALYSIS],
    ACTION_SPEC[K.PLAN_OF_APPROACH],
    ACTION_SPEC[K.PLAN_EVALUATION],
)
_UWV, _EJE = ACTION_SPEC[K.UWV_SICK_REPORT], ACTION_SPEC[K.FIRST_YEAR_EVALUATION]
_NO_ATW_REGELING: Msg = ("rules.no_atw_regeling",)
_GAP = BIT["samentelling_gap_weeks"]
_day = dt.date.fromordinal


def problem_analysis(case: CountedCase) -> Deadline:
    """Probleemanalyse by the end of sick week 6 (Regeling procesgang art. 2); no Atw shift."""
    n = case.plan.problem_analysis_n
    due, mask, how = counted(case, n, BIT["problem_analysis_week"], case.restart)
    since = case.facts.chain.last_period.start if case.restart else None
    return case.action(_PA, due, mask, (*how, _NO_ATW_REGELING), since=since)


def plan_of_approach(case: CountedCase, analysis_on: dt.date | None) -> tuple[Deadline, int, int]:
    """Plan van aanpak: the earlier of 2 (sick) weeks after the analysis and the end of week 8
    (BW 7:658a lid 3; Regeling procesgang art. 4); cites the rule that gives the date."""
    plan = case.plan
    restart = case.restart
    due, mask, how = counted(case, plan.plan_n, BIT["plan_of_approach_week"], restart)
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


def plan_evaluation(case: CountedCase, plan_due: int, plan_mask: int) -> Deadline:
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


def _employment_end_report(case: CountedCase, ended: int, legal: int, week_bit: int) -> Deadline:
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


def uwv_sick_report(case: CountedCase) -> Deadline:
    """42nd-week report to UWV: the first werkdag after sick week 42 (ZW art. 38 lid 1, moved
    by the Atw, which is then cited); sick when the employment ends: its last werkdag.

    Once the 42 weeks are complete the duty stands: a recovery on the next day and a relapse
    that joins the chain later do not move it (:meth:`CountedCase.completed`)."""
    plan = case.plan
    weeks = plan.report_weeks
    legal, gaps, counted = case.completed(7 * weeks)
    week_bit = BIT["uwv_sick_report_week"]
    due, note, extra, flags = rolled_how(case, _day(legal))
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


def first_year_evaluation(case: CountedCase) -> Deadline:
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
