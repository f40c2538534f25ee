"""Reference implementation of the deadline rules: the test oracle of the compiled plan.

This is the straightforward implementation the compiled plan (:mod:`poortwachter.rules.plan`)
replaced, with citations by construction: each moment returns its date together with the
parameter values it rests on (:class:`Dated`). It reads every parameter by name and date and
builds dates with ``timedelta``; slow, but easy to check against the law. The randomized
equivalence test (``test_equivalence.py``) demands identical output from both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from poortwachter.errors import InvalidEventError
from poortwachter.events import EventBase
from poortwachter.rules.calendar import AtwCalendar, default_calendar
from poortwachter.rules.citations import EMPLOYMENT_WAGE, EXTENSION, LATE_WIA, provenance
from poortwachter.rules.facts import CaseFacts, derive_facts
from poortwachter.rules.messages import Msg, Seq
from poortwachter.rules.model import Deadline, DeadlineKind, DeadlineStatus
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import (
    REQUIRED_PARAMETERS,
    ParameterSet,
    ParamValue,
    default_parameters,
)
from poortwachter.rules.periods import Interruption, last_joining_day

__all__ = ["compute_deadlines", "evaluate"]

_DAY = dt.timedelta(days=1)
#: The event that marks each action moment as done.
ACTION_EVENTS: dict[DeadlineKind, str] = {
    DeadlineKind.PROBLEM_ANALYSIS: "problem_analysis_completed",
    DeadlineKind.PLAN_OF_APPROACH: "plan_of_approach_agreed",
    DeadlineKind.UWV_SICK_REPORT: "uwv_sick_report_sent",
    DeadlineKind.FIRST_YEAR_EVALUATION: "first_year_evaluation_completed",
    DeadlineKind.REINTEGRATION_REPORT: "reintegration_report_completed",
    DeadlineKind.WIA_APPLICATION: "wia_applied",
}


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@dataclass(frozen=True)
class Dated:
    """A date with the parameter values and fixed articles it rests on, and how it came about."""

    day: dt.date
    values: frozenset[ParamValue] = frozenset()
    extra: tuple[str, ...] = ()
    how: tuple[Msg, ...] = ()

    def also(
        self, values: Iterable[ParamValue] = (), extra: Iterable[str] = ()
    ) -> tuple[frozenset[ParamValue], tuple[str, ...]]:
        """This date's citations plus more."""
        return self.values | frozenset(values), (*self.extra, *extra)


