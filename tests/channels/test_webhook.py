"""Webhooks against a real HTTP receiver on 127.0.0.1 that verifies every request with the
standardwebhooks reference library and with our own verifier."""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import hmac
import json
import stat
import time
from pathlib import Path

import pytest
import standardwebhooks
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from poortwachter.errors import ChannelConfigError
from poortwachter.notify import _signing
from poortwachter.notify.webhook import Endpoint, WebhookChannel, payload, webhook_id
from tests.channels.conftest import (
    WEBHOOK_SECRET,
    WEBHOOK_SECRET_OLD,
    Receiver,
    TlsFiles,
    delivery,
    notice,
)


def channel(receiver: Receiver, path: str = "/ok", **kw: object) -> WebhookChannel:
    config: dict[str, object] = {"url": receiver.url + path, "secret_env": "HOOK_SECRET", **kw}
    return WebhookChannel.from_config(config, {"HOOK_SECRET": WEBHOOK_SECRET})


def test_a_delivery_is_signed_per_standard_webhooks_and_verified_twice(receiver: Receiver) -> None:
    sent = delivery("default")
    outcome = channel(receiver).deliver(sent)
    assert outcome.delivered, outcome.detail
    assert outcome.detail == "HTTP 204"
    (got,) = receiver.received
    assert got.reference_ok
    assert got.own_ok
    assert got.headers["webhook-id"] == sent.key == "c-1:plan_of_approach:1:plan"
    assert abs(int(got.headers["webhook-timestamp"]) - time.time()) < 5
    assert got.headers["webhook-signature"].startswith("v1,")
    assert " " not in got.headers["webhook-signature"]  # one secret, one signature
    # The signature by hand: HMAC-SHA256 over id.timestamp.body with the base64-decoded secret.
    key = base64.b64decode(WEBHOOK_SECRET.removeprefix("whsec_"))
    signed = f"{got.headers['webhook-id']}.{got.headers['webhook-timestamp']}.".encode()
    expected = base64.b64encode(hmac.new(key, signed + got.body, hashlib.sha256).digest())
    assert got.headers["webhook-signature"] == "v1," + expected.decode()
    body = json.loads(got.body)
    assert body["type"] == "poortwachter.reminder"
    assert body["data"]["key"] == sent.key
    assert body["data"]["notices"][0]["case_id"] == "c-1"
    assert got.body == payload(sent)


def test_every_retry_carries_the_same_id_and_body(receiver: Receiver) -> None:
    hook = channel(receiver)
    sent = delivery("default")
    for attempt in (1, 2, 3):
        retry = delivery("default", attempt=attempt)
        assert hook.deliver(retry).delivered
    ids = {r.headers["webhook-id"] for r in receiver.received}
    bodies = {r.body for r in receiver.received}
    assert ids == {sent.key}
    assert len(bodies) == 1


def test_rotation_sends_two_signatures_and_either_secret_verifies(receiver: Receiver) -> None:
    environ = {"NEW": WEBHOOK_SECRET_OLD, "OLD": WEBHOOK_SECRET}
    config = {"url": receiver.url + "/ok", "secret_env": "NEW", "previous_secret_env": "OLD"}
    hook = WebhookChannel.from_config(config, environ)
    assert hook.deliver(delivery("default")).delivered
    (got,) = receiver.received
    signatures = got.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2
    assert all(s.startswith("v1,") for s in signatures)
    # The receiver still holds the old secret: verified by both verifiers.
    assert got.reference_ok
    assert got.own_ok
    # A receiver that already switched to the new secret verifies too (either library).
    new_reference = standardwebhooks.Webhook(WEBHOOK_SECRET_OLD)
    new_reference.verify(got.body, got.headers)
    new_own = _signing.WebhookSecret(WEBHOOK_SECRET_OLD)
    assert (
        _signing.verify(new_own, got.headers, got.body, now=int(time.time()))
        == got.headers["webhook-id"]
    )


def test_a_wrong_secret_is_refused_by_both_verifiers(receiver: Receiver) -> None:
    other = "whsec_" + base64.b64encode(b"x" * 32).decode()
    hook = WebhookChannel.from_config(
        {"url": receiver.url + "/ok", "secret_env": "S"}, {"S": other}
    )
    outcome = hook.deliver(delivery("default"))
    assert not outcome.delivered
    assert not outcome.permanent
    assert outcome.detail == "HTTP 401"
    (got,) = receiver.received
    assert not got.reference_ok
    assert not got.own_ok


