"""Reading a channel's configuration: typed fields, and secrets from outside the configuration.

A secret (SMTP password, webhook signing secret) is never a value in the configuration, which
is meant to be committed: the configuration names an environment variable (``<field>_env``) or
a file holding only the secret (``<field>_file``, e.g. a container secret). A literal
``<field>`` in the configuration is refused, so a secret cannot slip into a repository unseen.
Errors name the field and where the secret was looked for, never the secret itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from poortwachter.errors import ChannelConfigError

__all__ = ["ChannelConfig", "Secret", "scrub"]


class Secret:
    """A secret value that shows as ``***`` in ``str``, ``repr`` and f-strings; only
    :meth:`reveal` gives it, at the one place that must send it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret(***)"

    def __str__(self) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class ChannelConfig:
    """One channel's configuration mapping, read field by field with typed errors."""

    def __init__(
        self, channel: str, config: Mapping[str, object], environ: Mapping[str, str]
    ) -> None:
        if not isinstance(config, Mapping):
            raise ChannelConfigError(channel, "(section)", "expected a mapping of fields")
        self.channel = channel
        self.config = config
        self.environ = environ

    def error(self, field: str, reason: str, hint: str | None = None) -> ChannelConfigError:
        return ChannelConfigError(self.channel, field, reason, hint=hint)

    def text(self, field: str, default: str | None = None) -> str:
        """A non-empty string field; required when ``default`` is None."""
        value = self.config.get(field, default)
        if value is None:
            raise self.error(field, "is missing", "add it to the channel's configuration")
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, f"expected a non-empty string, got {type(value).__name__}")
        return value.strip()

    def optional_text(self, field: str) -> str | None:
        return self.text(field) if self.config.get(field) is not None else None

    def number(self, field: str, default: float, *, low: float, high: float) -> float:
        value = self.config.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(field, f"expected a number, got {type(value).__name__}")
        if not low <= value <= high:
            raise self.error(field, f"expected a number from {low:g} to {high:g}, got {value}")
        return float(value)

    def integer(self, field: str, default: int, *, low: int, high: int) -> int:
        value = self.config.get(field, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"expected a whole number, got {type(value).__name__}")
        if not low <= value <= high:
            raise self.error(field, f"expected a whole number from {low} to {high}, got {value}")
        return value

    def choice(self, field: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.text(field, default)
        if value not in choices:
            raise self.error(field, f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    def secret(self, field: str, *, required: bool = True) -> Secret | None:
        """The secret ``field`` from ``<field>_env`` or ``<field>_file`` (exactly one)."""
        if field in self.config:
            raise self.error(
                field,
                "a secret may not be written in the configuration",
                f"remove it and name an environment variable in '{field}_env' or a file in "
                f"'{field}_file' instead",
            )
        env_name = self.config.get(f"{field}_env")
        file_name = self.config.get(f"{field}_file")
        if env_name is not None and file_name is not None:
            raise self.error(f"{field}_env", f"give either '{field}_env' or '{field}_file'")
        if env_name is not None:
            return Secret(self._from_env(f"{field}_env", env_name))
        if file_name is not None:
            return Secret(self._from_file(f"{field}_file", file_name))
        if required:
            raise self.error(
                f"{field}_env",
                "is missing",
                f"name the environment variable that holds the secret in '{field}_env' (or a "
                f"file in '{field}_file')",
            )
        return None

    def _from_env(self, field: str, name: object) -> str:
        if not isinstance(name, str) or not name:
            raise self.error(field, "expected the name of an environment variable")
        value = self.environ.get(name, "")
        if not value.strip():
            raise self.error(field, f"environment variable {name} is not set or empty")
        return value.strip()

    def _from_file(self, field: str, name: object) -> str:
        if not isinstance(name, str) or not name:
            raise self.error(field, "expected the path of a file holding only the secret")
        try:
            value = Path(name).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "unreadable"
            raise self.error(field, f"file {name} cannot be read ({reason})") from None
        if not value.strip():
            raise self.error(field, f"file {name} is empty")
        return value.strip()


def scrub(detail: str, secrets: tuple[Secret, ...], *, limit: int = 300) -> str:
    """``detail`` as one line, with every secret replaced and the length bounded.

    Outcome details come partly from the other side (a server's reply), which may echo what it
    was sent; this is the last line of defence, not the first.
    """
    line = " ".join(detail.split())
    for secret in secrets:
        if secret.reveal():
            line = line.replace(secret.reveal(), "***")
    return line if len(line) <= limit else line[: limit - 1] + "…"