@dataclass
class _Context:
    """Everything one evaluation reads. Nothing here collects: each moment cites for itself."""

    facts: CaseFacts
    params: ParameterSet
    options: RuleOptions
    calendar: AtwCalendar
    as_of: dt.date
    #: Overrides the date whose law applies (the day a term runs out, §6.15).
    law_on: dt.date | None = None
    #: The date whose law applies (option ``parameters_on``).
    params_on: dt.date = field(init=False)
    #: First day not sick when the latest period has ended (recovery or leave), else None.
    not_sick_from: dt.date | None = field(init=False)
    #: First day without employment, if it ended.
    employment_ended_on: dt.date | None = field(init=False)

    def __post_init__(self) -> None:
        chain = self.facts.chain
        self.params_on = self.law_on or (
            self.as_of if self.options.parameters_on == "as_of" else chain.first_day
        )
        self.not_sick_from = chain.not_sick_from
        self.employment_ended_on = self.facts.first("employment_ended")

    def p(self, name: str) -> ParamValue:
        return self.params.at(name, self.params_on)

    def counted(self, n: int) -> Dated:
        """``day(n)`` of the chain; cites the samentelling only when a gap lies before it."""
        chain = self.facts.chain
        day = chain.day(n)
        how: tuple[Msg, ...] = (("rules.sick_day", n, chain.first_day),)
        gaps = chain.interruptions_before(day) if chain.interruptions else ()
        if not gaps:
            return Dated(day, how=how)
        gap = self.p("samentelling_gap_weeks")
        return Dated(day, frozenset({gap}), how=(*how, self.joined(gaps)))

    def joined(self, gaps: Sequence[Interruption]) -> Msg:
        """The grounds on which gaps were skipped: the 4-week rule, then the Wazo bridge."""
        gap = self.p("samentelling_gap_weeks")
        phrases: list[Msg] = []
        by_rule = [g for g in gaps if not g.bridge]
        if by_rule:
            spans = Seq(
                ", ", tuple(("rules.span", g.fit_from, g.resumed_on - _DAY) for g in by_rule)
            )
            extra = sum(g.days for g in by_rule)
            leave = sum(g.leave_days for g in by_rule)
            phrases.append(
                ("rules.samentelling_leave", 7 * gap.value, spans, extra, leave)
                if leave
                else ("rules.samentelling", 7 * gap.value, spans, extra)
            )
        bridged = [g for g in gaps if g.bridge]
        if bridged:
            spans = Seq(
                ", ", tuple(("rules.span", g.fit_from, g.resumed_on - _DAY) for g in bridged)
            )
            phrases.append(("rules.wazo_bridge", spans, sum(g.days for g in bridged)))
        return phrases[0] if len(phrases) == 1 else ("rules.parts", Seq("; ", tuple(phrases)))

    def complete(self, n: int) -> Dated:
        """The day after the n-th sick day (a term of n sick days is complete): day(n + 1),
        unless sick day n ended a period; then the next calendar day, not the relapse."""
        last = self.counted(n)
        after = self.counted(n + 1)
        if after.day == last.day + _DAY:
            return after
        chain = self.facts.chain
        how: tuple[Msg, ...] = (("rules.day_after_sick_day", n, chain.first_day, last.day),)
        return Dated(last.day + _DAY, last.values, how=(*how, *last.how[1:]))

    def restart_day(self, n: int) -> Dated | None:
        """With relapse_process_steps=restart: day *n* counted from the latest relapse."""
        chain = self.facts.chain
        if self.options.relapse_process_steps != "restart" or len(chain.periods) < 2:
            return None
        start = chain.last_period.start
        return Dated(start + _days(n - 1), how=(("rules.relapse_day", n, start),))

    def ewt_base(self) -> Dated:
        """End of the waiting period before sanctions and late-application delays."""
        waiting = self.p("waiting_period_weeks")
        counted = self.complete(7 * waiting.value)
        values = counted.values | {waiting}
        ext = sum(w for _, w in self.facts.extensions)
        if not ext:
            return Dated(counted.day, values, how=counted.how)
        return Dated(
            counted.day + _days(7 * ext),
            values,
            (EXTENSION,),
            (*counted.how, ("rules.extension", ext)),
        )


#: Re-integration duties of the employer, which end with the employment (UWV takes over);
#: the WIA application is the employee's and the waiting period runs on under the Ziektewet.
_EMPLOYER_DUTIES = frozenset(
    {
        DeadlineKind.PROBLEM_ANALYSIS,
        DeadlineKind.PLAN_OF_APPROACH,
        DeadlineKind.PLAN_EVALUATION,
        DeadlineKind.FIRST_YEAR_EVALUATION,
        DeadlineKind.REINTEGRATION_REPORT,
    }
)
_NO_ATW_REGELING: Msg = ("rules.no_atw_regeling",)
_NO_ATW_COUNTED_BACK: Msg = ("rules.no_atw_counted_back",)


def _no_longer_applies(ctx: _Context, kind: DeadlineKind, legal_date: dt.date) -> bool:
    """Whether the case stopped before the moment's legal date: recovered (or on leave),
    closed, or - for the employer's re-integration duties - the employment ended."""
    for stop in (ctx.not_sick_from, ctx.facts.closed_on):
        if stop is not None and legal_date >= stop:
            return True
    ended = ctx.employment_ended_on
    return ended is not None and kind in _EMPLOYER_DUTIES and legal_date >= ended


def _action_status(
    ctx: _Context,
    kind: DeadlineKind,
    *,
    due: dt.date,
    legal_date: dt.date,
    met_on: dt.date | None,
    window_start: dt.date | None = None,
) -> DeadlineStatus:
    if met_on is not None:
        return DeadlineStatus.MET if met_on <= due else DeadlineStatus.LATE
    if _no_longer_applies(ctx, kind, legal_date):
        return DeadlineStatus.NOT_APPLICABLE
    if ctx.as_of > due:
        return DeadlineStatus.MISSED
    if ctx.as_of >= (window_start or due):
        return DeadlineStatus.DUE
    return DeadlineStatus.UPCOMING


def _date_status(ctx: _Context, kind: DeadlineKind, due: dt.date) -> DeadlineStatus:
    if kind is not DeadlineKind.RELAPSE_WINDOW_END and _no_longer_applies(ctx, kind, due):
        return DeadlineStatus.NOT_APPLICABLE
    if ctx.as_of > due:
        return DeadlineStatus.PASSED
    return DeadlineStatus.DUE if ctx.as_of == due else DeadlineStatus.UPCOMING