@pytest.mark.parametrize("code", [200, 201, 204, 299])
def test_2xx_is_delivered(receiver: Receiver, code: int) -> None:
    outcome = channel(receiver, f"/status/{code}").deliver(delivery("default"))
    assert outcome.delivered
    assert outcome.detail == f"HTTP {code}"


@pytest.mark.parametrize("code", [301, 302, 307, 308])
def test_redirects_are_not_followed(receiver: Receiver, code: int) -> None:
    outcome = channel(receiver, f"/status/{code}").deliver(delivery("default"))
    assert not outcome.delivered
    assert not outcome.permanent
    assert "redirect not followed" in outcome.detail
    assert [r.path for r in receiver.received] == [f"/status/{code}"]  # /ok never requested


def test_410_disables_the_endpoint(receiver: Receiver) -> None:
    hook = channel(receiver, "/status/410")
    first = hook.deliver(delivery("default"))
    assert not first.delivered
    assert first.permanent
    assert "410" in first.detail
    second = hook.deliver(delivery("default"))
    assert second.permanent
    assert "disabled" in second.detail
    assert len(receiver.received) == 1  # nothing more was sent to it


def test_a_410_is_remembered_across_restarts_until_the_url_changes(
    receiver: Receiver, tmp_path: Path
) -> None:
    state = tmp_path / "state" / "webhooks-disabled.json"
    first = channel(receiver, "/status/410", disabled_file=str(state))
    assert first.deliver(delivery("default")).permanent
    assert json.loads(state.read_text())["default"]["url"] == receiver.url + "/status/410"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    # A new process (a new channel from the same settings) does not ask again.
    restarted = channel(receiver, "/status/410", disabled_file=str(state))
    again = restarted.deliver(delivery("default"))
    assert again.permanent
    assert "disabled" in again.detail
    assert len(receiver.received) == 1
    # Pointing the endpoint at a new URL enables it again; without the file, memory only.
    moved = channel(receiver, "/ok", disabled_file=str(state))
    assert moved.deliver(delivery("default")).delivered
    assert channel(receiver, "/status/410").deliver(delivery("default")).permanent
    assert len(receiver.received) == 3


@settings(max_examples=30, deadline=None)
@given(
    value=st.one_of(st.integers(), st.booleans(), st.just(""), st.just("   "), st.lists(st.text()))
)
def test_a_bad_disabled_file_setting_is_a_typed_error_naming_it(value: object) -> None:
    config = {"url": "http://127.0.0.1:1/x", "secret_env": "S", "disabled_file": value}
    with pytest.raises(ChannelConfigError) as caught:
        WebhookChannel.from_config(config, {"S": WEBHOOK_SECRET})
    assert "disabled_file" in str(caught.value)


def test_an_unreadable_disabled_file_does_not_stop_delivery(
    receiver: Receiver, tmp_path: Path
) -> None:
    state = tmp_path / "webhooks-disabled.json"
    state.write_text("{not json")
    assert channel(receiver, "/ok", disabled_file=str(state)).deliver(delivery("x")).delivered


@pytest.mark.parametrize("code", [429, 502, 504])
def test_throttling_answers_honour_retry_after_in_seconds(receiver: Receiver, code: int) -> None:
    outcome = channel(receiver, f"/status/{code}?retry=120").deliver(delivery("default"))
    assert not outcome.delivered
    assert not outcome.permanent
    assert outcome.retry_after == 120
    assert "slow down" in outcome.detail


def test_retry_after_as_an_http_date(receiver: Receiver) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=600)
    stamp = email.utils.format_datetime(later, usegmt=True).replace(" ", "%20")
    outcome = channel(receiver, f"/status/429?retry={stamp}").deliver(delivery("default"))
    assert outcome.retry_after is not None
    assert 590 <= outcome.retry_after <= 601


@pytest.mark.parametrize("code", [400, 404, 500, 503])
def test_other_statuses_are_failures_to_retry(receiver: Receiver, code: int) -> None:
    outcome = channel(receiver, f"/status/{code}").deliver(delivery("default"))
    assert not outcome.delivered
    assert not outcome.permanent
    assert outcome.retry_after is None
    assert outcome.detail == f"HTTP {code}"


