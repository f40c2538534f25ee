"""The moments added by issue 7, computed next to (not inside) the core deadlines.

:func:`add_process_moments` takes the core deadlines of :mod:`poortwachter.rules.deadlines` and
returns them with the art. 5 deviations applied (:mod:`poortwachter.rules.deviation`) and these
moments appended (docs/legal-basis.md §1 #22-#32):

- ``company_doctor_report``: report to the arbodienst in week 1 (practice, an option);
- ``safety_net_uwv_report`` and ``uwv_recovery_report``: the Ziektewet (vangnet) terms;
- ``spoor2_decision``, ``final_evaluation``, ``current_opinion``: year-2 steps and RIV parts;
- ``uwv_wia_letter_expected``: chase UWV's letter if it has not come by the end of week 89;
- ``sanction_objection``, ``sanction_shortening_decision``: the loonsanctie's follow-up;
- ``expert_opinion_answer``: when UWV's deskundigenoordeel is expected.

Pure like the rest of the rules: the same facts, law and as-of date give the same moments.
"""

from __future__ import annotations

import calendar as months
import datetime as dt
from collections.abc import Callable, Sequence

from poortwachter.events.process import SafetyNetCase
from poortwachter.rules.calendar import AtwCalendar
from poortwachter.rules.deviation import apply_deviations
from poortwachter.rules.facts import CaseFacts
from poortwachter.rules.messages import Msg, Seq
from poortwachter.rules.model import Deadline, DeadlineKind, DeadlineStatus
from poortwachter.rules.moment_context import Ends, MomentContext, earliest
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet

__all__ = ["SAFETY_NET_TERMS", "add_process_moments", "months_before"]

K = DeadlineKind
S = DeadlineStatus
_DAY = dt.timedelta(days=1)
#: Fixed article of the actueel oordeel (no parameter: its age is an option, §6.18).
CURRENT_OPINION_ARTICLE = "WIA art. 65 (actueel oordeel) (l)"
_NO_ATW_PRACTICE: Msg = ("moments.no_atw_practice",)
_NO_ATW_BACK: Msg = ("rules.no_atw_counted_back",)

#: Vangnet ground -> the parameter holding its UWV reporting term (docs/legal-basis.md §1 #23).
SAFETY_NET_TERMS: dict[str, str] = {
    "pregnancy_related": "safety_net_report_weeks",
    "no_risk_policy": "safety_net_report_weeks",
    "pregnancy_flex_period": "safety_net_report_sick_day",
    "after_maternity_leave": "safety_net_report_sick_day",
    "organ_donation": "safety_net_report_sick_day",
    "fictitious_employment": "safety_net_report_sick_day",
    "temp_agency_worker": "safety_net_report_agency_sick_day",
}