def _met_on(ctx: _Context, kind: DeadlineKind, since: dt.date | None = None) -> dt.date | None:
    # The *next* plan evaluation has no event that meets it: by definition it is still ahead.
    event_type = ACTION_EVENTS.get(kind)
    return None if event_type is None else ctx.facts.first(event_type, on_or_after=since)


def _deadline(
    ctx: _Context,
    kind: DeadlineKind,
    dated: Dated,
    *,
    notes: tuple[Msg, ...],
    legal_date: dt.date | None = None,
    window_start: dt.date | None = None,
    since: dt.date | None = None,
    flags: Sequence[Msg] = (),
    never_due: bool = False,
) -> Deadline:
    """Assemble an action deadline with its status, basis and provenance.

    A deadline the Atw does not move may fall on a weekend or holiday: the legal date stands,
    and ``work_target`` gives the last werkdag before it to plan the work on (§6.2).
    """
    due = dated.day
    met_on = _met_on(ctx, kind, since)
    basis, version = provenance(dated.values, dated.extra)
    status = _action_status(
        ctx, kind, due=due, legal_date=legal_date or due, met_on=met_on, window_start=window_start
    )
    if never_due and met_on is None:
        status = DeadlineStatus.NOT_APPLICABLE
    target = None if ctx.calendar.is_working_day(due) else ctx.calendar.previous_working_day(due)
    if target is not None and target < ctx.facts.chain.first_day:
        target = None  # no planning day before the sickness
    return Deadline(
        kind=kind,
        due=due,
        window_start=window_start,
        work_target=target,
        legal_basis=basis,
        rule_version=version,
        status=status,
        met_on=met_on,
        notes=notes,
        warnings=tuple(flags),
    )


def _week_day_number(ctx: _Context, weeks: int) -> int:
    """'Within n weeks': last day of sick week n (default) or n full weeks after F (§6.1)."""
    return 7 * weeks + (1 if ctx.options.week_convention == "weeks_after" else 0)


def problem_analysis(ctx: _Context) -> Deadline:
    """Probleemanalyse by the bedrijfsarts, by the end of sick week 6.

    Legal basis: Regeling procesgang eerste en tweede ziektejaar art. 2 (parameter
    ``problem_analysis_week``). Not moved by the Atw: a ministeriële regeling is not a statute.
    """
    week = ctx.p("problem_analysis_week")
    n = _week_day_number(ctx, week.value)
    restart = ctx.restart_day(n)
    counted = restart or ctx.counted(n)
    since = ctx.facts.chain.last_period.start if restart else None
    return _deadline(
        ctx,
        DeadlineKind.PROBLEM_ANALYSIS,
        Dated(counted.day, counted.values | {week}),
        notes=(*counted.how, _NO_ATW_REGELING),
        since=since,
    )


def _plan_due(ctx: _Context, analysis_on: dt.date | None) -> tuple[Dated, dt.date | None]:
    """The plan van aanpak's date: the earlier of 2 weeks after the analysis and week 8.

    Cites the rule that gives the date: week 8, or the 2 weeks after the analysis (with the
    samentelling when a gap lies between the analysis and that day).
    """
    week = ctx.p("plan_of_approach_week")
    n = _week_day_number(ctx, week.value)
    restart = ctx.restart_day(n)
    latest = restart or ctx.counted(n)
    since = ctx.facts.chain.last_period.start if restart else None
    plain = Dated(latest.day, latest.values | {week}, how=latest.how)
    if analysis_on is None:
        return plain, since
    after_weeks = ctx.p("plan_of_approach_after_analysis_weeks")
    chain = ctx.facts.chain
    calendar_after = analysis_on + _days(7 * after_weeks.value)
    after = (
        calendar_after
        if restart
        else chain.day(chain.sick_day_number(analysis_on) + 7 * after_weeks.value)
    )
    if after >= latest.day:
        return plain, since
    # Two weeks of sickness after the analysis: fit days between periods do not count, so an
    # analysis made before a recovery does not expire while the employee is fit.
    values: set[ParamValue] = {after_weeks}
    key = "rules.pva_after_analysis"
    if after != calendar_after:
        values.add(ctx.p("samentelling_gap_weeks"))
        key = "rules.pva_after_analysis_sick_days"
    how: Msg = (key, after_weeks.value, analysis_on, Seq("; ", latest.how))
    return Dated(after, frozenset(values), how=(how,)), since


