"""The reminder half of ``make run``: plan, then deliver to a local SMTP server and webhook.

``python -m poortwachter.demo.reminders --db URL [--now INSTANT] [--lang nl|en]`` starts an SMTP
server and a webhook receiver on 127.0.0.1 (free ports, :mod:`poortwachter.demo.receivers`),
writes an organisation policy — the shipped one, with the casemanager reached by email and the
HR team by a signed webhook — and then does what an operator would: ``poortwachter reminders
plan`` and ``poortwachter run --once`` at a few moments (``POORTWACHTER_NOW``), each a separate
process that reads its secrets from environment variables this demo sets (never printed). It
ends with a summary of what arrived where, stops both servers and exits 0 when both received
something (1 otherwise).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from poortwachter.clock import AMSTERDAM, FrozenClock
from poortwachter.demo.receivers import Mail, SmtpReceiver, WebhookCall, WebhookReceiver
from poortwachter.engine import Engine
from poortwachter.notify.message import moment_label
from poortwachter.notify.policy import default_policy_path, load_policy
from poortwachter.rules._yaml import load_yaml
from poortwachter.texts import Language, text

__all__ = ["DemoResult", "main", "run_demo"]

#: Environment variables the demo sets for its own processes (the policy names them).
SMTP_PASSWORD_ENV = "POORTWACHTER_DEMO_SMTP_PASSWORD"
WEBHOOK_SECRET_ENV = "POORTWACHTER_DEMO_WEBHOOK_SECRET"
SMTP_USER = "poortwachter-demo"
#: The casemanager of the demo cases and the address the demo sends her reminders to.
CASEMANAGER, CASEMANAGER_MAIL = "anna", "anna@example.org"
HR, HR_ENDPOINT = "hr-team", "hr-endpoint"
DEFAULT_NOW = "2026-12-01T12:00:00+01:00"
_TIMEOUT = 60


@dataclass(frozen=True)
class DemoResult:
    """What the two receivers got."""

    mails: tuple[Mail, ...]
    calls: tuple[WebhookCall, ...]
    refused: int
    sweeps: int
    smtp_port: int
    webhook_url: str

    @property
    def ok(self) -> bool:
        return bool(self.mails) and bool(self.calls) and not self.refused


def demo_policy(
    smtp_port: int, webhook_url: str, state: Path, language: Language = "nl"
) -> dict[str, Any]:
    """The shipped policy with the demo's recipients (reached in ``language``) and channels
    (secrets by variable name)."""
    data = dict(load_yaml(default_policy_path()) or {})
    data["recipients"] = {
        "default": {"channel": "console", "mode": "instant", "language": language},
        CASEMANAGER: {
            "channel": "email",
            "address": CASEMANAGER_MAIL,
            "mode": "instant",
            "language": language,
        },
        HR: {"channel": "webhook", "address": HR_ENDPOINT, "mode": "instant", "language": language},
    }
    data["channels"] = {
        "email": {
            "host": "127.0.0.1",
            "port": smtp_port,
            "security": "none",  # allowed on the loopback interface only
            "username": SMTP_USER,
            "password_env": SMTP_PASSWORD_ENV,
            "from": "verzuim@example.org",
            "unsubscribe_url": "https://example.org/afmelden/{recipient}",
            "timeout": 10,
        },
        "webhook": {
            "disabled_file": str(state / "webhooks-disabled.json"),
            "endpoints": {HR_ENDPOINT: {"url": webhook_url, "secret_env": WEBHOOK_SECRET_ENV}},
        },
    }
    return data


class _Operator:
    """Runs ``poortwachter`` commands as separate processes, as an operator (or cron) would."""

    def __init__(self, env: Mapping[str, str], python: str, out: TextIO, language: Language):
        self.env, self.python, self.out, self.language = env, python, out, language

    def run(self, args: Sequence[str], now: dt.datetime) -> subprocess.CompletedProcess[str]:
        env = {**self.env, "POORTWACHTER_NOW": now.isoformat()}
        command = [self.python, "-m", "poortwachter", *args, "--lang", self.language]
        shown = " ".join(["poortwachter", *args])
        stamp = now.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")
        self.out.write(f"$ POORTWACHTER_NOW='{stamp}' {shown}\n")
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=_TIMEOUT, check=False
        )
        if done.returncode != 0:
            self.out.write(done.stdout + done.stderr)
            raise SystemExit(
                text("reminders.demo.failed", self.language, command=shown, code=done.returncode)
            )
        return done


def _plain_lines(stream: str) -> list[str]:
    """The human lines of a command's stderr (the structured JSON log lines are counted)."""
    return [line for line in stream.splitlines() if line and not line.startswith("{")]


def _log_lines(stream: str) -> int:
    return sum(1 for line in stream.splitlines() if line.startswith("{"))


def _overview(db: str, policy_file: Path, now: dt.datetime, out: TextIO, lang: Language) -> None:
    """Per case: how many reminders are planned and the next few, with their recipients."""
    policy = load_policy(policy_file)
    with Engine.open(db, clock=FrozenClock(now), reminder_policy=policy) as engine:
        rows = engine.reminders.rows(state="pending")
    by_case: dict[str, list[Any]] = {}
    for row in rows:
        by_case.setdefault(row.notice.case_id, []).append(row)
    for case_id, mine in sorted(by_case.items()):
        out.write(text("reminders.demo.case_plan", lang, case=case_id, count=len(mine)) + "\n")
        upcoming = [r for r in mine if r.notice.send_at >= now][:4]
        for row in upcoming:
            n = row.notice
            out.write(
                text(
                    "reminders.demo.plan_line",
                    lang,
                    day=n.plan_on.isoformat(),
                    step=text(f"reminders.step.{n.step}", lang),
                    moment=moment_label(n.reason, lang),
                    due=n.due_on.isoformat(),
                    recipient=n.recipient,
                )
                + "\n"
            )


