"""The policy file: the shipped one loads; every malformed one is one typed error naming the
field, never a traceback (generated bad input, not only hand-picked cases)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from poortwachter.cli import run as cli_run
from poortwachter.errors import ChannelConfigError, ReminderPolicyError
from poortwachter.notify.channels import build_channel
from poortwachter.notify.policy import ReminderPolicy, load_policy


def _shipped() -> dict[str, Any]:
    data = yaml.safe_load(Path("config/reminders.yaml").read_text())
    assert isinstance(data, dict)
    return data


def test_the_shipped_policy_loads_and_addresses_professionals_only() -> None:
    policy = load_policy()
    assert policy.timezone == "Europe/Amsterdam"
    roles = {rule.role for steps in policy.moments.values() for rule in steps}
    assert roles <= {"casemanager", *policy.roles}
    assert {"contact_cadence", "agreement", "plan_of_approach"} <= set(policy.moments)


def test_every_legal_action_has_reminder_steps_in_the_shipped_policy() -> None:
    """A moment the agenda shows but no reminder serves would be forgotten silently."""
    from poortwachter.rules.model import ACTION_KINDS

    policy = load_policy()
    missing = sorted(kind.value for kind in ACTION_KINDS if kind.value not in policy.moments)
    assert missing == []
    for reason, steps in policy.moments.items():
        assert any(rule.step == "on_day" for rule in steps), reason


_JAN1 = "2026-01-01"


def _step(step: str, role: str = "casemanager") -> dict[str, str]:
    return {"step": step, "role": role}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Europe/Atlantis"}, "timezone"),
        ({"send_time": "25:00"}, "send_time"),
        ({"catch_up": "skip"}, "catch_up"),
        ({"moments": {"agreement": [_step("on_day", "employee")]}}, "moments.agreement.0"),
        ({"moments": {"agreement": [_step("plan")]}}, "moments.agreement.0"),
        ({"moments": {"agreement": [_step("escalation")]}}, "moments.agreement.0"),
        ({"moments": {"agreement": [_step("on_day", "boss")]}}, None),
        ({"delegates": [{"absent": "a", "delegate": "a", "start": _JAN1, "end": _JAN1}]},
         "delegates.0"),
        ({"quiet_periods": [{"start": "2026-02-01", "end": "2026-01-01"}]}, "quiet_periods.0"),
        ({"recipients": {"x": {"channel": "console"}}}, None),
        ({"delivery": {"max_failures": 0}}, "delivery.max_failures"),
        ({"surprise": 1}, "surprise"),
    ],
)  # fmt: skip
def test_bad_policies_name_the_field(change: dict[str, Any], field: str | None) -> None:
    with pytest.raises(ReminderPolicyError) as info:
        ReminderPolicy.from_data({**_shipped(), **change}, "org.yaml")
    assert info.value.file == "org.yaml"
    assert info.value.field == field
    assert str(info.value).startswith("org.yaml")


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 400), st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(path=st.lists(st.sampled_from(["moments", "agreement", 0, "step", "role", "delivery",
                                      "lease_seconds", "recipients", "default", "mode",
                                      "quiet_periods", "send_time", "roles", "hr"]),
                     min_size=1, max_size=4),
       value=_VALUES)  # fmt: skip
def test_generated_bad_input_is_a_policy_error_or_a_valid_policy(
    path: list[Any], value: Any
) -> None:
    data: Any = _shipped()
    node = data
    for step in path[:-1]:
        child = node.get(step) if isinstance(node, dict) else None
        if not isinstance(child, dict | list):
            break
        node = child
    else:
        last = path[-1]
        if isinstance(node, dict):
            node[last] = value
        elif isinstance(last, int) and node:
            node[0] = value
    try:
        ReminderPolicy.from_data(data, "gen.yaml")
    except ReminderPolicyError as exc:
        problem = exc
    else:
        return
    assert str(problem).startswith("gen.yaml")
    assert problem.reason


def test_a_bad_policy_file_is_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "policy.yaml"
    file.write_text("send_time: [1]\nsend_time: 2\n")
    code = cli_run(["--db", str(tmp_path / "x.db"), "reminders", "plan", "--policy", str(file)])
    err = capsys.readouterr().err
    assert code == 2
    assert "duplicate key" in err
    assert err.count("\n") == 1


def test_channel_settings_are_checked_and_unknown_channels_refused(tmp_path: Path) -> None:
    with pytest.raises(ChannelConfigError) as info:
        build_channel("capture", {}, {})
    assert (info.value.channel, info.value.field) == ("capture", "path")
    with pytest.raises(ChannelConfigError) as info:
        build_channel("pigeon", {}, {})
    assert (info.value.channel, info.value.field) == ("pigeon", "channel")
    with pytest.raises(ChannelConfigError, match="not available"):
        build_channel("nowhere.module:Channel", {}, {})
    assert build_channel("capture", {"path": str(tmp_path / "c.jsonl")}, {}).name == "capture"
