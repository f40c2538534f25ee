"""Email against a real SMTP server (aiosmtpd on 127.0.0.1) that requires STARTTLS and AUTH,
with a self-signed certificate made for the test."""

from __future__ import annotations

import datetime as dt
import smtplib
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.errors import ChannelConfigError
from poortwachter.notify._mail_message import case_thread_id, message_id
from poortwachter.notify.email import EmailChannel
from tests.channels.conftest import (
    SMTP_PASSWORD,
    SMTP_USER,
    SmtpSink,
    TlsFiles,
    delivery,
    free_port,
    notice,
    running_smtp,
)

UNSUBSCRIBE = "https://poortwachter.example/unsubscribe?r={recipient}"


def config(sink: SmtpSink, tls: TlsFiles, **kw: object) -> dict[str, object]:
    return {
        "host": sink.host,
        "port": sink.port,
        "security": "starttls",
        "username": SMTP_USER,
        "password_env": "SMTP_PASSWORD",
        "from": "poortwachter@werkgever.example",
        "unsubscribe_url": UNSUBSCRIBE,
        "ca_file": str(tls.cert),
        "timeout": 5,
        **kw,
    }


def channel(sink: SmtpSink, tls: TlsFiles, **kw: object) -> EmailChannel:
    return EmailChannel.from_config(config(sink, tls, **kw), {"SMTP_PASSWORD": SMTP_PASSWORD})


def parts(message: EmailMessage) -> tuple[str, str]:
    plain = message.get_body(("plain",))
    rich = message.get_body(("html",))
    assert plain is not None
    assert rich is not None
    return str(plain.get_content()), str(rich.get_content())


def test_one_reminder_over_starttls_with_auth(smtp_server: SmtpSink, tls_files: TlsFiles) -> None:
    sent = delivery("anna@werkgever.example")
    outcome = channel(smtp_server, tls_files).deliver(sent)
    assert outcome.delivered, outcome.detail
    assert smtp_server.tls_seen == [True]
    assert smtp_server.logins  # authenticated
    (message,) = smtp_server.messages
    assert smtp_server.envelopes == [("poortwachter@werkgever.example", ["anna@werkgever.example"])]
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"] == message_id(sent.key, "werkgever.example")
    thread = case_thread_id("c-1", "werkgever.example")
    assert message["In-Reply-To"] == thread
    assert message["References"] == thread
    assert message["List-Unsubscribe"] is None  # only digests
    assert message["Content-Language"] == "nl"
    assert message["Subject"] == "[poortwachter] Plan het gesprek: Plan van aanpak, zaak c-1"
    plain, rich = parts(message)
    assert "Uiterste datum:" in plain
    assert "ma 30-03-2026" in plain
    assert "Plannen op:" in plain
    assert "ma 16-03-2026" in plain
    assert "poortwachter reminders why c-1:plan_of_approach:1:plan" in plain
    assert "<th>Zaak</th><td>c-1</td>" in rich


def test_english_on_request(smtp_server: SmtpSink, tls_files: TlsFiles) -> None:
    sent = delivery("anna@werkgever.example", language="en")
    assert channel(smtp_server, tls_files).deliver(sent).delivered
    (message,) = smtp_server.messages
    assert message["Subject"] == "[poortwachter] Plan the conversation: Plan of approach, case c-1"
    plain, _ = parts(message)
    assert "Due date:" in plain
    assert "Mon 2026-03-30" in plain
    assert "Uiterste" not in plain


def test_every_retry_has_the_same_message_id(smtp_server: SmtpSink, tls_files: TlsFiles) -> None:
    email = channel(smtp_server, tls_files)
    for attempt in (1, 2, 3):
        assert email.deliver(delivery("anna@werkgever.example", attempt=attempt)).delivered
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 1


def test_one_case_threads_and_two_cases_do_not(smtp_server: SmtpSink, tls_files: TlsFiles) -> None:
    email = channel(smtp_server, tls_files)
    for n in (notice("c-1:a:1:plan"), notice("c-1:a:1:on_day", step="on_day"),
              notice("c-2:a:1:plan", case_id="c-2")):  # fmt: skip
        assert email.deliver(delivery("anna@werkgever.example", n)).delivered
    first, second, other = smtp_server.messages
    assert first["References"] == second["References"] != other["References"]
    assert len({first["Message-ID"], second["Message-ID"], other["Message-ID"]}) == 3


