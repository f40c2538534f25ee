"""People-facing text: deadlines, the agenda and the case list in Dutch (default) or English.

Dates carry their weekday, because a casemanager plans a conversation on a day, not on a
number; statuses say what to do; the legal basis sits on each row. Rows come by date. The
agenda and the case list are rendered line by line from a stream, so a long list is never held
in memory: column widths are taken from the first rows of each table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING

from poortwachter.clock import AMSTERDAM
from poortwachter.events import EVENT_TYPES
from poortwachter.rules.model import Deadline
from poortwachter.texts import MESSAGES, Language, text
from poortwachter.views import AgendaItem, CaseSummary, PlannedAction, TimelineEntry

if TYPE_CHECKING:
    from poortwachter.store.models import IntegrityIssue

__all__ = [
    "agenda_text",
    "case_list_text",
    "deadlines_table",
    "event_label",
    "format_date",
    "issue_text",
    "next_step_text",
    "status_text",
    "timeline_text",
]

#: Rows whose widths set a streamed table's columns; later rows keep those widths.
_WIDTH_ROWS = 200


def _lang(language: str) -> Language:
    return "en" if language == "en" else "nl"


def format_date(day: dt.date, language: str = "nl") -> str:
    """'ma 27-10-2025' (nl) or 'Mon 2025-10-27' (en)."""
    weekday = text("weekdays", _lang(language)).split()[day.weekday()]
    if language == "nl":
        return f"{weekday} {day:%d-%m-%Y}"
    return f"{weekday} {day.isoformat()}"


def _short_date(day: dt.date, language: Language) -> str:
    """A date beside another date of the same row: 'vr 06-03' (nl); English keeps the whole
    ISO date ('Fri 2026-03-06'), whose year cannot be cut without cutting the day."""
    if language == "nl":
        return format_date(day, language)[:-5]
    return format_date(day, language)


def status_text(deadline: Deadline, language: str = "nl") -> str:
    """The status in words, with the date it was done where there is one."""
    met = format_date(deadline.met_on, language) if deadline.met_on else ""
    return text("status." + deadline.status.value, _lang(language), met=met).strip()


def deadlines_table(
    case_id: str,
    as_of: dt.date,
    deadlines: Sequence[Deadline],
    language: str = "nl",
    *,
    soon: frozenset[str] = frozenset(),
) -> str:
    """A plain-text table (stable width, safe in pipes and logs) plus numbered explanations.

    Rows are by due date (moments due on one day in legal order); an upcoming moment whose kind
    is in ``soon`` reads "binnenkort" instead of "komt nog".
    """
    lang = _lang(language)
    deadlines = sorted(deadlines, key=lambda d: d.due)
    soon_word = text("plan_status.soon", lang)
    rows = [
        (
            f"{i}. {d.label(language)}",
            format_date(d.due, language)
            + (
                f" ({text('table.plan_on', lang, day=_short_date(d.work_target, lang))})"
                if d.work_target
                else ""
            ),
            format_date(d.window_start, language) if d.window_start else "",
            (
                soon_word
                if d.kind.value in soon and d.status.value == "upcoming"
                else status_text(d, language)
            )
            + (" ⚠" if d.flags else ""),
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


def _detail(value: object, language: Language) -> str:
    """A payload value for people: a participant as 'emp-1 (werknemer)', a list joined by
    '; ', a nested object as 'key: value'; never a Python repr."""
    if isinstance(value, dict):
        ref, role = value.get("ref"), value.get("role")
        if isinstance(ref, str) and isinstance(role, str):
            key = f"role.{role}"
            return f"{ref} ({text(key, language) if key in MESSAGES else role})"
        inner = ", ".join(f"{k}: {_detail(v, language)}" for k, v in value.items() if v is not None)
        return "{" + inner + "}"
    if isinstance(value, list | tuple):
        return "[" + "; ".join(_detail(item, language) for item in value) + "]"
    return str(value)


def timeline_text(case_id: str, entries: Sequence[TimelineEntry], language: str = "nl") -> str:
    """The dossier's timeline for people: what happened, when it was recorded, by whom."""
    lang = _lang(language)
    out = [text("timeline.title", lang, case=case_id), ""]
    for e in entries:
        details = ", ".join(
            f"{k}={_detail(v, lang)}"
            for k, v in e.payload.items()
            if k not in {"type", "effective"} and v is not None
        )
        line = f"#{e.seq:<3} {format_date(e.effective, lang)}  {event_label(e.type, lang)}"
        if details:
            line += f" ({details})"
        recorded = e.recorded_at.astimezone(AMSTERDAM)
        line += text(
            "timeline.recorded",
            lang,
            at=f"{recorded:%d-%m-%Y %H:%M}" if lang == "nl" else f"{recorded:%Y-%m-%d %H:%M}",
            actor=e.actor,
        )
        late = e.recorded_days_after_effective
        if late > 0:
            line += text("timeline.later_one" if late == 1 else "timeline.later", lang, days=late)
        if e.corrected_by is not None:
            line += text("timeline.corrected_by", lang, seq=e.corrected_by)
        out.append(line)
    return "\n".join(out) + "\n"