def plan_of_approach(ctx: _Context, analysis_on: dt.date | None) -> tuple[Deadline, Dated]:
    """Plan van aanpak: 2 weeks after the probleemanalyse, and by the end of sick week 8.

    Legal basis: BW 7:658a lid 3; Regeling procesgang art. 4 (parameters
    ``plan_of_approach_week``, ``plan_of_approach_after_analysis_weeks``).
    """
    dated, since = _plan_due(ctx, analysis_on)
    deadline = _deadline(
        ctx,
        DeadlineKind.PLAN_OF_APPROACH,
        dated,
        notes=(*dated.how, _NO_ATW_REGELING),
        since=since,
    )
    return deadline, dated


def plan_evaluation(ctx: _Context, plan: Dated) -> Deadline:
    """The next evaluation (and bijstelling) of the plan van aanpak, every 6 weeks at most.

    Legal basis: BW 7:658a lid 3 (parameter ``plan_evaluation_interval_weeks``); counted from
    the plan's own deadline (and so citing it) while no plan was agreed.
    """
    interval = ctx.p("plan_evaluation_interval_weeks")
    weeks = interval.value
    facts = ctx.facts
    agreed = facts.last("plan_of_approach_agreed")
    evaluated = facts.last("plan_evaluated")
    last = max((d for d in (agreed, evaluated) if d is not None), default=None)
    values: frozenset[ParamValue] = frozenset({interval})
    extra: tuple[str, ...] = ()
    if last is None:
        base = plan.day
        values, extra = plan.also(values)
        what: Msg = ("rules.evaluation_no_plan", weeks, plan.day)
    else:
        base = last
        key = (
            "rules.evaluation_after_evaluation"
            if last == evaluated
            else "rules.evaluation_after_plan"
        )
        what = (key, weeks, last)
    notes: tuple[Msg, ...] = (what,)
    partial = [d for d, _ in facts.partial_resumptions if d >= base]
    if partial:
        notes += (("rules.partial_return", partial[-1]),)
    due = base + _days(7 * weeks)
    if ctx.options.plan_evaluation_during_leave == "pause":
        # Count the interval in days without Wazo leave: walk day by day from the base.
        counted, day, leave_days = 0, base, 0
        paused: list[Msg] = []
        while counted < 7 * weeks:
            day += _DAY
            span = next((lv for lv in facts.leaves if lv.start <= day <= lv.end), None)
            if span is None:
                counted += 1
                continue
            leave_days += 1
            if day == span.start or day == base + _DAY:
                paused.append(("rules.span", day, span.end))
        if leave_days:
            due = day
            notes += (("rules.evaluation_paused", Seq(", ", tuple(paused)), leave_days),)
    return _deadline(ctx, DeadlineKind.PLAN_EVALUATION, Dated(due, values, extra), notes=notes)


def uwv_sick_report(ctx: _Context) -> Deadline:
    """42nd-week report (ziekmelding) to UWV: the first werkdag after sick week 42.

    Legal basis: ZW art. 38 lid 1 (parameter ``uwv_sick_report_week``); a statutory term, so the
    Algemene termijnenwet moves it past weekends, holidays and equated days (Atw art. 1, 3),
    and then cites the Atw too.
    """
    week = ctx.p("uwv_sick_report_week")
    weeks = week.value
    # The day after the 294th sick day: once the 42 weeks are complete the duty stands, even
    # when a recovery follows and a later relapse joins the chain.
    legal = ctx.complete(7 * weeks)
    # Required once all 42 weeks were sick: a recovery on day 295 itself still needs it.
    last_sick_week_day = legal.day - _DAY
    ended = ctx.employment_ended_on
    if ended is not None and ctx.not_sick_from is None:
        roll = ctx.calendar.roll(legal.day, coverage=ctx.options.calendar_coverage)
        if ended <= roll.date:
            return _report_at_employment_end(ctx, week, ended, last_sick_week_day)
    roll = ctx.calendar.roll(legal.day, coverage=ctx.options.calendar_coverage)
    values = legal.values | {week}
    flags: list[Msg] = []
    extra: tuple[str, ...] = ()
    if roll.moved:
        skipped = Seq(
            ", ",
            tuple(
                ("rules.skipped_day", d, why)
                for (d, _), why in zip(roll.skipped, roll.reasons, strict=True)
            ),
        )
        how = (*legal.how, ("rules.atw_rolled", skipped, roll.date))
        extra = (ctx.calendar.roll_reference.cite(),)
    else:
        how = (*legal.how, ("rules.a_werkdag",))
    flags += _calendar_flags(ctx, roll.uncovered_years)
    return _deadline(
        ctx,
        DeadlineKind.UWV_SICK_REPORT,
        Dated(roll.date, values, extra),
        notes=(("rules.uwv_report", weeks, Seq("; ", how)),),
        legal_date=last_sick_week_day,
        flags=flags,
    )


