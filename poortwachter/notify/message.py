"""The words of a reminder message, for every channel: a subject and plain-text lines.

Pseudonymous by construction: a notice holds case and professional references, the moment, its
legal basis and dates, never anything about the employee's health. Each line ends with the
command that explains it (``poortwachter reminders why KEY``).
"""

from __future__ import annotations

from collections.abc import Mapping

from poortwachter.notify._words import reason_label
from poortwachter.notify.channel import Delivery, Notice
from poortwachter.texts import Language, text

__all__ = [
    "body_lines",
    "derivation",
    "localised_details",
    "moment_label",
    "notice_line",
    "subject",
]

#: The details that hold the derivation, one per language (the planner writes both).
_DERIVATION = {"nl": "derivation", "en": "derivation_en"}


def moment_label(reason: str, language: Language) -> str:
    """The moment's name (a legal kind, contact cadence or agreement); the reason otherwise."""
    return reason_label(reason, language)


def derivation(notice: Notice, language: Language) -> str:
    """How the moment's date was derived, in ``language``; empty when the outbox holds it in
    another language only (a row planned before both were kept): never Dutch in English."""
    return notice.details.get(_DERIVATION[language], "")


def localised_details(notice: Notice, language: Language) -> Mapping[str, str]:
    """The notice's details for a recipient: the derivation in their language only."""
    out = {k: v for k, v in notice.details.items() if k not in _DERIVATION.values()}
    said = derivation(notice, language)
    if said:
        out["derivation"] = said
    return out


def notice_line(notice: Notice, language: Language) -> str:
    """One line: case, moment, due date, step, working day, legal basis and the why-command."""
    return text(
        "reminders.line",
        language,
        case=notice.case_id,
        moment=moment_label(notice.reason, language),
        due=notice.due_on.isoformat(),
        step=text(f"reminders.step.{notice.step}", language),
        plan_on=notice.plan_on.isoformat(),
        basis=notice.legal_basis or text("reminders.no_basis", language),
        key=notice.key,
    )


def subject(delivery: Delivery) -> str:
    """The subject line: the pseudonymous case and moment, or the digest's count."""
    lang = delivery.language
    if delivery.digest or len(delivery.notices) != 1:
        return text(
            "reminders.subject_digest",
            lang,
            count=len(delivery.notices),
            recipient=delivery.recipient,
        )
    notice = delivery.notices[0]
    return text(
        "reminders.subject",
        lang,
        case=notice.case_id,
        moment=moment_label(notice.reason, lang),
        step=text(f"reminders.step.{notice.step}", lang),
    )


def body_lines(delivery: Delivery) -> list[str]:
    """The message text: an opening sentence, then one line per reminder (soonest first)."""
    lang = delivery.language
    notices = sorted(delivery.notices, key=lambda n: (n.due_on, n.key))
    if delivery.digest or len(notices) != 1:
        intro = text("reminders.intro.digest", lang)
    elif notices[0].step == "plan":
        intro = text("reminders.intro.plan", lang)
    else:
        intro = ""
    lines = [intro] if intro else []
    lines.extend(notice_line(n, lang) for n in notices)
    return lines
