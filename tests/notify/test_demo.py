"""The reminder half of ``make run``: real SMTP and webhook receipt, nothing left running."""

from __future__ import annotations

import base64
import datetime as dt
import io
import socket
import sys
import urllib.parse
from pathlib import Path

import pytest

from poortwachter.clock import FrozenClock
from poortwachter.demo.reminders import CASEMANAGER_MAIL, run_demo
from poortwachter.engine import Engine
from poortwachter.notify.policy import load_policy
from poortwachter.texts import Language

SMTP_PASSWORD = "demo-Smtp-pw-that-must-not-show"
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"demo-webhook-secret-32-bytes-ok!").decode()


def _cases(url: str) -> None:
    """A case whose probleemanalyse is overdue on 1 December (escalation to HR) and one with a
    contact rhythm and an agreement (reminders for the casemanager)."""
    clock = FrozenClock(dt.date(2026, 10, 12))
    with Engine.open(url, clock=clock, reminder_policy=load_policy(), create=True) as engine:
        engine.open_case("emp-2", dt.date(2026, 10, 12), "anna", actor="t", case_id="late")
        clock.set(dt.date(2026, 11, 30))
        engine.open_case("emp-1", dt.date(2026, 11, 2), "anna", actor="t", case_id="talks")
        engine.record_conversation(
            "talks",
            [
                {
                    "type": "contact_cadence_agreed",
                    "effective": "2026-11-30",
                    "cadence_id": "werknemer",
                    "with_roles": ["employee"],
                    "every": 1,
                },
                {
                    "type": "agreement_made",
                    "effective": "2026-11-30",
                    "agreement_id": "afspraak-1",
                    "owner": {"ref": "emp-1", "role": "employee"},
                    "action": "Twee passende taken bekijken",
                    "due": "2026-12-04",
                },
            ],
            actor="t",
        )


# Per language: the summary's heading, words the subjects use, the derivation's label, and
# words of the other language that must not appear.
_WORDS = {
    "nl": (
        "Wat waar is bezorgd:",
        ("Afspraak", "Contactmoment"),
        "Afleiding",
        ("Derivation", "Due today"),
    ),
    "en": (
        "What was delivered where:",
        ("Agreement", "Contact"),
        "Derivation",
        ("Afleiding", "Uiterste", "ziektedag"),
    ),
}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_demo_delivers_by_smtp_and_webhook_and_stops_its_servers(
    tmp_path: Path, language: Language
) -> None:
    heading, expected, derivation, foreign = _WORDS[language]
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    _cases(url)
    out = io.StringIO()
    result = run_demo(
        url,
        now=dt.datetime(2026, 12, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        language=language,
        out=out,
        python=sys.executable,
        smtp_password=SMTP_PASSWORD,
        webhook_secret=WEBHOOK_SECRET,
    )
    text = out.getvalue()
    assert result.ok
    # Email: over SMTP with a login, to the casemanager's address, in Dutch.
    assert result.mails
    assert all(mail.to == (CASEMANAGER_MAIL,) for mail in result.mails)
    assert all(mail.subject.startswith("[poortwachter]") for mail in result.mails)
    subjects = " ".join(mail.subject for mail in result.mails)
    assert any(word in subjects for word in expected)  # conversation reminders
    for mail in result.mails:  # entirely in the recipient's language
        assert not any(word in mail.text or word in mail.subject for word in foreign)
    assert any(derivation in mail.text for mail in result.mails)
    # Webhook: signed (verified by the receiver), the overdue probleemanalyse to HR.
    keys = {key for call in result.calls for key in call.notices}
    assert "late/problem_analysis/1/escalation" in keys
    assert {call.recipient for call in result.calls} == {"hr-team"}
    assert result.refused == 0
    assert result.sweeps >= 2
    # The summary says what went where; no secret ever shows.
    assert heading in text
    assert f": {len(result.mails)} " in text
    assert SMTP_PASSWORD not in text
    assert WEBHOOK_SECRET not in text
    assert WEBHOOK_SECRET.removeprefix("whsec_") not in text
    # Nothing keeps running: both ports are closed again.
    webhook_port = urllib.parse.urlsplit(result.webhook_url).port
    for port in (result.smtp_port, webhook_port):
        with (
            pytest.raises(ConnectionRefusedError),
            socket.create_connection(("127.0.0.1", port), timeout=2),
        ):
            pass
