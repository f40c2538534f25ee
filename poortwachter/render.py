"""People-facing text: deadlines as a table in Dutch (default) or English.

Dates carry their weekday, because a casemanager plans a conversation on a day, not on a
number; statuses say what to do; the legal basis sits on each row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from poortwachter.clock import AMSTERDAM
from poortwachter.rules.model import Deadline, DeadlineStatus
from poortwachter.views import TimelineEntry

__all__ = ["deadlines_table", "format_date", "status_text"]

_WEEKDAYS = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_STATUS = {
    "nl": {
        DeadlineStatus.UPCOMING: "komt nog",
        DeadlineStatus.DUE: "nu aan de orde",
        DeadlineStatus.MET: "gedaan {met}",
        DeadlineStatus.LATE: "te laat gedaan {met}",
        DeadlineStatus.MISSED: "gemist",
        DeadlineStatus.PASSED: "verstreken",
        DeadlineStatus.NOT_APPLICABLE: "niet van toepassing",
    },
    "en": {
        DeadlineStatus.UPCOMING: "upcoming",
        DeadlineStatus.DUE: "due now",
        DeadlineStatus.MET: "met {met}",
        DeadlineStatus.LATE: "late {met}",
        DeadlineStatus.MISSED: "missed",
        DeadlineStatus.PASSED: "passed",
        DeadlineStatus.NOT_APPLICABLE: "not applicable",
    },
}
_HEAD = {
    "nl": ("Moment", "Uiterlijk", "Vanaf", "Status", "Wettelijke basis"),
    "en": ("Moment", "Due", "From", "Status", "Legal basis"),
}
_TITLE = {
    "nl": "Termijnen voor {case} per {as_of}",
    "en": "Deadlines for {case} as of {as_of}",
}
_NOTES = {"nl": "Toelichting", "en": "Explanation"}


def format_date(day: dt.date, language: str = "nl") -> str:
    """'ma 27-10-2025' (nl) or 'Mon 2025-10-27' (en)."""
    weekday = _WEEKDAYS[language][day.weekday()]
    if language == "nl":
        return f"{weekday} {day:%d-%m-%Y}"
    return f"{weekday} {day.isoformat()}"


def status_text(deadline: Deadline, language: str = "nl") -> str:
    """The status in words, with the date it was done where there is one."""
    met = format_date(deadline.met_on, language) if deadline.met_on else ""
    return _STATUS[language][deadline.status].format(met=met).strip()


def deadlines_table(
    case_id: str, as_of: dt.date, deadlines: Sequence[Deadline], language: str = "nl"
) -> str:
    """A plain-text table (stable width, safe in pipes and logs) plus numbered explanations."""
    plan_word = "werkdag" if language == "nl" else "plan by"
    rows = [
        (
            f"{i}. {d.label(language)}",
            format_date(d.due, language)
            + (
                f" ({plan_word} {format_date(d.work_target, language)[:-5]})"
                if d.work_target
                else ""
            ),
            format_date(d.window_start, language) if d.window_start else "",
            status_text(d, language) + (" ⚠" if d.flags else ""),
            d.legal_basis,
        )
        for i, d in enumerate(deadlines, 1)
    ]
    head = _HEAD[language]
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(4)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cells[c].ljust(widths[c]) for c in range(4)) + "  " + cells[4]

    out = [_TITLE[language].format(case=case_id, as_of=format_date(as_of, language)), ""]
    out.append(line(head).rstrip())
    out.append("  ".join("-" * w for w in widths) + "  " + "-" * len(head[4]))
    out.extend(line(r).rstrip() for r in rows)
    out += ["", f"{_NOTES[language]}:"]
    for i, d in enumerate(deadlines, 1):
        out.append(f"{i}. {d.explanation} [{d.rule_version}]")
        out.extend(f"   ⚠ {flag}" for flag in d.flags)
    return "\n".join(out) + "\n"


#: Dutch names of the event types, for timelines people read.
EVENT_LABELS_NL: dict[str, str] = {
    "sick_reported": "Ziekmelding",
    "problem_analysis_completed": "Probleemanalyse gereed",
    "plan_of_approach_agreed": "Plan van aanpak vastgesteld",
    "plan_evaluated": "Plan van aanpak geëvalueerd",
    "work_partially_resumed": "Werk gedeeltelijk hervat",
    "recovered": "Hersteld",
    "maternity_leave": "Zwangerschaps-/bevallingsverlof",
    "uwv_sick_report_sent": "Ziekmelding UWV (42e week) gedaan",
    "first_year_evaluation_completed": "Eerstejaarsevaluatie gehouden",
    "reintegration_report_completed": "Re-integratieverslag gereed",
    "wia_applied": "WIA aangevraagd",
    "uwv_wia_letter_received": "UWV-brief WIA-aanvraag ontvangen",
    "wage_sanction_imposed": "Loonsanctie opgelegd",
    "wage_sanction_shortened": "Loonsanctie bekort",
    "waiting_period_extended": "Wachttijd vrijwillig verlengd",
    "spoor2_started": "Spoor 2 gestart",
    "casemanager_assigned": "Casemanager toegewezen",
    "employment_ended": "Dienstverband beëindigd",
    "case_closed": "Dossier gesloten",
    "event_corrected": "Correctie",
}


def event_label(event_type: str, language: str = "nl") -> str:
    """A person's name for an event type (English: the type itself, readable)."""
    if language == "nl":
        return EVENT_LABELS_NL.get(event_type, event_type)
    return event_type.replace("_", " ")


def timeline_text(case_id: str, entries: Sequence[TimelineEntry]) -> str:
    """The dossier's timeline for people: what happened, when it was recorded, by whom."""
    out = [f"Tijdlijn {case_id}", ""]
    for e in entries:
        details = ", ".join(
            f"{k}={v}"
            for k, v in e.payload.items()
            if k not in {"type", "effective"} and v is not None
        )
        line = f"#{e.seq:<3} {format_date(e.effective)}  {event_label(e.type)}"
        if details:
            line += f" ({details})"
        recorded = e.recorded_at.astimezone(AMSTERDAM)
        line += f"  — vastgelegd {recorded:%d-%m-%Y %H:%M} door {e.actor}"
        late = e.recorded_days_after_effective
        if late > 0:
            line += f", {late} {'dag' if late == 1 else 'dagen'} later"
        if e.corrected_by is not None:
            line += f"  [gecorrigeerd door #{e.corrected_by}]"
        out.append(line)
    return "\n".join(out) + "\n"