def test_a_timeout_is_a_failure_to_retry(receiver: Receiver) -> None:
    receiver.slow_seconds = 1.5
    started = time.monotonic()
    outcome = channel(receiver, "/slow", timeout=0.3).deliver(delivery("default"))
    assert time.monotonic() - started < 1.4
    assert not outcome.delivered
    assert not outcome.permanent
    assert "timed out after 0.3 s" in outcome.detail


def test_a_closed_port_is_a_failure_to_retry() -> None:
    from tests.channels.conftest import free_port

    hook = WebhookChannel.from_config(
        {"url": f"http://127.0.0.1:{free_port()}/x", "secret_env": "S"}, {"S": WEBHOOK_SECRET}
    )
    outcome = hook.deliver(delivery("default"))
    assert not outcome.delivered
    assert not outcome.permanent
    assert "request failed" in outcome.detail
    assert WEBHOOK_SECRET not in outcome.detail


def test_named_endpoints_and_an_unknown_name(receiver: Receiver) -> None:
    config = {
        "timeout": 5,
        "endpoints": {
            "hr": {"url": receiver.url + "/ok", "secret_env": "HR"},
            "gone": {"url": receiver.url + "/status/410", "secret_env": "HR"},
        },
    }
    hook = WebhookChannel.from_config(config, {"HR": WEBHOOK_SECRET})
    assert hook.deliver(delivery("hr")).delivered
    assert hook.deliver(delivery("gone")).permanent
    assert hook.deliver(delivery("hr")).delivered  # one endpoint's 410 leaves the others alone
    unknown = hook.deliver(delivery("nobody"))
    assert unknown.permanent
    assert "no webhook endpoint" in unknown.detail


def test_digest_keys_that_are_not_header_safe_become_a_stable_id(receiver: Receiver) -> None:
    notices = (notice("c-1:a:1:plan"), notice("c.2:b:1:plan", case_id="c.2"))
    sent = delivery("default", *notices, digest=True)
    assert channel(receiver).deliver(sent).delivered
    (got,) = receiver.received
    assert got.headers["webhook-id"] == webhook_id(sent.key)
    assert got.headers["webhook-id"].startswith("pw_")
    assert "." not in got.headers["webhook-id"]
    assert json.loads(got.body)["data"]["key"] == sent.key  # the full key is in the body
    assert json.loads(got.body)["type"] == "poortwachter.reminder.digest"


# --- configuration and secrets -----------------------------------------------------------


def test_secrets_never_come_from_the_configuration() -> None:
    with pytest.raises(ChannelConfigError) as caught:
        WebhookChannel.from_config({"url": "https://h.example/x", "secret": WEBHOOK_SECRET}, {})
    assert caught.value.field == "secret"
    assert WEBHOOK_SECRET not in str(caught.value)


def test_a_secret_file_works(tmp_path: pytest.TempPathFactory, receiver: Receiver) -> None:
    path = tmp_path / "hook.secret"  # type: ignore[operator]
    path.write_text(WEBHOOK_SECRET + "\n")
    hook = WebhookChannel.from_config({"url": receiver.url + "/ok", "secret_file": str(path)}, {})
    assert hook.deliver(delivery("default")).delivered


@pytest.mark.parametrize(
    ("config", "environ", "field"),
    [
        ({}, {}, "url"),
        ({"url": "ftp://h/x", "secret_env": "S"}, {"S": WEBHOOK_SECRET}, "url"),
        ({"url": "http://example.org/x", "secret_env": "S"}, {"S": WEBHOOK_SECRET}, "url"),
        ({"url": "https://u:p@h.example/x", "secret_env": "S"}, {"S": WEBHOOK_SECRET}, "url"),
        ({"url": "https://h.example/x"}, {}, "secret_env"),
        ({"url": "https://h.example/x", "secret_env": "S"}, {}, "secret_env"),
        ({"url": "https://h.example/x", "secret_env": "S"}, {"S": "whsec_short"}, "secret_env"),
        ({"url": "https://h.example/x", "secret_env": "S"}, {"S": "no-prefix"}, "secret_env"),
        ({"url": "https://h.example/x", "secret_file": "/nonexistent/x"}, {}, "secret_file"),
        (
            {"url": "https://h.example/x", "secret_env": "S", "timeout": "5"},
            {"S": WEBHOOK_SECRET},
            "timeout",
        ),
        ({"endpoints": []}, {}, "endpoints"),
    ],
)
def test_bad_configuration_names_the_field(
    config: dict[str, object], environ: dict[str, str], field: str
) -> None:
    with pytest.raises(ChannelConfigError) as caught:
        WebhookChannel.from_config(config, environ)
    assert caught.value.field == field
    for value in environ.values():
        assert value not in str(caught.value)


