"""Terms that run across a change of the law (docs/legal-basis.md §6.15).

A case's deadlines are computed under one law, a compiled :class:`~poortwachter.rules.plan.Plan`
(by default the law in force on the chain's first day). When a value a deadline rests on
changed between the start of its term and the day it runs out (the WIA application moved from
week 91 to week 93 on 1 July 2013), the other law gives another date. Both are shown: the
deadline gets a flag with both dates and the reference of each change, and under
``parameters_on="term_end"`` the law in force on the day the term runs out decides.

Only reached when some value changed within the case's dates; for most cases
:func:`~poortwachter.rules.plan.covers` says no and this costs nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from poortwachter.rules.calendar import AtwCalendar
from poortwachter.rules.messages import Msg, Seq
from poortwachter.rules.model import Deadline, DeadlineKind, make_deadline
from poortwachter.rules.options import RuleOptions
from poortwachter.rules.parameters import ParameterSet
from poortwachter.rules.plan import Plan, plan_for

__all__ = ["LawChanges"]


class LawChanges:
    """Terms that run across a change of the law: flagged with both dates (§6.15), and under
    ``parameters_on="term_end"`` computed with the law in force on the day they run out."""

    def __init__(
        self,
        plan: Plan,
        moments: Callable[[Plan], list[Deadline]],
        params: ParameterSet,
        options: RuleOptions,
        calendar: AtwCalendar,
    ) -> None:
        self.params, self.options, self.calendar = params, options, calendar
        self.plan, self.moments = plan, moments
        #: The deadlines by kind under each plan looked at (plans are shared, so by identity).
        self.results: dict[int, dict[DeadlineKind, Deadline]] = {}

    def under(self, plan: Plan) -> dict[DeadlineKind, Deadline]:
        found = self.results.get(id(plan))
        if found is None:
            deadlines = self.moments(plan)
            found = self.results[id(plan)] = {d.kind: d for d in deadlines}
        return found

    def law_on(self, day: dt.date) -> Plan:
        return plan_for(self.params, self.options, self.calendar, day)

    def apply(self, deadlines: list[Deadline]) -> list[Deadline]:
        mode = self.options.parameters_on
        plan = self.plan
        out = []
        for used in deadlines:
            end_plan = self.law_on(used.due)
            if end_plan is plan:
                out.append(used)
                continue
            other = self.under(end_plan)[used.kind]
            if mode == "term_end":
                # The law on the day the term runs out (a few steps at most: values only
                # change on a handful of dates).
                for _ in range(4):
                    nxt = self.law_on(other.due)
                    if nxt is end_plan:
                        break
                    end_plan, other = nxt, self.under(nxt)[used.kind]
                used, other = other, used
            if used.due == other.due:
                out.append(used)
                continue
            flag: Msg = (
                f"rules.flag_law_changed_{mode}",
                self.changes(used, other),
                used.due,
                other.due,
            )
            out.append(_flagged(used, flag))
        return out

    def changes(self, one: Deadline, two: Deadline) -> Seq:
        """The changed values of the law, with the date and the reference of each change."""
        a, b = set(one.rule_version.split(", ")), set(two.rule_version.split(", "))
        names = sorted({v.split("@")[0] for v in a ^ b})
        notes: list[Msg] = []
        for name in names:
            since = max(
                dt.date.fromisoformat(v.split("@")[1]) for v in a ^ b if v.startswith(name + "@")
            )
            ref = self.params.at(name, since).reference
            notes.append(("rules.law_change", ref.article, since, ref.href))
        return Seq("; ", tuple(notes))


def _flagged(deadline: Deadline, flag: Msg) -> Deadline:
    d = deadline
    return make_deadline(
        d.kind,
        d.due,
        d.window_start,
        d.work_target,
        d.legal_basis,
        d.rule_version,
        d.status,
        d.met_on,
        d.notes,
        (*d.warnings, flag),
    )
