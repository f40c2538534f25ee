"""The WVP deadlines: a pure function of (events, legal parameters, options, as-of date).

No clock, no I/O, no randomness: the same input gives the same deadlines forever, which is what
makes an auditor's replay exact. Each moment below is one function that cites its legal basis;
the numbers come from ``config/rules`` (see :mod:`poortwachter.rules.parameters`), never from
the code. Counting follows wvp-timeline.md §0: ``day(n)`` is the date on which the count of sick
days in the chain reaches *n*; "in week *k*" means by ``day(7k)``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from poortwachter.errors import InvalidEventError
from poortwachter.events import EventBase
from poortwachter.rules.calendar import AtwCalendar, default_calendar
from poortwachter.rules.facts import CaseFacts, derive_facts
from poortwachter.rules.model import Deadline, DeadlineKind, DeadlineStatus
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet, ParamValue, default_parameters
from poortwachter.rules.periods import last_joining_day

__all__ = ["ACTION_EVENTS", "compute_deadlines", "evaluate"]

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


@dataclass
class _Context:
    """Everything one evaluation reads; collects the parameter values it used."""

    facts: CaseFacts
    params: ParameterSet
    options: RuleOptions
    calendar: AtwCalendar
    as_of: dt.date
    used: list[ParamValue] = field(default_factory=list)
    #: Values behind the end of the waiting period, cited by every date derived from it.
    base_used: list[ParamValue] = field(default_factory=list)
    #: The date whose law applies (option ``parameters_on``).
    params_on: dt.date = field(init=False)
    #: First day not sick when the latest period has ended (recovery or leave), else None.
    not_sick_from: dt.date | None = field(init=False)
    #: First day without employment, if it ended.
    employment_ended_on: dt.date | None = field(init=False)
    _gap_phrases: dict[int, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        chain = self.facts.chain
        self.params_on = self.as_of if self.options.parameters_on == "as_of" else chain.first_day
        self.not_sick_from = chain.not_sick_from
        self.employment_ended_on = self.facts.first("employment_ended")

    def p(self, name: str) -> ParamValue:
        value = self.params.at(name, self.params_on)
        self.used.append(value)
        return value

    def take_used(self) -> list[ParamValue]:
        used, self.used = self.used, []
        return used

    def counted(self, n: int) -> tuple[dt.date, str]:
        """``day(n)`` of the chain and a phrase saying how it was counted."""
        chain = self.facts.chain
        day = chain.day(n)
        text = f"sick day {n} counted from {chain.first_day}"
        if chain.interruptions:
            text += self._gap_phrase(len(chain.interruptions_before(day)))
        return day, text

    def _gap_phrase(self, count: int) -> str:
        """The samentelling part of an explanation for the first ``count`` gaps (memoised)."""
        phrase = self._gap_phrases.get(count)
        if phrase is None:
            gaps = self.facts.chain.interruptions[:count]
            phrase = ""
            if gaps:
                spans = ", ".join(f"{g.fit_from}..{g.resumed_on - _DAY}" for g in gaps)
                extra = sum(g.days for g in gaps)
                leave = sum(g.leave_days for g in gaps)
                leave_txt = f", of which {leave} Wazo leave days" if leave else ""
                limit = 7 * self.params.at("samentelling_gap_weeks", self.params_on).value
                phrase = (
                    f"; periods counted together (samentelling, gap < {limit} days): "
                    f"{spans} not counted (+{extra} days{leave_txt})"
                )
            self._gap_phrases[count] = phrase
        return phrase

    def restart_day(self, n: int) -> tuple[dt.date, str] | None:
        """With relapse_process_steps=restart: day *n* counted from the latest relapse."""
        chain = self.facts.chain
        if self.options.relapse_process_steps != "restart" or len(chain.periods) < 2:
            return None
        start = chain.last_period.start
        return start + _days(n - 1), f"sick day {n} counted from the relapse on {start}"

    def ewt_base(self) -> tuple[dt.date, str]:
        """End of the waiting period before sanctions and late-application delays."""
        weeks = self.p("waiting_period_weeks").value
        day, text = self.counted(7 * weeks + 1)
        ext = sum(w for _, w in self.facts.extensions)
        if ext:
            day += _days(7 * ext)
            text += f"; vrijwillige verlenging +{ext} weeks"
        return day, text


@functools.lru_cache(maxsize=4096)
def _provenance(values: tuple[ParamValue, ...], extra: tuple[str, ...] = ()) -> tuple[str, str]:
    """(legal basis, rule version) of a set of parameter values; few distinct sets exist."""
    seen: list[str] = []
    for v in values:
        cite = v.reference.cite()
        if cite not in seen:
            seen.append(cite)
    seen.extend(extra)
    return "; ".join(seen), ", ".join(sorted({v.version for v in values}))


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
    *,
    due: dt.date,
    legal_date: dt.date | None = None,
    window_start: dt.date | None = None,
    explanation: str,
    since: dt.date | None = None,
    extra_basis: Sequence[str] = (),
    flags: Sequence[str] = (),
) -> Deadline:
    """Assemble an action deadline with its status, basis and provenance.

    A deadline the Atw does not move may fall on a weekend or holiday: the legal date stands,
    and ``work_target`` gives the last werkdag before it to plan the work on (§6.2).
    """
    met_on = _met_on(ctx, kind, since)
    basis, version = _provenance(tuple(ctx.take_used()), tuple(extra_basis))
    status = _action_status(
        ctx, kind, due=due, legal_date=legal_date or due, met_on=met_on, window_start=window_start
    )
    target = None if ctx.calendar.is_working_day(due) else ctx.calendar.previous_working_day(due)
    return Deadline(
        kind=kind,
        due=due,
        window_start=window_start,
        work_target=target,
        legal_basis=basis,
        rule_version=version,
        explanation=explanation,
        status=status,
        met_on=met_on,
        flags=tuple(flags),
    )


def _week_day_number(ctx: _Context, weeks: int) -> int:
    """'Within n weeks': last day of sick week n (default) or n full weeks after F (§6.1)."""
    return 7 * weeks + (1 if ctx.options.week_convention == "weeks_after" else 0)


def problem_analysis(ctx: _Context) -> Deadline:
    """Probleemanalyse by the bedrijfsarts, by the end of sick week 6.

    Legal basis: Regeling procesgang eerste en tweede ziektejaar art. 2 (parameter
    ``problem_analysis_week``). Not moved by the Atw: a ministeriële regeling is not a statute.
    """
    n = _week_day_number(ctx, ctx.p("problem_analysis_week").value)
    restart = ctx.restart_day(n)
    due, text = restart or ctx.counted(n)
    since = ctx.facts.chain.last_period.start if restart else None
    return _deadline(
        ctx,
        DeadlineKind.PROBLEM_ANALYSIS,
        due=due,
        explanation=f"{text}; no Atw shift (ministeriële regeling)",
        since=since,
    )


def plan_of_approach(ctx: _Context, analysis_on: dt.date | None) -> Deadline:
    """Plan van aanpak: 2 weeks after the probleemanalyse, and by the end of sick week 8.

    Legal basis: BW 7:658a lid 3; Regeling procesgang art. 4 (parameters
    ``plan_of_approach_week``, ``plan_of_approach_after_analysis_weeks``).
    """
    n = _week_day_number(ctx, ctx.p("plan_of_approach_week").value)
    after_weeks = ctx.p("plan_of_approach_after_analysis_weeks").value
    restart = ctx.restart_day(n)
    latest, text = restart or ctx.counted(n)
    since = ctx.facts.chain.last_period.start if restart else None
    due = latest
    if analysis_on is not None:
        # Two weeks of sickness after the analysis: fit days between periods do not count, so
        # an analysis made before a recovery does not expire while the employee is fit.
        chain = ctx.facts.chain
        after = (
            analysis_on + _days(7 * after_weeks)
            if restart
            else chain.day(chain.sick_day_number(analysis_on) + 7 * after_weeks)
        )
        if after < latest:
            due = after
            gap = "" if after == analysis_on + _days(7 * after_weeks) else " (sick days only)"
            text = (
                f"{after_weeks} weeks after the probleemanalyse of {analysis_on}{gap} "
                f"(before {text})"
            )
    return _deadline(
        ctx,
        DeadlineKind.PLAN_OF_APPROACH,
        due=due,
        explanation=f"{text}; no Atw shift (ministeriële regeling)",
        since=since,
    )


def plan_evaluation(ctx: _Context, plan: Deadline) -> Deadline:
    """The next evaluation (and bijstelling) of the plan van aanpak, every 6 weeks at most.

    Legal basis: BW 7:658a lid 3 (parameter ``plan_evaluation_interval_weeks``).
    """
    weeks = ctx.p("plan_evaluation_interval_weeks").value
    facts = ctx.facts
    agreed = facts.last("plan_of_approach_agreed")
    evaluated = facts.last("plan_evaluated")
    last = max((d for d in (agreed, evaluated) if d is not None), default=None)
    if last is None:
        base, what = plan.due, f"the plan van aanpak deadline {plan.due} (no plan agreed yet)"
    else:
        base = last
        what = f"the last {'evaluation' if last == evaluated else 'plan van aanpak'} of {last}"
    due = base + _days(7 * weeks)
    text = f"{weeks} weeks after {what}"
    partial = [d for d, _ in facts.partial_resumptions if d >= base]
    if partial:
        text += f"; partial return to work on {partial[-1]}: bijstelling of the plan needed"
    return _deadline(ctx, DeadlineKind.PLAN_EVALUATION, due=due, explanation=text)


def uwv_sick_report(ctx: _Context) -> Deadline:
    """42nd-week report (ziekmelding) to UWV: the first werkdag after sick week 42.

    Legal basis: ZW art. 38 lid 1 (parameter ``uwv_sick_report_week``); a statutory term, so the
    Algemene termijnenwet moves it past weekends, holidays and equated days (Atw art. 1, 3).
    """
    weeks = ctx.p("uwv_sick_report_week").value
    legal, text = ctx.counted(7 * weeks + 1)
    roll = ctx.calendar.roll(legal, coverage=ctx.options.calendar_coverage)
    flags: list[str] = []
    if roll.moved:
        skipped = ", ".join(f"{d} {why}" for d, why in roll.skipped)
        text += f"; Atw: {skipped} → {roll.date}"
    else:
        text += "; a werkdag"
    if roll.uncovered_years:
        years = ", ".join(str(y) for y in roll.uncovered_years)
        flags.append(
            f"Atw: days equated to holidays for {years} are not yet published; "
            f"this date may move later if one is"
        )
    text = f"first werkdag after sick week {weeks} ({text})"
    due = roll.date
    ended = ctx.employment_ended_on
    if ended is not None and ended <= due and ctx.not_sick_from is None:
        # Sick when the employment ends: report at the latest on the last working day, so
        # that UWV can take over under the Ziektewet (wvp-timeline §1 #6).
        due = ctx.calendar.previous_working_day(ended - _DAY)
        text = f"employment ends {ended}: report on the last werkdag of the employment"
    # Required once all 42 weeks were sick: a recovery on day 295 itself still needs it.
    last_sick_week_day = legal - _DAY
    return _deadline(
        ctx,
        DeadlineKind.UWV_SICK_REPORT,
        due=due,
        legal_date=last_sick_week_day,
        explanation=text,
        extra_basis=(ctx.calendar.roll_reference.cite(),),
        flags=flags,
    )


def first_year_evaluation(ctx: _Context) -> Deadline:
    """Eerstejaarsevaluatie, in the window of sick weeks 46-52.

    Legal basis: Regeling procesgang eerste en tweede ziektejaar (parameters
    ``first_year_evaluation_window_start_week``, ``first_year_evaluation_week``).
    """
    first_week = ctx.p("first_year_evaluation_window_start_week").value
    last_week = ctx.p("first_year_evaluation_week").value
    start, _ = ctx.counted(7 * (first_week - 1) + 1)
    due, text = ctx.counted(7 * last_week)
    flags = []
    met = _met_on(ctx, DeadlineKind.FIRST_YEAR_EVALUATION)
    if met is not None and met < start:
        flags.append(f"held on {met}, before the window opened on {start} (week {first_week})")
    return _deadline(
        ctx,
        DeadlineKind.FIRST_YEAR_EVALUATION,
        due=due,
        window_start=start,
        explanation=f"window sick weeks {first_week}-{last_week}, ends on {text}",
        flags=flags,
    )


def _weeks_before_end(ctx: _Context, ewt: dt.date, weeks_left: int) -> dt.date:
    """'By sick week 104-k': the last day of that week, counted back from the end (EWT)."""
    return ewt - _days(7 * weeks_left + 1)


def reintegration_report(ctx: _Context, ewt: dt.date, ewt_text: str) -> Deadline:
    """Re-integratieverslag ready, and a copy given to the employee.

    Legal basis: WIA art. 25 lid 3. Practice (default): by the end of sick week 91, so that it
    can go with the WIA application; the 2005 text said 15 weeks before the end of the waiting
    period (option ``reintegration_report_deadline``).
    """
    waiting = ctx.p("waiting_period_weeks").value
    if ctx.options.reintegration_report_deadline == "statutory_2005":
        weeks_left = ctx.p("reintegration_report_weeks_before_end").value
        text = f"{weeks_left} weeks before the end of the waiting period ({ewt})"
    else:
        week = ctx.p("reintegration_report_week").value
        weeks_left = waiting - week
        text = f"end of sick week {week}, counted back from the end of the waiting period {ewt}"
    due = _weeks_before_end(ctx, ewt, weeks_left)
    flags = []
    if ctx.options.reintegration_report_deadline == "practice":
        strict_left = ctx.p("reintegration_report_weeks_before_end").value
        strict = _weeks_before_end(ctx, ewt, strict_left)
        flags.append(
            f"the 2005 text of WIA art. 25 lid 3 asks for it {strict_left} weeks before the end "
            f"of the waiting period: aim for {strict} (week {waiting - strict_left})"
        )
    return _deadline(
        ctx,
        DeadlineKind.REINTEGRATION_REPORT,
        due=due,
        explanation=f"{text} ({ewt_text}); no Atw shift (counted back from an event)",
        flags=flags,
    )


def wia_application(ctx: _Context, ewt: dt.date, ewt_text: str) -> Deadline:
    """WIA application by the employee: by the end of sick week 93 (11 weeks before the end).

    Legal basis: WIA art. 64 lid 3 (parameter ``wia_application_week``: week 91 before the
    Verzamelwet SZW 2013, week 93 since). Counted back from the end of the waiting period, so
    the Atw does not apply (art. 1 lid 2). A UWV letter sent after week 89 gives the employee
    until 4 weeks after the letter (WIA art. 64 lid 2-3; option ``late_wia_letter_extends``).
    """
    waiting = ctx.p("waiting_period_weeks").value
    week = ctx.p("wia_application_week").value
    weeks_left = waiting - week
    if ctx.options.wia_deadline == "weeks_before_end":
        due = ewt - _days(7 * weeks_left)
        text = f"{weeks_left} weeks before the end of the waiting period {ewt}"
    else:
        due = _weeks_before_end(ctx, ewt, weeks_left)
        text = f"end of sick week {week}, {weeks_left} weeks before the end of the waiting period"
    text += f" ({ewt_text})"
    letter = ctx.facts.wia_letter_on
    if letter is not None and ctx.options.late_wia_letter_extends:
        letter_week = ctx.p("uwv_wia_letter_week").value
        late_weeks = ctx.p("wia_late_letter_weeks").value
        threshold = _weeks_before_end(ctx, ewt, waiting - letter_week)
        if letter > threshold and letter + _days(7 * late_weeks) > due:
            due = letter + _days(7 * late_weeks)
            text += (
                f"; UWV letter of {letter} came after week {letter_week} ({threshold}): "
                f"{late_weeks} weeks after the letter"
            )
    return _deadline(
        ctx,
        DeadlineKind.WIA_APPLICATION,
        due=due,
        explanation=f"{text}; no Atw shift (counted back from an event)",
    )


def _informational(
    ctx: _Context, kind: DeadlineKind, due: dt.date, text: str, extra: Sequence[str] = ()
) -> Deadline:
    after_recovery = kind == DeadlineKind.RELAPSE_WINDOW_END
    used = ctx.take_used() + ([] if after_recovery else ctx.base_used)
    basis, version = _provenance(tuple(used), tuple(extra))
    return Deadline(
        kind=kind,
        due=due,
        window_start=None,
        legal_basis=basis,
        rule_version=version,
        explanation=text,
        status=_date_status(ctx, kind, due),
        met_on=None,
        flags=(),
    )


def waiting_period(
    ctx: _Context, ewt_base: dt.date, base_text: str, wia: Deadline
) -> tuple[Deadline, Deadline]:
    """Last day of wage payment and end of the waiting period (EWT, first possible WIA day).

    Legal basis: BW 7:629 lid 1 and WIA art. 23 (104 weeks, parameter
    ``waiting_period_weeks``); extended by a vrijwillige verlenging (WIA art. 24), a loonsanctie
    (WIA art. 25 lid 9, ended early after a bekorting) and a late WIA application (BW 7:629 lid
    11 sub a). A duration: never moved by the Atw.
    """
    last = ewt_base - _DAY
    text = base_text
    extra_basis: list[str] = []
    if wia.met_on is not None and wia.met_on > wia.due:
        delay = (wia.met_on - wia.due).days
        last += _days(delay)
        text += f"; WIA applied {delay} days late ({wia.met_on}): employer pays on"
        extra_basis.append("BW art. 7:629 lid 11 sub a (late WIA application)")
    imposed = sum(w for _, w in ctx.facts.sanctions)
    cap = ctx.p("wage_sanction_max_weeks").value
    sanction_weeks = min(imposed, cap)
    if imposed > cap:
        text += f"; loonsancties of {imposed} weeks together capped at {cap}"
    if sanction_weeks:
        base_last = last
        last += _days(7 * sanction_weeks)
        text += f"; loonsanctie +{sanction_weeks} weeks"
        extra_basis.append("WIA art. 25 lid 9 (loonsanctie)")
        shortened = ctx.facts.sanction_shortened_on
        if shortened is not None:
            weeks = ctx.p("wage_sanction_shortening_weeks").value
            end = max(base_last, min(last, shortened + _days(7 * weeks)))
            if end != last:
                last = end
                text += f"; bekorting granted {shortened}: sanction ends {weeks} weeks later"
    ewt = last + _DAY
    wage_text = f"day before the end of waiting period {ewt}"
    ended = ctx.employment_ended_on
    if ended is not None and ended <= last:
        # The wage obligation ends with the employment; the waiting period runs on (ZW).
        last = ended - _DAY
        wage_text = f"employment ended {ended}; the Ziektewet takes over"
        extra_basis.append("BW art. 7:629 (loon tijdens dienstverband)")
    return (
        _informational(ctx, DeadlineKind.LAST_WAGE_DAY, last, wage_text),
        _informational(
            ctx, DeadlineKind.WAITING_PERIOD_END, ewt, f"{text}; no Atw shift", extra_basis
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
    weeks = ctx.p("samentelling_gap_weeks").value
    leaves = list(ctx.facts.leaves) if ctx.options.wazo_leave_neutral else []
    due = last_joining_day(stop, 7 * weeks, leaves)
    how = "recovered" if ctx.facts.chain.last_period.ended_by == "recovered" else "on leave"
    return _informational(
        ctx,
        DeadlineKind.RELAPSE_WINDOW_END,
        due,
        f"not sick from {stop} ({how}): a relapse up to {due} joins the chain "
        f"(fewer than {7 * weeks} fit days)",
    )


def evaluate(
    facts: CaseFacts,
    *,
    as_of: dt.date,
    params: ParameterSet,
    options: RuleOptions,
    calendar: AtwCalendar,
) -> list[Deadline]:
    """All deadlines of the current chain, from already derived facts."""
    ctx = _Context(facts, params, options, calendar, as_of)
    pa = problem_analysis(ctx)
    pva = plan_of_approach(ctx, pa.met_on)
    evaluation = plan_evaluation(ctx, pva)
    ewt_base, ewt_text = ctx.ewt_base()
    ctx.base_used = ctx.take_used()
    wia = wia_application(ctx, ewt_base, ewt_text)
    last_wage, ewt = waiting_period(ctx, ewt_base, ewt_text, wia)
    deadlines = [
        pa,
        pva,
        evaluation,
        uwv_sick_report(ctx),
        first_year_evaluation(ctx),
        reintegration_report(ctx, ewt_base, ewt_text),
        wia,
        last_wage,
        ewt,
    ]
    relapse = relapse_window(ctx)
    if relapse is not None:
        deadlines.append(relapse)
    return deadlines


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
