"""People-facing text: deadlines as a table in Dutch (default) or English.

Dates carry their weekday, because a casemanager plans a conversation on a day, not on a
number; statuses say what to do; the legal basis sits on each row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from poortwachter.rules.model import Deadline, DeadlineStatus

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
    rows = [
        (
            f"{i}. {d.label(language)}",
            format_date(d.due, language),
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
