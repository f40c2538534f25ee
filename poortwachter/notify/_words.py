"""Names of reasons and steps in the recipient's language, shared by the channels."""

from __future__ import annotations

from poortwachter.texts import MESSAGES, Language, text

__all__ = ["reason_label", "step_label"]


def reason_label(reason: str, language: Language) -> str:
    """A legal moment's name (``kind.*``), a cadence or agreement, else the reason as given."""
    for key in (f"kind.{reason}", f"channels.reason.{reason}"):
        if key in MESSAGES:
            return text(key, language)
    return reason


def step_label(step: str, language: Language) -> str:
    key = f"channels.step.{step}"
    return text(key, language) if key in MESSAGES else step
