"""People-facing text: deadlines as a table in Dutch (default) or English.

Dates carry their weekday, because a casemanager plans a conversation on a day, not on a
number; statuses say what to do; the legal basis sits on each row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from poortwachter.clock import AMSTERDAM
from poortwachter.events import EVENT_TYPES
from poortwachter.rules.model import Deadline
from poortwachter.texts import Language, text
from poortwachter.views import TimelineEntry

__all__ = ["deadlines_table", "event_label", "format_date", "status_text", "timeline_text"]


def _lang(language: str) -> Language:
    return "en" if language == "en" else "nl"


def format_date(day: dt.date, language: str = "nl") -> str:
    """'ma 27-10-2025' (nl) or 'Mon 2025-10-27' (en)."""
    weekday = text("weekdays", _lang(language)).split()[day.weekday()]
    if language == "nl":
        return f"{weekday} {day:%d-%m-%Y}"
    return f"{weekday} {day.isoformat()}"


def status_text(deadline: Deadline, language: str = "nl") -> str:
    """The status in words, with the date it was done where there is one."""
    met = format_date(deadline.met_on, language) if deadline.met_on else ""
    return text("status." + deadline.status.value, _lang(language), met=met).strip()


def deadlines_table(
    case_id: str, as_of: dt.date, deadlines: Sequence[Deadline], language: str = "nl"
) -> str:
    """A plain-text table (stable width, safe in pipes and logs) plus numbered explanations."""
    lang = _lang(language)
    rows = [
        (
            f"{i}. {d.label(language)}",
            format_date(d.due, language)
            + (
                f" ({text('table.plan_on', lang, day=format_date(d.work_target, language)[:-5])})"
                if d.work_target
                else ""
            ),
            format_date(d.window_start, language) if d.window_start else "",
            status_text(d, language) + (" ⚠" if d.flags else ""),
            d.legal_basis,
        )
        for i, d in enumerate(deadlines, 1)
    ]
    head = tuple(text("table.head", lang).split("|"))
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(4)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cells[c].ljust(widths[c]) for c in range(4)) + "  " + cells[4]

    out = [text("table.title", lang, case=case_id, as_of=format_date(as_of, language)), ""]
    out.append(line(head).rstrip())
    out.append("  ".join("-" * w for w in widths) + "  " + "-" * len(head[4]))
    out.extend(line(r).rstrip() for r in rows)
    out += ["", f"{text('table.notes', lang)}:"]
    for i, d in enumerate(deadlines, 1):
        out.append(f"{i}. {d.explain(lang)} [{d.rule_version}]")
        out.extend(f"   ⚠ {flag}" for flag in d.flag_texts(lang))
    return "\n".join(out) + "\n"


def event_label(event_type: str, language: str = "nl") -> str:
    """A person's name for an event type, as its class declares it."""
    cls = EVENT_TYPES.get(event_type)
    if cls is None:
        return event_type.replace("_", " ")
    return cls.labels[1] if language == "en" else cls.labels[0]


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