def months_before(day: dt.date, count: int) -> dt.date:
    """The same day ``count`` calendar months earlier, or the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 - count
    year, month = divmod(index, 12)
    month += 1
    if day.day <= 28:
        return dt.date(year, month, day.day)
    return dt.date(year, month, min(day.day, months.monthrange(year, month)[1]))


def _company_doctor(ctx: MomentContext) -> Deadline | None:
    """Report to the arbodienst/bedrijfsarts by the end of sick week 1: practice, not law."""
    if not ctx.options.moments.company_doctor_report:
        return None
    week = ctx.value("company_doctor_report_week")
    due, values, how = ctx.sick_day(7 * week.value)
    notes: tuple[Msg, ...] = (
        ("moments.company_doctor", week.value, Seq("; ", how)),
        _NO_ATW_PRACTICE,
    )
    met = ctx.facts.first("company_doctor_reported")
    analysis = ctx.facts.first("problem_analysis_completed")
    status: DeadlineStatus | None = None
    if met is None and analysis is not None and not ctx.ended("duty", due):
        # The bedrijfsarts' probleemanalyse shows the report was made: no reminder is left.
        notes = (*notes, ("moments.company_doctor_by_analysis", analysis))
        status = S.NOT_APPLICABLE
    return ctx.action(
        K.COMPANY_DOCTOR_REPORT, due, [week, *values], notes, met=met, ends="duty", status=status
    )


def _safety_net_case(facts: CaseFacts) -> SafetyNetCase | None:
    return next((e for e in facts.kept if isinstance(e, SafetyNetCase)), None)


def _safety_net_report(ctx: MomentContext) -> Deadline | None:
    """Vangnet: the shorter UWV reporting term of the case's legal ground (ZW art. 38), counted
    from the day the case became one (usually the first sick day); no Atw shift (§1 #23)."""
    case = _safety_net_case(ctx.facts)
    if case is None:
        return None
    term = ctx.value(SAFETY_NET_TERMS[case.ground])
    start = max(case.effective, ctx.chain.first_day)
    days = 7 * term.value if term.unit == "week" else term.value
    due = start + (days - 1) * _DAY
    what: Msg = (f"moments.ground.{case.ground}",)
    unit = "moments.term_weeks" if term.unit == "week" else "moments.term_day"
    notes = ((unit, what, term.value, start), ("moments.no_atw_safety_net",))
    met = ctx.facts.first("uwv_sick_report_sent")
    return ctx.action(K.SAFETY_NET_UWV_REPORT, due, [term], notes, met=met, ends="case")


def _recovery_report(ctx: MomentContext) -> Deadline | None:
    """Ziektewet cases: report the recovery to UWV within 2 days (ZW art. 38a lid 5, Atw).

    The latest recovery of the chain counts. A relapse that joins the chain later does not
    erase a report that had already fallen due (issue 7 fix 4); one that comes before the
    term ran out does (the employee is sick again and reported as such)."""
    if _safety_net_case(ctx.facts) is None:
        return None
    periods = ctx.chain.periods
    index = next(
        (i for i in range(len(periods) - 1, -1, -1) if periods[i].ended_by == "recovered"), None
    )
    if index is None:
        return None
    period = periods[index]
    assert period.end is not None  # a recovered period has ended
    recovered = period.end + _DAY
    term = ctx.value("uwv_recovery_report_days")
    due, extra, rolled, flags = ctx.roll(recovered + term.value * _DAY)
    relapse = periods[index + 1].start if index + 1 < len(periods) else None
    if relapse is not None and relapse <= due:
        return None
    notes = (("moments.recovery_report", term.value, recovered), *rolled)
    met = ctx.facts.first("uwv_recovery_report_sent", on_or_after=period.start)
    if met is not None and relapse is not None and met >= relapse:
        met = None  # that report is about a later recovery
    return ctx.action(
        K.UWV_RECOVERY_REPORT, due, [term], notes, met=met, ends="case", extra=extra, flags=flags
    )


def _spoor2_decision(ctx: MomentContext) -> Deadline:
    """Decide on spoor 2 within 6 weeks after the eerstejaarsevaluatie (BW 7:658a lid 1; UWV
    guidance); while none was held, counted from its deadline."""
    weeks = ctx.value("spoor2_decision_weeks")
    held = ctx.facts.first("first_year_evaluation_completed")
    if held is not None:
        base, values = held, [weeks]
        how: Msg = ("moments.spoor2_after_evaluation", weeks.value, held)
    else:
        week = ctx.value("first_year_evaluation_week")
        base, gap_values, counted = ctx.sick_day(7 * week.value)
        values = [week, *gap_values, weeks]
        how = ("moments.spoor2_after_deadline", weeks.value, base, Seq("; ", counted))
    facts = ctx.facts
    met = earliest(facts.first("spoor2_decided"), facts.first("spoor2_started"))
    due = base + 7 * weeks.value * _DAY
    return ctx.action(K.SPOOR2_DECISION, due, values, (how, _NO_ATW_PRACTICE), met=met, ends="duty")


#: Explanation key of each counted-back moment (avoids the enum's ``.value`` per call).
_COUNTED_BACK: dict[DeadlineKind, str] = {
    K.FINAL_EVALUATION: "moments.final_evaluation",
    K.UWV_WIA_LETTER_EXPECTED: "moments.uwv_wia_letter_expected",
}


def _counted_back(
    ctx: MomentContext, kind: DeadlineKind, param: str, met: dt.date | None, ends: Ends
) -> Deadline:
    """A moment at the end of sick week *n*, counted back from the (extended) end of the
    waiting period like the RIV and the WIA application: eindevaluatie, UWV letter.

    When *n* changed while the term runs (the UWV letter moved from week 87 to 89 on
    2013-07-01), the moment is flagged with both dates like the core deadlines (§6.15), and
    ``parameters_on="term_end"`` takes the law in force on the day the term runs out."""
    week = ctx.value(param)
    end, values, extra, how = ctx.waiting_end()
    wait = ctx.value("waiting_period_weeks").value
    due, fell = _week_due(ctx, week.value, end, wait)
    flags: tuple[Msg, ...] = ()
    at_end = ctx.params.at(param, due)
    if at_end is not week:
        other, (other_due, other_fell) = at_end, _week_due(ctx, at_end.value, end, wait)
        mode = ctx.options.parameters_on
        if mode == "term_end" and ctx.params.at(param, other_due) is other:
            week, other, due, other_due, fell = other, week, other_due, due, other_fell
        if other_due != due:
            newer = max(week, other, key=lambda v: v.since)
            change = (
                "rules.law_change",
                newer.reference.article,
                newer.since,
                newer.reference.href,
            )
            flags = ((f"rules.flag_law_changed_{mode}", Seq("; ", (change,)), due, other_due),)
    notes: tuple[Msg, ...] = ((_COUNTED_BACK[kind], week.value, end, Seq("; ", how)), _NO_ATW_BACK)
    if fell:
        notes = (*notes, ("moments.fell_due", week.value, due))
    return ctx.action(
        kind, due, [*values, week], notes, met=met, ends=ends, extra=extra, flags=flags
    )


def _week_due(ctx: MomentContext, week: int, end: dt.date, wait: int) -> tuple[dt.date, bool]:
    """The end of sick week ``week`` counted back from ``end``, and whether it fell due before
    a later gap. Issue 7 fix 4: a moment whose sick week was complete before a later recovery
    stays due when a relapse joins the chain; only the fit days *before* it move it (§2.1
    rule 5). With one period there is no later gap: nothing to check."""
    due = end - (7 * (wait - week) + 1) * _DAY
    if len(ctx.chain.periods) > 1:
        extended = sum(w for _, w in ctx.facts.extensions)
        reached = ctx.chain.day(7 * week) + 7 * extended * _DAY
        if reached < due:
            return reached, True
    return due, False


def _current_opinion(ctx: MomentContext, wia: Deadline, report: Sequence[Deadline]) -> Deadline:
    """The bedrijfsarts' actueel oordeel must be in the RIV and not older than the chosen
    maximum at the WIA application (advice; WIA art. 65; §6.18): a window before it. It is due
    before the verslag and the eindevaluatie it belongs in (``report``, the default of option
    ``moments.current_opinion_due``), or, by the other option, at the application itself."""
    age = ctx.options.moments.current_opinion_max_age_months
    reference = wia.met_on or wia.due
    # Never before the first sick day: an opinion from before the sickness cannot be current.
    window = max(months_before(reference, age), ctx.chain.first_day)
    given = ctx.facts.milestones.get("current_opinion_given", ())
    inside = [d for d in given if window <= d <= reference]
    met = inside[-1] if inside else next((d for d in given if d > reference), None)
    key = "moments.opinion_applied" if wia.met_on else "moments.opinion_deadline"
    notes: tuple[Msg, ...] = ((key, age, reference, window),)
    flags: tuple[Msg, ...] = ()
    older = [d for d in given if d < window]
    if older and not inside:
        flags = (("moments.flag_opinion_old", older[-1], age, reference),)
    due, cites = reference, [wia]
    if ctx.options.moments.current_opinion_due == "report" and report:
        part_of = min(report, key=lambda d: d.due)
        if part_of.due < due:
            due, cites = part_of.due, [wia, part_of]
            notes = (*notes, ("moments.opinion_before_report", due))
    cited = _opinion_citations(tuple((d.legal_basis, d.rule_version) for d in cites))
    return ctx.action(
        K.CURRENT_OPINION,
        due,
        (),
        notes,
        met=met,
        ends="duty",
        window=min(window, due),
        flags=flags,
        cited=cited,
    )


#: The actueel oordeel's citations per combination of the moments it follows, memoised: the
#: same few combinations recur for every case.
_OPINION_CITES: dict[tuple[tuple[str, str], ...], tuple[str, str]] = {}


def _opinion_citations(cites: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """(legal basis, rule version) of the moments followed plus WIA art. 65, each part once."""
    found = _OPINION_CITES.get(cites)
    if found is None:
        bases = dict.fromkeys(p for basis, _ in cites for p in basis.split("; ") if p)
        bases[CURRENT_OPINION_ARTICLE] = None
        versions = {p for _, version in cites for p in version.split(", ") if p}
        if len(_OPINION_CITES) > 10_000:
            _OPINION_CITES.clear()
        found = _OPINION_CITES[cites] = ("; ".join(bases), ", ".join(sorted(versions)))
    return found


def _sanction_objection(ctx: MomentContext) -> Deadline | None:
    """Bezwaar against the latest loonsanctie: 6 weeks from the day after the decision (Awb
    art. 6:7-6:8), moved by the Atw."""
    if not ctx.facts.sanctions:
        return None
    decided = ctx.facts.sanctions[-1][0]
    weeks = ctx.value("sanction_objection_weeks")
    due, extra, rolled, flags = ctx.roll(decided + 7 * weeks.value * _DAY)
    notes = (("moments.objection", weeks.value, decided), *rolled)
    met = ctx.facts.first("sanction_objection_filed", on_or_after=decided)
    return ctx.action(
        K.SANCTION_OBJECTION, due, [weeks], notes, met=met, ends="case", extra=extra, flags=flags
    )


def _shortening_decision(ctx: MomentContext) -> Deadline | None:
    """UWV decides on a bekortingsverzoek within 3 weeks (WIA art. 25 (m)), moved by the Atw."""
    asked = ctx.facts.last("wage_sanction_shortening_requested")
    if asked is None:
        return None
    weeks = ctx.value("wage_sanction_shortening_decision_weeks")
    due, extra, rolled, flags = ctx.roll(asked + 7 * weeks.value * _DAY)
    notes = (("moments.shortening", weeks.value, asked), *rolled)
    granted = ctx.facts.sanction_shortened_on
    met = earliest(
        granted if granted is not None and granted >= asked else None,
        ctx.facts.first("wage_sanction_shortening_refused", on_or_after=asked),
    )
    return ctx.action(
        K.SANCTION_SHORTENING_DECISION,
        due,
        [weeks],
        notes,
        met=met,
        ends="case",
        extra=extra,
        flags=flags,
    )


def _expert_opinion(ctx: MomentContext) -> Deadline | None:
    """When UWV's deskundigenoordeel is expected: 4 weeks after the latest request (UWV
    practice, BW 7:629a); a reminder to chase, not a legal term."""
    asked = ctx.facts.last("expert_opinion_requested")
    if asked is None:
        return None
    weeks = ctx.value("expert_opinion_answer_weeks")
    due = asked + 7 * weeks.value * _DAY
    notes = (("moments.expert_opinion", weeks.value, asked), _NO_ATW_PRACTICE)
    met = ctx.facts.first("expert_opinion_received", on_or_after=asked)
    return ctx.action(K.EXPERT_OPINION_ANSWER, due, [weeks], notes, met=met, ends="case")


_OPTIONAL: tuple[Callable[[MomentContext], Deadline | None], ...] = (
    _company_doctor,
    _safety_net_report,
    _recovery_report,
    _sanction_objection,
    _shortening_decision,
    _expert_opinion,
)


def add_process_moments(
    deadlines: list[Deadline],
    facts: CaseFacts,
    *,
    as_of: dt.date,
    params: ParameterSet,
    options: RuleOptions,
    calendar: AtwCalendar,
) -> list[Deadline]:
    """The core ``deadlines`` with art. 5 deviations applied and the issue 7 moments added."""
    ctx = MomentContext(facts, as_of=as_of, params=params, options=options, calendar=calendar)
    out = apply_deviations(deadlines, ctx)
    out.append(_spoor2_decision(ctx))
    held = facts.first("final_evaluation_completed")
    final = _counted_back(ctx, K.FINAL_EVALUATION, "final_evaluation_week", held, "duty")
    out.append(final)
    # UWV's letter: chased until it came; no longer expected once the employee recovered.
    letter = facts.wia_letter_on
    out.append(
        _counted_back(ctx, K.UWV_WIA_LETTER_EXPECTED, "uwv_wia_letter_week", letter, "sickness")
    )
    wia = riv = None
    for d in out:
        if d.kind is K.WIA_APPLICATION:
            wia = d
        elif d.kind is K.REINTEGRATION_REPORT:
            riv = d
    if wia is not None:
        # The actueel oordeel is part of the verslag and the basis of the eindevaluatie.
        report = (final,) if riv is None else (riv, final)
        out.append(_current_opinion(ctx, wia, report))
    for moment in _OPTIONAL:
        found = moment(ctx)
        if found is not None:
            out.append(found)
    return out
