"""The reminder policy as data: when to remind whom, per moment, read from YAML and validated.

The shipped policy is ``config/reminders.yaml``; an organisation replaces it with its own file
(``--policy FILE`` or ``POORTWACHTER_REMINDERS``). Every mistake in the file becomes one
:class:`~poortwachter.errors.ReminderPolicyError` naming the field, what was found and what is
expected: a policy that is half-understood would send reminders to the wrong people.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from poortwachter.errors import ParameterFileError, ReminderPolicyError
from poortwachter.notify.channel import Step
from poortwachter.rules._yaml import load_yaml
from poortwachter.rules.parameters import config_dir

__all__ = [
    "POLICY_ENV",
    "Delegate",
    "DeliverySettings",
    "QuietPeriod",
    "RecipientSettings",
    "ReminderPolicy",
    "StepRule",
    "default_policy_path",
    "load_policy",
]

#: Environment variable naming an organisation's own policy file.
POLICY_ENV = "POORTWACHTER_REMINDERS"
#: Roles that can never receive a reminder: reminders address professionals only.
_FORBIDDEN_ROLES = frozenset({"employee", "werknemer", "employee_ref"})
_STRICT = ConfigDict(extra="forbid", frozen=True)


class StepRule(BaseModel):
    """One step of a moment: when (in working days) and to which role."""

    model_config = _STRICT

    step: Step
    working_days_before: int = Field(default=0, ge=0, le=260)
    working_days_after: int = Field(default=0, ge=0, le=260)
    role: str = Field(min_length=1)

    @model_validator(mode="after")
    def _direction(self) -> Self:
        if self.step == "escalation":
            if self.working_days_before or self.working_days_after < 1:
                raise ValueError("an escalation needs working_days_after >= 1 (and no _before)")
        elif self.working_days_after:
            raise ValueError(f"step '{self.step}' comes before the moment: use working_days_before")
        if self.step == "on_day" and self.working_days_before:
            raise ValueError("step 'on_day' has no working_days_before")
        if self.step in ("plan", "before") and self.working_days_before < 1:
            raise ValueError(f"step '{self.step}' needs working_days_before >= 1")
        if self.role in _FORBIDDEN_ROLES:
            raise ValueError("reminders address professionals, never the employee")
        return self

    def offset(self) -> int:
        """Working days relative to the moment: negative before, positive after."""
        return self.working_days_after if self.step == "escalation" else -self.working_days_before


class QuietPeriod(BaseModel):
    """Days (inclusive) on which no reminder goes out."""

    model_config = _STRICT

    start: dt.date
    end: dt.date
    name: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError("end lies before start")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Delegate(BaseModel):
    """A vervanger: ``delegate`` receives ``absent``'s reminders from ``start`` to ``end``."""

    model_config = _STRICT

    absent: str = Field(min_length=1)
    delegate: str = Field(min_length=1)
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _valid(self) -> Self:
        if self.end < self.start:
            raise ValueError("end lies before start")
        if self.absent == self.delegate:
            raise ValueError("a professional cannot be their own delegate")
        return self


class RecipientSettings(BaseModel):
    """How one recipient is reached: a channel, an address, instant or a daily digest."""

    model_config = _STRICT

    channel: str = Field(default="console", min_length=1)
    address: str = ""
    mode: Literal["instant", "digest"] = "instant"
    language: Literal["nl", "en"] = "nl"


class DeliverySettings(BaseModel):
    """How the sweep works: retries, lease and rhythm."""

    model_config = _STRICT

    max_failures: int = Field(default=10, ge=1, le=100)
    backoff_base_seconds: float = Field(default=5, gt=0)
    backoff_cap_seconds: float = Field(default=86400, gt=0)
    lease_seconds: float = Field(default=60, gt=0)
    sweep_interval_seconds: float = Field(default=30, gt=0)
    batch_size: int = Field(default=100, ge=1, le=10000)
    #: Outcomes are recorded at least this often (seconds) while a batch is delivered.
    ack_interval_seconds: float = Field(default=0.05, ge=0)


