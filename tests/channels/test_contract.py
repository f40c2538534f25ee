"""The convention the sweep's factory relies on: ``module:Class`` names, a ``name``, a
``from_config(config, environ)`` classmethod raising ``ChannelConfigError``, and ``deliver``
answering with an ``Outcome`` (never raising) even for a delivery it cannot use."""

from __future__ import annotations

import importlib

import pytest

from poortwachter.errors import ChannelConfigError, PoortwachterError
from poortwachter.notify.channel import Delivery, Outcome
from tests.channels.conftest import WEBHOOK_SECRET, free_port

FACTORY_NAMES = {
    "email": "poortwachter.notify.email:EmailChannel",
    "webhook": "poortwachter.notify.webhook:WebhookChannel",
}
WORKING = {
    "email": {
        "host": "127.0.0.1",
        "port": 0,  # replaced by a closed port below
        "security": "none",
        "from": "poortwachter@werkgever.example",
        "unsubscribe_url": "https://x.example/u",
        "timeout": 2,
    },
    "webhook": {"url": "http://127.0.0.1:0/x", "secret_env": "S", "timeout": 2},
}


def resolve(spec: str) -> type:
    module, _, name = spec.partition(":")
    found = getattr(importlib.import_module(module), name)
    assert isinstance(found, type)
    return found


@pytest.mark.parametrize("channel", sorted(FACTORY_NAMES))
def test_factory_names_resolve_and_refuse_an_empty_configuration(channel: str) -> None:
    cls = resolve(FACTORY_NAMES[channel])
    assert cls.name == channel  # type: ignore[attr-defined]
    with pytest.raises(ChannelConfigError) as caught:
        cls.from_config({}, {})  # type: ignore[attr-defined]
    assert isinstance(caught.value, PoortwachterError)
    assert caught.value.channel.startswith(channel)
    assert caught.value.field


@pytest.mark.parametrize("channel", sorted(FACTORY_NAMES))
def test_deliver_answers_with_an_outcome_for_unusable_deliveries(channel: str) -> None:
    cls = resolve(FACTORY_NAMES[channel])
    port = free_port()
    config = dict(WORKING[channel])
    if channel == "email":
        config["port"] = port
    else:
        config["url"] = f"http://127.0.0.1:{port}/x"
    instance = cls.from_config(config, {"S": WEBHOOK_SECRET})  # type: ignore[attr-defined]
    for delivery in (
        Delivery(recipient="anna", address="", notices=()),
        Delivery(recipient="anna", address="anna@werkgever.example", notices=()),
    ):
        outcome = instance.deliver(delivery)
        assert isinstance(outcome, Outcome)
        assert not outcome.delivered
        assert outcome.permanent  # retrying cannot fix an empty delivery or a bad address
        assert "\n" not in outcome.detail
