"""The reminder email itself: headers, a text part and an HTML part, Dutch or English.

Pure: no network. The ``Message-ID`` is a digest of the idempotency key, so every retry of
the same message carries the same id and a mail client (or the recipient's server) can drop
the duplicate. One case's messages share ``References``/``In-Reply-To`` to a stable per-case
id, so they thread together without a name in the subject. Digests carry ``List-Unsubscribe``
with one-click ``List-Unsubscribe-Post`` (RFC 8058). Everything a message says is pseudonymous:
case id, legal moment, dates, articles.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from poortwachter.notify._words import reason_label, step_label
from poortwachter.notify.channel import Delivery, Notice
from poortwachter.notify.message import derivation
from poortwachter.render import format_date
from poortwachter.texts import Language, text

__all__ = ["MailSettings", "build_message", "case_thread_id", "message_id"]


@dataclass(frozen=True, slots=True)
class MailSettings:
    """What the message needs from the configuration (no transport, no secret)."""

    sender: str
    domain: str
    unsubscribe_url: str  #: https; ``{recipient}`` is replaced by the recipient's reference


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:24]  # 96 bits: unique enough


def message_id(key: str, domain: str) -> str:
    """The same ``Message-ID`` for every attempt of the message with idempotency key ``key``."""
    return f"<pw.{_digest(key)}@{domain}>"


def case_thread_id(case_id: str, domain: str) -> str:
    """The id one case's messages refer to, so that mail clients thread them."""
    return f"<pw.case.{_digest(case_id)}@{domain}>"


def _one_line(value: str) -> str:
    """No line breaks or control characters from data into a header or a table cell."""
    return " ".join("".join(c if c.isprintable() else " " for c in value).split())


def _rows(notice: Notice, language: Language) -> list[tuple[str, str]]:
    rows = [
        (text("channels.mail.case", language), notice.case_id),
        (text("channels.mail.moment", language), reason_label(notice.reason, language)),
        (text("channels.mail.due", language), format_date(notice.due_on, language)),
        (text("channels.mail.plan_on", language), format_date(notice.plan_on, language)),
    ]
    if notice.legal_basis:
        rows.append((text("channels.mail.basis", language), notice.legal_basis))
    if notice.rule_version:
        rows.append((text("channels.mail.rules", language), notice.rule_version))
    said = derivation(notice, language)
    if said:
        rows.append((text("channels.mail.derivation", language), said))
    return [(label, _one_line(value)) for label, value in rows]


def _heading(notice: Notice, language: Language) -> str:
    return _one_line(
        f"{step_label(notice.step, language)}: {reason_label(notice.reason, language)}"
    )


def _text_body(delivery: Delivery, unsubscribe: str | None) -> str:
    lang = delivery.language
    lines: list[str] = []
    if delivery.digest:
        lines += [text("channels.mail.digest_intro", lang), ""]
    for notice in delivery.notices:
        rows = _rows(notice, lang)
        width = max(len(label) for label, _ in rows) + 2
        lines.append(_heading(notice, lang))
        lines += [f"{label + ':':<{width}}{value}" for label, value in rows]
        lines += [text("channels.mail.why", lang, key=_one_line(notice.key)), ""]
    if unsubscribe:
        lines += [text("channels.mail.unsubscribe", lang, url=unsubscribe), ""]
    lines.append(text("channels.mail.footer", lang))
    return "\n".join(lines) + "\n"


def _html_body(delivery: Delivery, subject: str, unsubscribe: str | None) -> str:
    lang = delivery.language
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        '<head><meta charset="utf-8">',
        f"<title>{esc(subject)}</title></head>",
        "<body>",
    ]
    if delivery.digest:
        parts.append(f"<p>{esc(text('channels.mail.digest_intro', lang))}</p>")
    for notice in delivery.notices:
        parts.append(f"<h2>{esc(_heading(notice, lang))}</h2>")
        parts.append("<table>")
        parts += [
            f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>"
            for label, value in _rows(notice, lang)
        ]
        parts.append("</table>")
        why = text("channels.mail.why", lang, key=_one_line(notice.key))
        parts.append(f"<p><small>{esc(why)}</small></p>")
    if unsubscribe:
        link = f'<a href="{esc(unsubscribe)}">{esc(unsubscribe)}</a>'
        words = esc(text("channels.mail.unsubscribe", lang, url="\0")).replace("\0", link)
        parts.append(f"<p>{words}</p>")
    parts.append(f"<p><small>{esc(text('channels.mail.footer', lang))}</small></p>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _subject(notices: Sequence[Notice], digest: bool, language: Language) -> str:
    if digest or len(notices) != 1:
        return text("channels.mail.digest_subject", language, count=len(notices))
    notice = notices[0]
    return _one_line(
        text(
            "channels.mail.subject",
            language,
            step=step_label(notice.step, language),
            label=reason_label(notice.reason, language),
            case=notice.case_id,
        )
    )


def build_message(delivery: Delivery, settings: MailSettings, now: dt.datetime) -> EmailMessage:
    """The message for ``delivery`` (to ``delivery.address``), dated ``now``."""
    digest = delivery.digest or len(delivery.notices) != 1
    lang = delivery.language
    subject = _subject(delivery.notices, digest, lang)
    unsubscribe = (
        settings.unsubscribe_url.replace("{recipient}", _url_part(delivery.recipient))
        if digest
        else None
    )
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = delivery.address
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(now.astimezone(dt.UTC))
    message["Message-ID"] = message_id(delivery.key, settings.domain)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    if digest:
        message["List-Id"] = f"poortwachter <digest.{settings.domain}>"
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    else:
        thread = case_thread_id(delivery.notices[0].case_id, settings.domain)
        message["In-Reply-To"] = thread
        message["References"] = thread
    message.set_content(_text_body(delivery, unsubscribe))
    message.add_alternative(_html_body(delivery, subject, unsubscribe), subtype="html")
    message["Content-Language"] = lang  # after the parts: set_content drops Content-* headers
    return message


def _url_part(value: str) -> str:
    return urllib.parse.quote(value, safe="")
