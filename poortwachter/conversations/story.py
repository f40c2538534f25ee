"""The story of a case: legal moments, conversations, agreements and notes in one timeline.

``case show`` and the export read a case as it went: the sick report, the conversation in which
an agreement was made, the agreement missed and renewed, the pattern that became visible, the
legal moments with their due dates, the recovery, the werkbalansgesprek and its follow-ups, and
a relapse inside the window linked to it. Dutch by default, English on request; the texts come
from :mod:`poortwachter.texts.conversations`. Corrected events are shown as corrected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from poortwachter.conversations.fold import ConversationFold
from poortwachter.events import EVENT_TYPES, trusted_event
from poortwachter.render import format_date, status_text
from poortwachter.rules.model import Deadline, DeadlineStatus
from poortwachter.texts import MESSAGES, Language, text
from poortwachter.views import TimelineEntry

__all__ = ["story_lines", "story_text"]

Line = tuple[dt.date, int, int, str]


def _who(parts: Sequence[dict[str, str]], lang: Language) -> str:
    if not parts:
        return text("story.nobody", lang)
    return ", ".join(f"{p['ref']} ({text('role.' + p['role'], lang)})" for p in parts)


def _code(value: str | None, lang: Language) -> str:
    """A code of the vocabulary in words (the code itself when it has none)."""
    if value is None:
        return "-"
    key = "code." + value
    return text(key, lang) if key in MESSAGES else value


def _local(instant: str, lang: Language) -> str:
    """A stored instant as written in the reader's language: '10-03-2026 10:00 (+0100)' (nl),
    '2026-03-10 10:00 (+0100)' (en)."""
    moment = dt.datetime.fromisoformat(instant)
    day = f"{moment:%d-%m-%Y}" if lang == "nl" else f"{moment:%Y-%m-%d}"
    return f"{day} {moment:%H:%M} ({moment:%z})"


def _day(value: object, lang: Language) -> str:
    """A stored date (ISO text or a date) as the rest of the output writes dates."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return format_date(day, lang)


def _contact(p: dict[str, Any], lang: Language) -> str:
    kind = p["type"]
    if kind == "contact_planned":
        line = text(
            "story.contact_planned",
            lang,
            id=p["contact_id"],
            at=_local(p["at"], lang),
            form=_code(p["form"], lang),
            who=_who(p["participants"], lang),
            purpose=p["purpose"],
        )
        if p.get("prepares"):
            moment = text("kind." + p["prepares"], lang)
            line += " — " + text("story.prepares", lang, moment=moment)
        return line
    if kind == "contact_moved":
        return text(
            "story.contact_moved",
            lang,
            id=p["contact_id"],
            at=_local(p["at"], lang),
            reason=_code(p["reason"], lang),
        )
    if kind == "contact_cancelled":
        return text(
            "story.contact_cancelled", lang, id=p["contact_id"], reason=_code(p["reason"], lang)
        )
    return text(
        "story.contact_held",
        lang,
        id=p["contact_id"],
        form=_code(p.get("form"), lang),
        who=_who(p.get("participants") or [], lang),
        summary=p["summary"],
    )


def _agreement(p: dict[str, Any], lang: Language) -> str:
    kind, aid = p["type"], p["agreement_id"]
    if kind == "agreement_made":
        return text(
            "story.agreement_made",
            lang,
            id=aid,
            owner=_who([p["owner"]], lang),
            action=p["action"],
            due=_day(p["due"], lang),
        )
    if kind == "agreement_missed":
        line = text("story.agreement_missed", lang, id=aid, reason=_code(p["reason"], lang))
        if p.get("new_due"):
            line += "; " + text("story.agreement_renewed", lang, due=_day(p["new_due"], lang))
        return line
    if kind == "agreement_withdrawn":
        return text("story.agreement_withdrawn", lang, id=aid, reason=_code(p["reason"], lang))
    if kind == "agreement_acknowledged":
        return text(
            "story.agreement_acknowledged",
            lang,
            id=aid,
            who=_who([p["by"]], lang),
            how=_code(p["how"], lang),
        )
    return text("story.agreement_kept", lang, id=aid)


def _other(p: dict[str, Any], lang: Language) -> str:
    kind = p["type"]
    if kind == "progress_noted":
        line = text(
            "story.progress_noted",
            lang,
            observations=", ".join(_code(o, lang) for o in p["observations"]),
        )
        return line + (f" — {p['note']}" if p.get("note") else "")
    if kind == "contact_cadence_agreed":
        every = p["every"] * (5 if p.get("unit", "weeks") == "weeks" else 1)
        roles = ", ".join(text("role." + r, lang) for r in p["with_roles"])
        return text("story.cadence", lang, id=p["cadence_id"], every=every, roles=roles)
    if kind == "quiet_period_agreed":
        return text(
            "story.quiet", lang, start=p["start"], end=p["end"], reason=_code(p["reason"], lang)
        )
    return text(
        "story.handover",
        lang,
        previous=p["previous"],
        casemanager=p["casemanager"],
        reason=_code(p["reason"], lang),
    )