def _next_send(db: str, policy_file: Path, after: dt.datetime) -> dt.datetime | None:
    """The first planned send time after ``after`` (the next moment the service acts)."""
    policy = load_policy(policy_file)
    with Engine.open(db, clock=FrozenClock(after), reminder_policy=policy) as engine:
        rows = engine.reminders.rows(state="pending")
    later = [r.notice.send_at for r in rows if r.notice.send_at > after]
    return min(later) if later else None


def _summary(
    smtp: SmtpReceiver, hook: WebhookReceiver, out: TextIO, lang: Language, logs: int
) -> None:
    out.write("\n" + text("reminders.demo.summary", lang) + "\n")
    out.write(
        text("reminders.demo.smtp", lang, port=smtp.port, count=len(smtp.mails), user=SMTP_USER)
        + "\n"
    )
    for mail in smtp.mails:
        to = ", ".join(mail.to)
        out.write(text("reminders.demo.mail_line", lang, to=to, subject=mail.subject) + "\n")
    out.write(text("reminders.demo.webhook", lang, url=hook.url, count=len(hook.calls)) + "\n")
    for call in hook.calls:
        key = "reminders.demo.digest" if call.type.endswith(".digest") else "reminders.demo.single"
        first = call.notices[0] if call.notices else "-"
        line = text(key, lang, recipient=call.recipient, count=len(call.notices), first=first)
        out.write(line + "\n")
    out.write(
        text(
            "reminders.demo.checks",
            lang,
            refused=hook.refused,
            repeats=hook.repeats,
            logins=smtp.logins,
            logs=logs,
        )
        + "\n"
    )


def run_demo(
    db: str,
    *,
    now: dt.datetime,
    language: Language = "nl",
    sweeps: int = 3,
    out: TextIO = sys.stdout,
    python: str = sys.executable,
    smtp_password: str | None = None,
    webhook_secret: str | None = None,
) -> DemoResult:
    """Plan and deliver the reminders of the cases in ``db`` (see the module docstring).
    The secrets are fresh random ones unless given (a test checks they never show)."""
    smtp_password = smtp_password or secrets.token_urlsafe(18)
    webhook_secret = webhook_secret or (
        "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")
    )
    logs = 0
    with (
        SmtpReceiver(SMTP_USER, smtp_password, language) as smtp,
        WebhookReceiver(webhook_secret) as hook,
        tempfile.TemporaryDirectory(prefix="pw-demo-") as folder,
    ):
        policy_file = Path(folder) / "reminders.yaml"
        policy_file.write_text(
            yaml.safe_dump(
                demo_policy(smtp.port, hook.url, Path(folder), language),
                allow_unicode=True,
                sort_keys=False,
            ),
            encoding="utf-8",
        )
        env = {
            **os.environ,
            "POORTWACHTER_DB": db,
            "POORTWACHTER_REMINDERS": str(policy_file),
            SMTP_PASSWORD_ENV: smtp_password,
            WEBHOOK_SECRET_ENV: webhook_secret,
        }
        operator = _Operator(env, python, out, language)
        out.write(text("reminders.demo.receivers", language, port=smtp.port, url=hook.url) + "\n")
        done = operator.run(["reminders", "plan"], now)
        out.write(done.stdout)
        _overview(db, policy_file, now, out, language)
        instant: dt.datetime | None = now
        count = 0
        while instant is not None and count < sweeps:
            done = operator.run(["run", "--once"], instant)
            lines = _plain_lines(done.stderr)
            shown = lines if count == 0 else lines[-1:]
            out.write("\n".join(shown) + "\n")
            logs += _log_lines(done.stderr)
            count += 1
            following = _next_send(db, policy_file, instant)
            instant = None if following is None else following + dt.timedelta(minutes=1)
        _summary(smtp, hook, out, language, logs)
        key = _mailed_key(db, policy_file, now)
        if key is not None:
            out.write("\n" + text("reminders.demo.why", language) + "\n")
            out.write(operator.run(["reminders", "why", key], now).stdout)
        return DemoResult(
            tuple(smtp.mails), tuple(hook.calls), hook.refused, count, smtp.port, hook.url
        )


def _mailed_key(db: str, policy_file: Path, now: dt.datetime) -> str | None:
    """The idempotency key of a reminder that went out by email (for ``reminders why``)."""
    policy = load_policy(policy_file)
    with Engine.open(db, clock=FrozenClock(now), reminder_policy=policy) as engine:
        sent = engine.reminders.rows(state="sent", recipient=CASEMANAGER)
    return sent[0].notice.key if sent else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m poortwachter.demo.reminders")
    parser.add_argument("--db", default=os.environ.get("POORTWACHTER_DB"), required=False)
    parser.add_argument("--now", default=DEFAULT_NOW)
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    parser.add_argument("--sweeps", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.db:
        parser.error("--db (or POORTWACHTER_DB) is required")
    language: Language = "en" if args.lang == "en" else "nl"
    try:
        now = dt.datetime.fromisoformat(args.now)
    except ValueError:
        parser.error(f"--now: expected an ISO date and time such as {DEFAULT_NOW}")
    if now.tzinfo is None:
        now = now.replace(tzinfo=AMSTERDAM)  # a local time, as the casemanager reads it
    result = run_demo(args.db, now=now, language=language, sweeps=args.sweeps)
    if not result.ok:
        sys.stderr.write(text("reminders.demo.nothing", language) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
