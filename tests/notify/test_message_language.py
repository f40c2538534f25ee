"""A reminder speaks its recipient's language throughout: the derivation of the date included."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from poortwachter.clock import FrozenClock
from poortwachter.engine import Engine
from poortwachter.notify._mail_message import _html_body, _text_body
from poortwachter.notify.channel import Delivery, Notice
from poortwachter.notify.message import derivation
from poortwachter.notify.webhook import payload
from poortwachter.texts import Language


def _notice(engine: Engine) -> Notice:
    engine.open_case("emp-1", dt.date(2026, 2, 2), "cm-a", actor="t", case_id="c1")
    return engine.reminders.get("c1/plan_of_approach/1/on_day").notice


@pytest.mark.parametrize(("language", "other"), [("en", "nl"), ("nl", "en")])
def test_the_derivation_is_in_the_recipients_language_only(
    engine: Engine, clock: FrozenClock, language: Language, other: Language
) -> None:
    notice = _notice(engine)
    wanted, unwanted = derivation(notice, language), derivation(notice, other)
    assert wanted
    assert unwanted
    assert wanted != unwanted
    delivery = Delivery("cm-a", "cm-a@example.org", [notice], language=language)
    for body in (_text_body(delivery, None), _html_body(delivery, "s", None)):
        assert wanted in body.replace("&#x27;", "'")
        assert unwanted not in body
    sent = json.loads(payload(delivery))["data"]["notices"][0]["details"]
    assert sent["derivation"] == wanted
    assert unwanted not in json.dumps(sent, ensure_ascii=False)


def test_a_row_without_an_english_derivation_shows_none_rather_than_dutch() -> None:
    old = Notice(
        key="c/plan_of_approach/1/on_day",
        case_id="c",
        reason="plan_of_approach",
        step="on_day",
        recipient="cm",
        due_on=dt.date(2026, 3, 30),
        plan_on=dt.date(2026, 3, 27),
        send_at=dt.datetime(2026, 3, 27, 6, 30, tzinfo=dt.UTC),
        details={"derivation": "uiterlijk acht weken na de eerste ziektedag"},
    )
    assert derivation(old, "en") == ""
    text = _text_body(Delivery("cm", "cm@example.org", [old], language="en"), None)
    assert "uiterlijk" not in text