def test_a_digest_carries_one_click_unsubscribe(smtp_server: SmtpSink, tls_files: TlsFiles) -> None:
    notices = (
        notice("c-1:plan_of_approach:1:plan"),
        notice("c-2:problem_analysis:1:on_day", case_id="c-2", reason="problem_analysis",
               step="on_day"),
        notice("c-3:contact_cadence:4:before", case_id="c-3", reason="contact_cadence",
               step="before"),
    )  # fmt: skip
    sent = delivery("anna@werkgever.example", *notices, digest=True)
    assert channel(smtp_server, tls_files).deliver(sent).delivered
    (message,) = smtp_server.messages
    url = "https://poortwachter.example/unsubscribe?r=anna"
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["In-Reply-To"] is None
    assert message["Subject"] == "[poortwachter] Overzicht: 3 herinnering(en)"
    plain, rich = parts(message)
    for case in ("c-1", "c-2", "c-3"):
        assert case in plain
        assert case in rich
    assert "Contactmoment" in plain
    assert url in plain
    assert f'href="{url}"' in rich


class StrictHtml(HTMLParser):
    """A small well-formedness check: every opened element is closed in order (void elements
    excepted), and the text read back equals what went in."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unexpected </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_of(sent_key: str, case_id: str) -> tuple[StrictHtml, str]:
    from poortwachter.notify._mail_message import MailSettings, build_message

    settings_ = MailSettings("a@b.example", "b.example", UNSUBSCRIBE)
    sent = delivery("x@b.example", notice(sent_key, case_id=case_id))
    message = build_message(sent, settings_, dt.datetime(2026, 3, 16, tzinfo=dt.UTC))
    _, rich = parts(message)
    parser = StrictHtml()
    parser.feed(rich)
    parser.close()
    return parser, rich


def test_the_html_part_is_well_formed_and_escaped() -> None:
    hostile = '<script>alert("x")</script>&amp;"\'<b>'
    parser, rich = html_of("k:" + hostile, hostile)
    assert parser.errors == []
    assert parser.stack == []
    assert "<script>" not in rich
    assert hostile in "".join(parser.text)  # shown as text, exactly


@settings(max_examples=100, deadline=None)
@given(case_id=st.text(min_size=1, max_size=40), key=st.text(min_size=1, max_size=40))
def test_generated_values_never_break_the_html(case_id: str, key: str) -> None:
    parser, _ = html_of(key, case_id)
    assert parser.errors == []
    assert parser.stack == []


# --- failures: outcomes, never exceptions; never the password ------------------------------


def test_a_refused_recipient_is_permanent(smtp_server: SmtpSink, tls_files: TlsFiles) -> None:
    smtp_server.refuse["gone@werkgever.example"] = "550 5.1.1 no such user"
    outcome = channel(smtp_server, tls_files).deliver(delivery("gone@werkgever.example"))
    assert not outcome.delivered
    assert outcome.permanent
    assert "550" in outcome.detail


def test_a_temporary_refusal_is_retried(smtp_server: SmtpSink, tls_files: TlsFiles) -> None:
    smtp_server.refuse["full@werkgever.example"] = "452 4.2.2 mailbox full"
    outcome = channel(smtp_server, tls_files).deliver(delivery("full@werkgever.example"))
    assert not outcome.delivered
    assert not outcome.permanent
    assert "452" in outcome.detail


def test_failures_never_show_the_password(
    smtp_server: SmtpSink, tls_files: TlsFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = "Wr0ng-But-Still-Secret-Password"
    cases = [
        # wrong password: the server refuses the login
        EmailChannel.from_config(config(smtp_server, tls_files), {"SMTP_PASSWORD": wrong}),
        # nobody listening
        channel(smtp_server, tls_files, port=free_port()),
        # the certificate is not trusted (no ca_file)
        EmailChannel.from_config(
            {k: v for k, v in config(smtp_server, tls_files).items() if k != "ca_file"},
            {"SMTP_PASSWORD": SMTP_PASSWORD},
        ),
    ]
    details = []
    for email in cases:
        outcome = email.deliver(delivery("anna@werkgever.example"))
        assert not outcome.delivered
        assert not outcome.permanent
        details.append(outcome.detail + repr(outcome) + repr(email.__dict__))
    assert "authentication refused (535)" in details[0]
    assert "sending failed" in details[1]
    assert "CERTIFICATE_VERIFY_FAILED" in details[2]
    captured = capsys.readouterr()
    everything = "\n".join(details) + captured.out + captured.err
    assert SMTP_PASSWORD not in everything
    assert wrong not in everything
    assert smtp_server.messages == []


def test_without_starttls_the_server_refuses_and_nothing_leaks(
    smtp_server: SmtpSink, tls_files: TlsFiles
) -> None:
    # security none to a loopback server that requires STARTTLS: the login is not attempted in
    # the clear by the server's rules; the outcome says so without the password.
    email = channel(smtp_server, tls_files, security="none")
    outcome = email.deliver(delivery("anna@werkgever.example"))
    assert not outcome.delivered
    assert SMTP_PASSWORD not in outcome.detail


def test_an_invalid_address_is_permanent(smtp_server: SmtpSink, tls_files: TlsFiles) -> None:
    email = channel(smtp_server, tls_files)
    for bad in ("", "anna", "a@b@c", "anna@werkgever.example\r\nBcc: x@y.example"):
        outcome = email.deliver(delivery(bad))
        assert outcome.permanent
        assert not outcome.delivered
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"host": None}, "host"),
        ({"port": 0}, "port"),
        ({"port": "25"}, "port"),
        ({"security": "ssl"}, "security"),
        ({"from": "not-an-address"}, "from"),
        ({"unsubscribe_url": "http://x.example/u"}, "unsubscribe_url"),
        ({"unsubscribe_url": None}, "unsubscribe_url"),
        ({"password_env": None}, "password_env"),
        ({"password_env": "UNSET_VARIABLE"}, "password_env"),
        ({"password": SMTP_PASSWORD}, "password"),
        ({"password_file": "/nonexistent/secret"}, "password_env"),
        ({"username": None}, "username"),
        ({"security": "none", "host": "mail.example"}, "security"),
    ],
)
def test_bad_configuration_names_the_field(
    smtp_server: SmtpSink, tls_files: TlsFiles, change: dict[str, object], field: str
) -> None:
    given = {k: v for k, v in {**config(smtp_server, tls_files), **change}.items() if v is not None}
    with pytest.raises(ChannelConfigError) as caught:
        EmailChannel.from_config(given, {"SMTP_PASSWORD": SMTP_PASSWORD})
    assert caught.value.field == field
    assert SMTP_PASSWORD not in str(caught.value) + repr(caught.value.args)


def test_the_password_can_come_from_a_secrets_file(
    smtp_server: SmtpSink, tls_files: TlsFiles, tmp_path: Path
) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text(SMTP_PASSWORD + "\n")
    secret.chmod(0o600)
    given = {k: v for k, v in config(smtp_server, tls_files).items() if k != "password_env"}
    email = EmailChannel.from_config({**given, "password_file": str(secret)}, {})
    assert email.deliver(delivery("anna@werkgever.example")).delivered
    assert SMTP_PASSWORD not in repr(email.__dict__)


def test_smtplib_is_real_here(smtp_server: SmtpSink) -> None:
    """The sink refuses plain AUTH: proof that the STARTTLS tests above used TLS for real."""
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as client:
        client.ehlo()
        assert not client.has_extn("auth")  # AUTH is only offered after STARTTLS
        assert client.has_extn("starttls")


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_implicit_tls_on_its_own_port(tls_files: TlsFiles) -> None:
    """``security: tls`` (port 465 style): TLS from the first byte, then AUTH."""
    with running_smtp(tls_files, starttls=False) as sink:
        email = channel(sink, tls_files, security="tls")
        outcome = email.deliver(delivery("anna@werkgever.example"))
    assert outcome.delivered, outcome.detail
    assert sink.tls_seen == [True]
    assert sink.logins


_values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 70000), st.floats(allow_nan=True),
    st.text(max_size=40), st.lists(st.text(max_size=4), max_size=2),
)  # fmt: skip
_fields = st.sampled_from(
    ["host", "port", "security", "username", "password", "password_env", "password_file",
     "from", "domain", "unsubscribe_url", "timeout", "ca_file"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(config=st.dictionaries(_fields, _values, max_size=12))
def test_generated_configuration_is_accepted_or_refused_with_a_typed_error(
    config: dict[str, object],
) -> None:
    environ = {str(v): SMTP_PASSWORD for v in config.values() if isinstance(v, str) and v}
    refusal: ChannelConfigError | None = None
    try:
        email = EmailChannel.from_config(config, environ)
    except ChannelConfigError as exc:
        refusal = exc
    if refusal is not None:
        assert refusal.field
        assert SMTP_PASSWORD not in str(refusal)
    else:
        assert SMTP_PASSWORD not in repr(email.__dict__)