def _calendar_flags(ctx: _Context, years: Sequence[int]) -> list[Msg]:
    """Years the equated-days data do not cover: before the data (not in them) or after (not
    yet published)."""
    start = ctx.calendar.complete_from.year
    early = tuple(y for y in years if y < start)
    late = tuple(y for y in years if y >= start)
    flags: list[Msg] = []
    if early:
        flags.append(("rules.flag_not_in_data", Seq(", ", early), start))
    if late:
        flags.append(("rules.flag_uncovered", Seq(", ", late)))
    return flags


def _report_at_employment_end(
    ctx: _Context, week: ParamValue, ended: dt.date, legal_date: dt.date
) -> Deadline:
    """Sick when the employment ends: report at the latest on its last werkdag, so that UWV
    can take over under the Ziektewet (docs/legal-basis.md §1 #6); never before the sickness.

    No sick day within the employment: no report by the employer. Last werkdag before the
    first sick day: the last day of the employment (or, by option, the first sick day).
    """
    first = ctx.facts.chain.first_day
    dated = Dated(first, frozenset({week}))
    if ended <= first:
        return _deadline(
            ctx,
            DeadlineKind.UWV_SICK_REPORT,
            dated,
            notes=(("rules.uwv_no_sick_day_employed", ended, first),),
            legal_date=legal_date,
            never_due=True,
        )
    last_werkdag = ctx.calendar.previous_working_day(ended - _DAY)
    if last_werkdag >= first:
        return _deadline(
            ctx,
            DeadlineKind.UWV_SICK_REPORT,
            Dated(last_werkdag, frozenset({week})),
            notes=(("rules.uwv_employment_ends", ended),),
            legal_date=legal_date,
        )
    if ctx.options.employment_end_report == "first_sick_day":
        due, key = first, "rules.uwv_report_first_sick_day"
    else:
        due, key = ended - _DAY, "rules.uwv_report_last_day_employed"
    return _deadline(
        ctx,
        DeadlineKind.UWV_SICK_REPORT,
        Dated(due, frozenset({week})),
        notes=((key, ended, due),),
        legal_date=legal_date,
        flags=[("rules.flag_report_before_sickness", last_werkdag, first)],
    )


def first_year_evaluation(ctx: _Context) -> Deadline:
    """Eerstejaarsevaluatie, in the window of sick weeks 46-52.

    Legal basis: Regeling procesgang eerste en tweede ziektejaar (parameters
    ``first_year_evaluation_window_start_week``, ``first_year_evaluation_week``).
    """
    first = ctx.p("first_year_evaluation_window_start_week")
    last = ctx.p("first_year_evaluation_week")
    start = ctx.counted(7 * (first.value - 1) + 1)
    end = ctx.counted(7 * last.value)
    flags: list[Msg] = []
    met = _met_on(ctx, DeadlineKind.FIRST_YEAR_EVALUATION)
    if met is not None and met < start.day:
        flags.append(("rules.flag_first_year_early", met, start.day, first.value))
    return _deadline(
        ctx,
        DeadlineKind.FIRST_YEAR_EVALUATION,
        Dated(end.day, start.values | end.values | {first, last}),
        window_start=start.day,
        notes=(("rules.first_year_window", first.value, last.value, Seq("; ", end.how)),),
        flags=flags,
    )


def _weeks_before_end(ewt: dt.date, weeks_left: int) -> dt.date:
    """'By sick week 104-k': the last day of that week, counted back from the end (EWT)."""
    return ewt - _days(7 * weeks_left + 1)