def issue_text(issue: IntegrityIssue, language: str = "nl") -> str:
    """One integrity finding in ``language``: the case, the event, the kind, where, the detail."""
    lang = _lang(language)
    at = text("integrity.issue_at", lang, seq=issue.seq) if issue.seq is not None else ""
    where = ".".join(p for p in (issue.projection, issue.field) if p)
    return text(
        "integrity.issue",
        lang,
        case=repr(issue.case_id),
        at=at,
        kind=issue.kind,
        where=f" [{where}]" if where else "",
        detail=issue.detail,
    )


def next_step_text(step: PlannedAction | None, language: str = "nl") -> str:
    """One line: the next legal step, the working day to plan on, its due date and status."""
    lang = _lang(language)
    if step is None:
        return text("next_step.none", lang)
    window = ""
    if step.window_start is not None:
        window = text("next_step.window", lang, start=format_date(step.window_start, language))
    return text(
        "next_step.line",
        lang,
        label=step.label,
        plan_on=format_date(step.plan_on, language),
        due=format_date(step.due, language),
        window=window,
        status=step.status_label,
    )


def _table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """Aligned lines (two spaces between columns), widths from the first rows; streamed."""
    it = iter(rows)
    first = list(islice(it, _WIDTH_ROWS))
    widths = [max(len(row[c]) for row in [head, *first]) for c in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    yield line(head)
    yield "  ".join("-" * w for w in widths)
    for row in chain(first, it):
        yield line(row)


def _agenda_row(item: AgendaItem, language: str) -> tuple[str, ...]:
    return (
        format_date(item.plan_on, language),
        format_date(item.due, language),
        format_date(item.window_start, language) if item.window_start else "",
        item.label,
        item.status_label,
        item.case_id,
        item.employee_ref,
        item.casemanager or "-",
    )


def agenda_text(
    items: Iterable[AgendaItem],
    *,
    casemanager: str | None,
    today: dt.date,
    start: dt.date,
    end: dt.date | None,
    soon_days: int,
    soon_until: dt.date,
    language: str = "nl",
) -> Iterator[str]:
    """The agenda as lines: overdue actions first (their own section), then the period.

    ``items`` are :meth:`Engine.iter_agenda`'s: the overdue ones first. Streamed line by line.
    """
    lang = _lang(language)
    day = format_date
    who = casemanager if casemanager is not None else text("agenda.everyone", lang)
    yield text("agenda.title", lang, who=who, today=day(today, language))
    yield text("agenda.soon_note", lang, days=soon_days, until=day(soon_until, language))
    head = text("agenda.columns", lang).split("|")
    it = iter(items)
    pending = next(it, None)
    counts = [0, 0]

    def section(overdue: bool) -> Iterator[tuple[str, ...]]:
        nonlocal pending
        while pending is not None and (not overdue or pending.overdue):
            counts[0 if overdue else 1] += 1
            yield _agenda_row(pending, language)
            pending = next(it, None)

    for overdue in (True, False):
        yield ""
        if overdue:
            yield text("agenda.overdue_head", lang)
        elif end is None:
            yield text("agenda.window_open", lang, start=day(start, language))
        else:
            yield text(
                "agenda.window_head", lang, start=day(start, language), end=day(end, language)
            )
        rows = section(overdue)
        first = next(rows, None)
        if first is None:
            yield text("agenda.none_overdue" if overdue else "agenda.none_window", lang)
            continue
        yield from _table(head, chain([first], rows))
    yield ""
    yield text("agenda.total", lang, overdue=counts[0], window=counts[1])


def case_list_text(summaries: Iterable[CaseSummary], language: str = "nl") -> Iterator[str]:
    """The case list as lines, one case per line with its next step; streamed."""
    lang = _lang(language)
    count = 0

    def rows() -> Iterator[tuple[str, ...]]:
        nonlocal count
        for case in summaries:
            count += 1
            step = case.next_step
            yield (
                case.case_id,
                case.employee_ref,
                case.casemanager or "-",
                case.state_label,
                step.label if step else "-",
                format_date(step.plan_on, language) if step else "",
                format_date(step.due, language) if step else "",
                step.status_label if step else "",
            )

    it = rows()
    first = next(it, None)
    if first is None:
        yield text("case_list.none", lang)
        return
    yield from _table(text("case_list.columns", lang).split("|"), chain([first], it))
    yield ""
    yield (
        text("case_list.total_one", lang)
        if count == 1
        else text("case_list.total", lang, count=count)
    )