class ReminderPolicy(BaseModel):
    """The whole policy; see ``config/reminders.yaml`` for the annotated shipped version."""

    model_config = _STRICT

    version: Literal[1] = 1
    timezone: str = "Europe/Amsterdam"
    send_time: dt.time = dt.time(7, 30)
    catch_up: Literal["deliver", "merge"] = "merge"
    catch_up_after_minutes: int = Field(default=60, ge=0)
    roles: dict[str, str] = Field(default_factory=dict)
    unassigned_role: str = "hr"
    quiet_periods: tuple[QuietPeriod, ...] = ()
    delegates: tuple[Delegate, ...] = ()
    recipients: dict[str, RecipientSettings] = Field(
        default_factory=lambda: {"default": RecipientSettings()}
    )
    channels: dict[str, dict[str, Any]] = Field(default_factory=dict)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    moments: dict[str, tuple[StepRule, ...]] = Field(default_factory=dict)
    #: Where the policy was read from (not part of the file).
    source: str = Field(default="", exclude=True)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Amsterdam)") from None
        return value

    @field_validator("moments")
    @classmethod
    def _steps(cls, value: dict[str, tuple[StepRule, ...]]) -> dict[str, tuple[StepRule, ...]]:
        for reason, steps in value.items():
            names = [s.step for s in steps]
            if len(names) != len(set(names)):
                raise ValueError(f"moment '{reason}' lists a step twice")
        return value

    @model_validator(mode="after")
    def _roles_known(self) -> Self:
        known = {"casemanager", *self.roles}
        for reason, steps in self.moments.items():
            for rule in steps:
                if rule.role not in known:
                    raise ValueError(
                        f"moment '{reason}' step '{rule.step}' names role '{rule.role}', which "
                        f"is not under roles (known: {', '.join(sorted(known))})"
                    )
        if self.unassigned_role not in self.roles:
            raise ValueError(f"unassigned_role '{self.unassigned_role}' is not under roles")
        if "default" not in self.recipients:
            raise ValueError("recipients needs a 'default' entry")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def fingerprint(self) -> str:
        """A short digest of the planning part of the policy (:data:`_PLANNING`), carried by
        every planned reminder, so that ``verify`` can tell a plan made under an earlier policy
        from an edited one."""
        return _fingerprint(self)

    def recipient(self, ref: str) -> RecipientSettings:
        """How ``ref`` is reached (the ``default`` entry when not listed)."""
        return self.recipients.get(ref) or self.recipients["default"]

    def delegate_for(self, ref: str, day: dt.date) -> str:
        """Who receives ``ref``'s reminders on ``day``: a vervanger while ``ref`` is away."""
        for entry in self.delegates:
            if entry.absent == ref and entry.start <= day <= entry.end:
                return entry.delegate
        return ref

    def role_ref(self, role: str, casemanager: str | None) -> str:
        """The professional a role stands for in a case."""
        if role == "casemanager":
            return casemanager or self.roles[self.unassigned_role]
        return self.roles[role]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], source: str = "<policy>") -> ReminderPolicy:
        """Validate ``data``; the first problem becomes a :class:`ReminderPolicyError`."""
        if not isinstance(data, Mapping):
            raise ReminderPolicyError(source, None, "is not a mapping", "keys such as moments:")
        try:
            policy = cls.model_validate({**data, "source": source})
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or None
            got = first.get("input")
            found = "" if isinstance(got, dict | list) else f" (found {got!r})"
            message = str(first["msg"]).removeprefix("Value error, ")
            raise ReminderPolicyError(source, field, message + found) from None
        return policy


def default_policy_path() -> Path:
    """The shipped policy file."""
    return config_dir() / "reminders.yaml"


def load_policy(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> ReminderPolicy:
    """The policy at ``path``, else at ``$POORTWACHTER_REMINDERS``, else the shipped one."""
    env = os.environ if environ is None else environ
    chosen = Path(path) if path else Path(env[POLICY_ENV]) if env.get(POLICY_ENV) else None
    file = chosen or default_policy_path()
    try:
        data = load_yaml(file)
    except ParameterFileError as exc:
        raise ReminderPolicyError(str(file), exc.key, exc.reason) from None
    return ReminderPolicy.from_data(data if data is not None else {}, str(file))


#: What the planner reads: only a change of these re-plans. Recipients, channels, delegates and
#: delivery settings act when a reminder is sent, so changing them leaves every plan current.
_PLANNING = {
    "version",
    "timezone",
    "send_time",
    "roles",
    "unassigned_role",
    "quiet_periods",
    "moments",
}

#: id -> (policy, digest). Not a cached property: ``model_copy(update=...)`` would copy it.
_FINGERPRINTS: dict[int, tuple[ReminderPolicy, str]] = {}


def _fingerprint(policy: ReminderPolicy) -> str:
    known = _FINGERPRINTS.get(id(policy))
    if known is not None and known[0] is policy:
        return known[1]
    digest = hashlib.sha256(policy.model_dump_json(include=_PLANNING).encode()).hexdigest()[:16]
    if len(_FINGERPRINTS) >= 64:
        _FINGERPRINTS.clear()
    _FINGERPRINTS[id(policy)] = (policy, digest)
    return digest