def reintegration_report(ctx: _Context, base: Dated) -> Deadline:
    """Re-integratieverslag ready, and a copy given to the employee.

    Legal basis: WIA art. 25 lid 3. Practice (default): by the end of sick week 91, so that it
    can go with the WIA application; the 2005 text said 15 weeks before the end of the waiting
    period (option ``reintegration_report_deadline``). The other reading is a flag, not a
    citation: the date does not rest on it.
    """
    waiting = ctx.p("waiting_period_weeks").value
    ewt = base.day
    flags: list[Msg] = []
    how = Seq("; ", base.how)
    if ctx.options.reintegration_report_deadline == "statutory_2005":
        used = ctx.p("reintegration_report_weeks_before_end")
        weeks_left = used.value
        what: Msg = ("rules.report_statutory", weeks_left, ewt, how)
    else:
        used = ctx.p("reintegration_report_week")
        weeks_left = waiting - used.value
        what = ("rules.report_practice", used.value, ewt, how)
        strict_left = ctx.p("reintegration_report_weeks_before_end").value
        strict = _weeks_before_end(ewt, strict_left)
        flags.append(("rules.flag_report_2005", strict_left, strict, waiting - strict_left))
    values, extra = base.also({used})
    return _deadline(
        ctx,
        DeadlineKind.REINTEGRATION_REPORT,
        Dated(_weeks_before_end(ewt, weeks_left), values, extra),
        notes=(what, _NO_ATW_COUNTED_BACK),
        flags=flags,
    )


def wia_application(ctx: _Context, base: Dated) -> tuple[Deadline, Dated]:
    """WIA application by the employee: by the end of sick week 93 (11 weeks before the end).

    Legal basis: WIA art. 64 lid 3 (parameter ``wia_application_week``: week 91 before the
    Verzamelwet SZW 2013, week 93 since). Counted back from the end of the waiting period, so
    the Atw does not apply (art. 1 lid 2). A UWV letter sent after week 89 gives the employee
    until 4 weeks after the letter (WIA art. 64 lid 2-3; option ``late_wia_letter_extends``);
    only then are the letter's values cited.
    """
    waiting = ctx.p("waiting_period_weeks").value
    week = ctx.p("wia_application_week")
    weeks_left = waiting - week.value
    ewt = base.day
    how = Seq("; ", base.how)
    if ctx.options.wia_deadline == "weeks_before_end":
        due = ewt - _days(7 * weeks_left)
        notes: tuple[Msg, ...] = (("rules.wia_weeks_before_end", weeks_left, ewt, how),)
    else:
        due = _weeks_before_end(ewt, weeks_left)
        notes = (("rules.wia_end_of_week", week.value, weeks_left, how),)
    values, extra = base.also({week})
    atw: Msg = _NO_ATW_COUNTED_BACK
    flags: list[Msg] = []
    letter = ctx.facts.wia_letter_on
    if letter is not None and ctx.options.late_wia_letter_extends:
        letter_week = ctx.p("uwv_wia_letter_week")
        late = ctx.p("wia_late_letter_weeks")
        threshold = _weeks_before_end(ewt, waiting - letter_week.value)
        # Four weeks after the letter: counted forward from an event, so the Atw extends it
        # past a Saturday, Sunday or holiday (Atw art. 1 lid 1; lid 2 only spares terms
        # counted back).
        term_end = letter + _days(7 * late.value)
        roll = (
            ctx.calendar.roll(term_end, coverage=ctx.options.calendar_coverage)
            if letter > threshold
            else None
        )
        if roll is not None and roll.date > due:
            due = roll.date
            values |= {letter_week, late}
            notes += (("rules.wia_late_letter", letter, letter_week.value, threshold, late.value),)
            if roll.moved:
                skipped = Seq(
                    ", ",
                    tuple(
                        ("rules.skipped_day", d, why)
                        for (d, _), why in zip(roll.skipped, roll.reasons, strict=True)
                    ),
                )
                how: Msg = ("rules.atw_rolled", skipped, roll.date)
                extra = (*extra, ctx.calendar.roll_reference.cite())
            else:
                how = ("rules.a_werkdag",)
            atw = ("rules.atw_forward", term_end, how)
            flags += _calendar_flags(ctx, roll.uncovered_years)
    dated = Dated(due, values, extra)
    deadline = _deadline(ctx, DeadlineKind.WIA_APPLICATION, dated, notes=(*notes, atw), flags=flags)
    return deadline, dated


def _informational(
    ctx: _Context, kind: DeadlineKind, dated: Dated, notes: tuple[Msg, ...]
) -> Deadline:
    basis, version = provenance(dated.values, dated.extra)
    return Deadline(
        kind=kind,
        due=dated.day,
        window_start=None,
        work_target=None,
        legal_basis=basis,
        rule_version=version,
        status=_date_status(ctx, kind, dated.day),
        met_on=None,
        notes=notes,
    )