_secretish = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=8)


@settings(max_examples=150, deadline=None)
@given(
    config=st.dictionaries(
        st.sampled_from(["url", "secret_env", "secret_file", "timeout", "endpoints", "secret",
                         "previous_secret_env", "allow_http"]),
        st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.none(), st.booleans(),
                  st.lists(st.text(max_size=5), max_size=2)),
    ),
    secret=_secretish,
)  # fmt: skip
def test_generated_configuration_is_accepted_or_refused_with_a_typed_error(
    config: dict[str, object], secret: str
) -> None:
    # A configuration value that happens to contain the secret is echoed as a value, not leaked.
    assume(all(secret.strip() not in str(v) for v in config.values()))
    environ = {str(v): secret for v in config.values() if isinstance(v, str) and v}
    refusal: ChannelConfigError | None = None
    try:
        WebhookChannel.from_config(config, environ)
    except ChannelConfigError as exc:
        refusal = exc
    if refusal is not None:
        assert refusal.field
        if secret.strip():
            assert secret.strip() not in str(refusal)


def test_an_endpoint_repr_hides_its_secrets() -> None:
    secret = _signing.WebhookSecret(WEBHOOK_SECRET)
    endpoint = Endpoint("hr", "https://h.example/x", (secret,))
    assert WEBHOOK_SECRET.removeprefix("whsec_") not in repr(endpoint) + repr(secret)


def test_our_verifier_refuses_tampering_and_stale_timestamps() -> None:
    secret = _signing.WebhookSecret(WEBHOOK_SECRET)
    now = 1_700_000_000
    body = b'{"a":1}'
    headers = {
        "webhook-id": "k1",
        "webhook-timestamp": str(now),
        "webhook-signature": _signing.sign(secret, "k1", now, body),
    }
    assert _signing.verify(secret, headers, body, now=now) == "k1"
    with pytest.raises(_signing.SignatureError):
        _signing.verify(secret, headers, body + b" ", now=now)
    with pytest.raises(_signing.SignatureError):
        _signing.verify(secret, headers, body, now=now + 301)
    with pytest.raises(_signing.SignatureError):
        _signing.verify(secret, {**headers, "webhook-id": "k2"}, body, now=now)
    # The reference library signs the same bytes the same way.
    reference = standardwebhooks.Webhook(WEBHOOK_SECRET)
    stamp = dt.datetime.fromtimestamp(now, dt.UTC)
    assert reference.sign("k1", stamp, body.decode()) == headers["webhook-signature"]


@settings(max_examples=100, deadline=None)
@given(key=st.text(min_size=1, max_size=300), body=st.binary(max_size=200))
def test_any_key_gives_a_header_safe_id_that_both_verifiers_accept(key: str, body: bytes) -> None:
    msg_id = webhook_id(key)
    assert _signing.safe_message_id(msg_id)
    assert "." not in msg_id
    assert webhook_id(key) == msg_id  # stable
    secret = _signing.WebhookSecret(WEBHOOK_SECRET)
    now = int(time.time())
    signature = _signing.signature_header((secret,), msg_id, now, body)
    headers = {"webhook-id": msg_id, "webhook-timestamp": str(now), "webhook-signature": signature}
    assert _signing.verify(secret, headers, body, now=now) == msg_id
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return  # the reference library only takes text bodies
    standardwebhooks.Webhook(WEBHOOK_SECRET).verify(text, headers, json_parse=False)


def test_https_with_a_private_ca(tls_receiver: Receiver, tls_files: TlsFiles) -> None:
    config = {"url": tls_receiver.url + "/ok", "secret_env": "S", "ca_file": str(tls_files.cert)}
    assert (
        WebhookChannel.from_config(config, {"S": WEBHOOK_SECRET}).deliver(delivery("x")).delivered
    )
    (got,) = tls_receiver.received
    assert got.reference_ok
    assert got.own_ok
    # Without the CA the certificate is refused: a failure to retry, nothing delivered.
    untrusted = WebhookChannel.from_config({**config, "ca_file": None}, {"S": WEBHOOK_SECRET})
    outcome = untrusted.deliver(delivery("x"))
    assert not outcome.delivered
    assert not outcome.permanent
    assert "CERTIFICATE_VERIFY_FAILED" in outcome.detail
