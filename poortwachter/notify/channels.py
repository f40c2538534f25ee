"""Building channels by name, and the two channels that need no server: console and capture.

A recipient's channel is named in the policy (``recipients.<ref>.channel``) and configured under
``channels.<name>``. :func:`build_channel` turns the name into an object: ``console`` and
``capture`` live here; ``email`` and ``webhook`` in their own modules (imported only when used);
any other name of the form ``package.module:Class`` is imported as given, so an organisation can
plug in its own channel. Every channel class has ``from_config(config, environ)``, which raises
:class:`~poortwachter.errors.ChannelConfigError` naming the field. Secrets come from
``environ``, never from the policy file.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Self, TextIO

from poortwachter.errors import ChannelConfigError
from poortwachter.notify.channel import Channel, Delivery, Outcome
from poortwachter.notify.message import body_lines, subject

__all__ = ["CaptureChannel", "ChannelCache", "ConsoleChannel", "build_channel"]

#: Channels shipped in their own modules: imported only when a recipient uses them.
_BUILT_IN = {
    "email": "poortwachter.notify.email:EmailChannel",
    "webhook": "poortwachter.notify.webhook:WebhookChannel",
}


class ConsoleChannel:
    """Prints each message (development, demos, the default): subject, then the lines."""

    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Mapping[str, object], environ: Mapping[str, str]) -> Self:
        unknown = set(config) - {"stream"}
        if unknown:
            raise ChannelConfigError("console", sorted(unknown)[0], "is not a console setting")
        stream = config.get("stream", "stdout")
        if stream not in ("stdout", "stderr"):
            raise ChannelConfigError("console", "stream", "expected stdout or stderr")
        return cls(sys.stderr if stream == "stderr" else None)

    def deliver(self, delivery: Delivery) -> Outcome:
        stream = self._stream or sys.stdout
        lines = [f"-- {delivery.recipient}: {subject(delivery)}", *body_lines(delivery)]
        with self._lock:
            stream.write("\n".join(lines) + "\n")
            stream.flush()
        return Outcome(True, detail="printed")


class CaptureChannel:
    """Appends each message as one JSON line to a file, flushed to disk before it answers.

    For tests, audits and pipelines: the file is a receiver that survives a crash of the
    sender, and its lines carry the idempotency key so duplicates can be counted.
    """

    name = "capture"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Mapping[str, object], environ: Mapping[str, str]) -> Self:
        path = config.get("path")
        if not isinstance(path, str) or not path.strip():
            raise ChannelConfigError("capture", "path", "expected the file to append messages to")
        return cls(Path(path))

    def deliver(self, delivery: Delivery) -> Outcome:
        record = {
            "key": delivery.key,
            "recipient": delivery.recipient,
            "address": delivery.address,
            "digest": delivery.digest,
            "attempt": delivery.attempt,
            "notices": [n.key for n in delivery.notices],
            "subject": subject(delivery),
        }
        line = json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            with self._lock, self.path.open("a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            return Outcome(False, detail=f"cannot write {self.path.name}: {exc.strerror}")
        return Outcome(True, detail="captured")


def _channel_class(name: str) -> Any:
    target = _BUILT_IN.get(name, name)
    if ":" not in target:
        raise ChannelConfigError(
            name,
            "channel",
            "unknown channel; expected console, capture, email, webhook or package.module:Class",
        )
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise ChannelConfigError(
            name, "channel", f"module {module_name} is not available"
        ) from None
    cls = getattr(module, class_name, None)
    if cls is None or not hasattr(cls, "from_config"):
        raise ChannelConfigError(name, "channel", f"{target} has no channel class with from_config")
    return cls


def build_channel(
    name: str, config: Mapping[str, object], environ: Mapping[str, str] | None = None
) -> Channel:
    """The channel ``name`` configured with ``config`` (secrets from ``environ``)."""
    env = os.environ if environ is None else environ
    if name == "console":
        return ConsoleChannel.from_config(config, env)
    if name == "capture":
        return CaptureChannel.from_config(config, env)
    channel: Channel = _channel_class(name).from_config(config, env)
    return channel


class ChannelCache:
    """One channel object per name for a worker's lifetime (built on first use)."""

    def __init__(
        self,
        configs: Mapping[str, Mapping[str, object]],
        environ: Mapping[str, str] | None = None,
        build: Callable[
            [str, Mapping[str, object], Mapping[str, str] | None], Channel
        ] = build_channel,
    ) -> None:
        self._configs = configs
        self._environ = environ
        self._build = build
        self._channels: dict[str, Channel] = {}
        self._lock = threading.Lock()

    def __call__(self, name: str) -> Channel:
        with self._lock:
            channel = self._channels.get(name)
            if channel is None:
                channel = self._build(name, self._configs.get(name, {}), self._environ)
                self._channels[name] = channel
            return channel