def _sanctioned(ctx: _Context, last: dt.date) -> tuple[dt.date, set[ParamValue], list[Msg]]:
    """The last wage day after the loonsancties (capped, ended early by a bekorting)."""
    imposed = sum(w for _, w in ctx.facts.sanctions)
    if not imposed:
        return last, set(), []
    cap = ctx.p("wage_sanction_max_weeks")
    values = {cap}
    notes: list[Msg] = []
    weeks = min(imposed, cap.value)
    if imposed > cap.value:
        notes.append(("rules.sanction_capped", imposed, cap.value))
    base_last = last
    last += _days(7 * weeks)
    notes.append(("rules.sanction", weeks))
    shortened = ctx.facts.sanction_shortened_on
    if shortened is not None:
        shortening = ctx.p("wage_sanction_shortening_weeks")
        end = max(base_last, min(last, shortened + _days(7 * shortening.value)))
        if end != last:
            last = end
            values.add(shortening)
            notes.append(("rules.bekorting", shortened, shortening.value))
    return last, values, notes


def waiting_period(
    ctx: _Context, base: Dated, wia: Deadline, wia_dated: Dated
) -> tuple[Deadline, Deadline]:
    """Last day of wage payment and end of the waiting period (EWT, first possible WIA day).

    Legal basis: BW 7:629 lid 1 and WIA art. 23 (104 weeks, parameter
    ``waiting_period_weeks``); extended by a vrijwillige verlenging (WIA art. 24), a loonsanctie
    (WIA art. 25 lid 9, ended early after a bekorting) and a late WIA application (BW 7:629 lid
    11 sub a). A duration: never moved by the Atw.
    """
    last = base.day - _DAY
    values = set(base.values)
    extra = list(base.extra)
    notes = list(base.how)
    if wia.met_on is not None and wia.met_on > wia.due:
        delay = (wia.met_on - wia.due).days
        last += _days(delay)
        values |= wia_dated.values
        extra += [*wia_dated.extra, LATE_WIA]
        notes.append(("rules.late_wia", delay, wia.met_on))
    last, sanction_values, sanction_notes = _sanctioned(ctx, last)
    values |= sanction_values
    notes += sanction_notes
    ewt = Dated(last + _DAY, frozenset(values), tuple(extra))
    wage = Dated(last, ewt.values, ewt.extra)
    wage_notes: tuple[Msg, ...] = (("rules.wage_until_end", ewt.day),)
    ended = ctx.employment_ended_on
    chain = ctx.facts.chain
    lapsed = False
    if ended is not None and ended <= chain.first_day:
        # Not one sick day within the employment: no wage during this sickness; the date
        # shown is the first sick day, never a day before it.
        wage = Dated(chain.first_day, extra=(EMPLOYMENT_WAGE,))
        wage_notes = (("rules.wage_no_sick_day_employed", ended),)
        lapsed = True
    elif ended is not None and ended <= last:
        # The wage obligation ends with the employment; the waiting period runs on (ZW).
        wage = Dated(ended - _DAY, extra=(EMPLOYMENT_WAGE,))
        wage_notes = (("rules.wage_employment_ended", ended),)
    split: list[Msg] = []
    if chain.previous_first_day is not None:
        # Why this chain began anew: another cause right after a Wazo leave, or 4 weeks fit.
        if chain.previous_split == "other_cause":
            split.append(("rules.split_other_cause", chain.previous_first_day, chain.first_day))
        else:
            limit = 7 * ctx.p("samentelling_gap_weeks").value
            split.append(
                (
                    "rules.split_gap",
                    chain.previous_first_day,
                    chain.first_day,
                    chain.previous_gap_days,
                    limit,
                )
            )
    wage_deadline = _informational(ctx, DeadlineKind.LAST_WAGE_DAY, wage, wage_notes)
    if lapsed:
        wage_deadline = replace(wage_deadline, status=DeadlineStatus.NOT_APPLICABLE)
    return (
        wage_deadline,
        _informational(
            ctx,
            DeadlineKind.WAITING_PERIOD_END,
            ewt,
            (*notes, ("rules.no_atw_duration",), *split),
        ),
    )


