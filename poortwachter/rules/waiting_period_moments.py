"""The moments of the waiting period's end: re-integratieverslag, WIA application, last wage day,
end of the waiting period, and the relapse window after a recovery.

All count back from (or run on from) the end of the waiting period, :class:`WaitingBase`, so
the Atw never moves them (a term counted back, or a duration); only a late UWV letter's forward
term rolls (:func:`~poortwachter.rules.atw_terms.forward_term`).
"""

from __future__ import annotations

import datetime as dt

from poortwachter.rules.atw_terms import forward_term
from poortwachter.rules.citations import EMPLOYMENT_WAGE, EXTENSION, LATE_WIA
from poortwachter.rules.counted_case import ACTION_SPEC, CountedCase
from poortwachter.rules.messages import Msg, Seq
from poortwachter.rules.model import Deadline, DeadlineKind
from poortwachter.rules.periods import last_joining_day
from poortwachter.rules.plan import BIT

__all__ = [
    "WaitingBase",
    "reintegration_report",
    "relapse_window",
    "waiting_period",
    "wia_application",
]

K = DeadlineKind
_RIV, _WIA = ACTION_SPEC[K.REINTEGRATION_REPORT], ACTION_SPEC[K.WIA_APPLICATION]
_NO_ATW_COUNTED_BACK: Msg = ("rules.no_atw_counted_back",)
_NO_ATW_DURATION: Msg = ("rules.no_atw_duration",)
_GAP = BIT["samentelling_gap_weeks"]
_WAIT = BIT["waiting_period_weeks"]
_day = dt.date.fromordinal


class WaitingBase:
    """End of the waiting period before sanctions and late-application delays."""

    __slots__ = ("day", "extra", "how", "mask")

    def __init__(self, case: CountedCase) -> None:
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


def reintegration_report(case: CountedCase, base: WaitingBase) -> Deadline:
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


def wia_application(case: CountedCase, base: WaitingBase) -> tuple[Deadline, int, tuple[str, ...]]:
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


def _sanctioned(case: CountedCase, last: int, notes: list[Msg]) -> tuple[int, int]:
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


def waiting_period(
    case: CountedCase, base: WaitingBase, wia: Deadline, wia_mask: int, wia_extra: tuple[str, ...]
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


def _split_note(case: CountedCase) -> Msg:
    """Why this chain began anew instead of continuing the previous one: the 4-week rule, or
    another cause directly after a Wazo leave."""
    chain = case.facts.chain
    if chain.previous_split == "other_cause":
        return ("rules.split_other_cause", chain.previous_first_day, case.first)
    gap = chain.previous_gap_days
    limit = 7 * case.plan.gap_weeks
    return ("rules.split_gap", chain.previous_first_day, case.first, gap, limit)


def relapse_window(case: CountedCase) -> Deadline | None:
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
