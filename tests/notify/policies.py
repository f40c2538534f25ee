"""Policies for the reminder tests: the shipped one with some keys replaced."""

from __future__ import annotations

from typing import Any

from poortwachter.notify.policy import ReminderPolicy, load_policy

#: The test channel that posts to the local HTTP receiver, by its factory name.
POST = "tests.notify.receiver:PostChannel"


def policy_with(**changes: Any) -> ReminderPolicy:
    """The shipped policy with top-level keys replaced (validated like a file)."""
    data = load_policy().model_dump(mode="json")
    data.update(changes)
    return ReminderPolicy.from_data(data, "test-policy")