def relapse_window(ctx: _Context) -> Deadline | None:
    """After recovery: the last day on which a new sick report still joins this chain.

    Legal basis: BW 7:629 lid 10, WIA art. 23 (parameter ``samentelling_gap_weeks``): periods
    less than 4 weeks apart count together. Wazo leave days do not count as fit days.
    """
    stop = ctx.not_sick_from
    if stop is None:
        return None
    gap = ctx.p("samentelling_gap_weeks")
    limit = 7 * gap.value
    leaves = list(ctx.facts.leaves) if ctx.options.wazo_leave_neutral else []
    due = last_joining_day(stop, limit, leaves)
    how = (
        "rules.recovered"
        if ctx.facts.chain.last_period.ended_by == "recovered"
        else "rules.on_leave"
    )
    return _informational(
        ctx,
        DeadlineKind.RELAPSE_WINDOW_END,
        Dated(due, frozenset({gap})),
        (("rules.relapse_window", stop, (how,), due, limit),),
    )


def _under_law(
    facts: CaseFacts,
    as_of: dt.date,
    params: ParameterSet,
    options: RuleOptions,
    calendar: AtwCalendar,
    law_on: dt.date | None,
) -> list[Deadline]:
    """All deadlines of the current chain under the law in force on ``law_on`` (default: as
    the option ``parameters_on`` says)."""
    ctx = _Context(facts, params, options, calendar, as_of, law_on)
    pa = problem_analysis(ctx)
    pva, pva_dated = plan_of_approach(ctx, pa.met_on)
    evaluation = plan_evaluation(ctx, pva_dated)
    base = ctx.ewt_base()
    wia, wia_dated = wia_application(ctx, base)
    last_wage, ewt = waiting_period(ctx, base, wia, wia_dated)
    deadlines = [
        pa,
        pva,
        evaluation,
        uwv_sick_report(ctx),
        first_year_evaluation(ctx),
        reintegration_report(ctx, base),
        wia,
        last_wage,
        ewt,
    ]
    relapse = relapse_window(ctx)
    if relapse is not None:
        deadlines.append(relapse)
    return deadlines


def _law(params: ParameterSet, day: dt.date) -> tuple[ParamValue, ...]:
    return tuple(params.at(name, day) for name in REQUIRED_PARAMETERS)


def _changed_values(params: ParameterSet, one: Deadline, two: Deadline) -> Seq:
    """Each value that differs between the two deadlines' rule versions: where it changed."""
    versions: dict[str, set[dt.date]] = {}
    for deadline in (one, two):
        for version in deadline.rule_version.split(", "):
            name, since = version.split("@")
            versions.setdefault(name, set()).add(dt.date.fromisoformat(since))
    changes: list[Msg] = []
    in_one = set(one.rule_version.split(", "))
    in_two = set(two.rule_version.split(", "))
    for name in sorted(versions):
        if len(versions[name]) == 1 and any(v.startswith(name + "@") for v in in_one & in_two):
            continue
        since = max(versions[name])
        ref = params.at(name, since).reference
        changes.append(("rules.law_change", ref.article, since, ref.href))
    return Seq("; ", tuple(changes))


def evaluate(
    facts: CaseFacts,
    *,
    as_of: dt.date,
    params: ParameterSet,
    options: RuleOptions,
    calendar: AtwCalendar,
) -> list[Deadline]:
    """All deadlines of the current chain, from already derived facts.

    A term across a change of the law gets a flag with the date under either law (§6.15);
    with ``parameters_on="term_end"`` the law on the day the term runs out decides.
    """
    mode = options.parameters_on
    law_start = as_of if mode == "as_of" else facts.chain.first_day
    first = _under_law(facts, as_of, params, options, calendar, None)
    out = []
    for deadline in first:
        if _law(params, deadline.due) == _law(params, law_start):
            out.append(deadline)
            continue
        on = deadline.due
        kind = deadline.kind
        other = next(
            d for d in _under_law(facts, as_of, params, options, calendar, on) if d.kind is kind
        )
        if mode == "term_end":
            for _ in range(4):
                if _law(params, other.due) == _law(params, on):
                    break
                on = other.due
                other = next(
                    d
                    for d in _under_law(facts, as_of, params, options, calendar, on)
                    if d.kind is kind
                )
            used, alternative = other, deadline
        else:
            used, alternative = deadline, other
        if used.due == alternative.due:
            out.append(used)
            continue
        flag: Msg = (
            f"rules.flag_law_changed_{mode}",
            _changed_values(params, used, alternative),
            used.due,
            alternative.due,
        )
        out.append(replace(used, warnings=(*used.warnings, flag)))
    return out


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