def _werkbalans(p: dict[str, Any], lang: Language) -> list[str]:
    acknowledged = ", ".join(a["by"]["ref"] for a in p.get("acknowledgements", []))
    lines = [
        text(
            "story.werkbalans",
            lang,
            id=p["werkbalansgesprek_id"],
            employee=p["employee"],
            manager=p["manager"],
            agreements=len(p.get("agreements", [])),
            follow_ups=len(p.get("follow_ups", [])),
            acknowledged=acknowledged or text("story.nobody", lang),
        )
    ]
    for part in (
        "employee_view",
        "employer_view",
        "going_better",
        "still_hard",
        "work_risk_factors",
        "other_risk_factors",
        "own_actions",
        "needs_from_others",
        "next_steps_if_not_lasting",
    ):
        lines.append(f"    {text('werkbalans.' + part, lang)} {p[part]}")
    for item in p.get("agreements", []):
        lines.append("    " + _agreement({"type": "agreement_made", **item}, lang))
    for f in p.get("follow_ups", []):
        lines.append(
            "    "
            + text(
                "story.follow_up",
                lang,
                id=f["contact_id"],
                at=_local(f["at"], lang),
                goal=f["goal"],
            )
        )
    return lines


_RENDER: dict[str, Callable[[dict[str, Any], Language], str]] = {
    "contact_planned": _contact,
    "contact_moved": _contact,
    "contact_cancelled": _contact,
    "contact_held": _contact,
    "agreement_made": _agreement,
    "agreement_kept": _agreement,
    "agreement_missed": _agreement,
    "agreement_withdrawn": _agreement,
    "agreement_acknowledged": _agreement,
    "progress_noted": _other,
    "contact_cadence_agreed": _other,
    "quiet_period_agreed": _other,
    "casemanager_handed_over": _other,
}


def _facts(entries: Sequence[TimelineEntry]) -> list[tuple[int, dict[str, Any]]]:
    """The facts in canonical order: corrected events replaced or withdrawn."""
    replaced: dict[int, dict[str, Any] | None] = {}
    for e in entries:
        if e.type == "event_corrected":
            replaced[int(e.payload["corrects_seq"])] = e.payload.get("replacement")
    facts = []
    for e in entries:
        if e.type == "event_corrected":
            continue
        payload = replaced.get(e.seq, e.payload) if e.seq in replaced else e.payload
        if payload is not None and payload.get("type") in EVENT_TYPES:
            facts.append((e.seq, payload))
    rank = {name: cls.day_rank for name, cls in EVENT_TYPES.items()}
    return sorted(facts, key=lambda f: (f[1]["effective"], rank[f[1]["type"]], f[0]))


def story_lines(
    entries: Sequence[TimelineEntry],
    deadlines: Sequence[Deadline],
    language: str = "nl",
    *,
    missed_in_a_row: int = 3,
) -> list[tuple[dt.date, str]]:
    """(date, line) pairs of the case's story, in order; legal moments at their due dates."""
    lang: Language = "en" if language == "en" else "nl"
    fold = ConversationFold()
    lines: list[Line] = []
    for seq, payload in _facts(entries):
        kind = payload["type"]
        day = dt.date.fromisoformat(payload["effective"])
        before = len(fold.relapses)
        planned = fold.contacts.get(payload.get("contact_id") or "")
        fold.step(trusted_event(payload))
        if kind == "contact_held" and not payload.get("participants") and planned:
            who = [
                {"ref": r, "role": o}
                for r, o in zip(planned["refs"], planned["roles"], strict=True)
            ]
            payload = {
                **payload,
                "participants": who,
                "form": payload.get("form") or planned["form"],
            }
        if kind == "werkbalansgesprek_held":
            lines += [(day, 0, seq, line) for line in _werkbalans(payload, lang)]
        elif kind in _RENDER:
            lines.append((day, 0, seq, _RENDER[kind](payload, lang)))
        else:
            cls = EVENT_TYPES[kind]
            lines.append((day, 0, seq, cls.labels[1] if lang == "en" else cls.labels[0]))
        run = fold.missed_streak()
        if kind == "agreement_missed" and len(run) >= missed_in_a_row:
            lines.append((day, 0, seq, "⚠ " + text("story.pattern", lang, count=len(run))))
        if len(fold.relapses) > before and fold.relapses[-1]["werkbalansgesprek"]:
            link = fold.relapses[-1]
            lines.append(
                (
                    day,
                    0,
                    seq,
                    "↩ "
                    + text(
                        "story.relapse_linked",
                        lang,
                        on=_day(link["on"], lang),
                        id=link["werkbalansgesprek"],
                    ),
                )
            )
    for d in deadlines:
        if d.status is DeadlineStatus.NOT_APPLICABLE:
            continue
        status = status_text(d, lang)
        label = text("kind." + d.kind.value, lang)
        lines.append(
            (
                d.due,
                1,
                0,
                "§ "
                + text(
                    "story.deadline", lang, label=label, due=format_date(d.due, lang), status=status
                ),
            )
        )
    return [(day, line) for day, _, _, line in sorted(lines, key=lambda x: x[:3])]


def story_text(
    case_id: str,
    entries: Sequence[TimelineEntry],
    deadlines: Sequence[Deadline],
    language: str = "nl",
) -> str:
    """The story as text for people (``case show``, the export)."""
    lang: Language = "en" if language == "en" else "nl"
    out = ["", text("story.title", lang, case=case_id)]
    out += [
        f"{format_date(day, lang)}  {line}" for day, line in story_lines(entries, deadlines, lang)
    ]
    return "\n".join(out) + "\n"
