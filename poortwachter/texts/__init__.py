"""Every word poortwachter shows people, in Dutch (the default) and English, in one package.

Keys are stable identifiers; values are ``(nl, en)`` templates for :meth:`str.format`. Dutch
output is entirely Dutch and English entirely English: code never builds a sentence from
fragments of one language and data of another. The names of event types live on the event
classes themselves (``EventBase.labels``), so that the vocabulary grows by one class; they are
read through :func:`event_label` like every other text here.

Nothing here is medical: these are the words of the process (WVP), not of a diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from poortwachter.texts import (
    agenda,
    boundaries,
    channels,
    cli,
    conversations,
    errors,
    integrity,
    moments,
    process,
    reminders,
    rules,
)

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "Language",
    "check_language",
    "text",
]

#: The languages of user-facing text. Dutch is the default everywhere.
Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

#: The topic modules, one per area of the product. A new area adds one module and one line here;
#: keys are prefixed by topic ("kind.", "status.", "cli.", ...) and must not repeat across modules.
_TOPICS = (
    process,
    rules,
    cli,
    agenda,
    boundaries,
    channels,
    conversations,
    errors,
    integrity,
    moments,
    reminders,
)


def _merged() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for topic in _TOPICS:
        repeated = merged.keys() & topic.MESSAGES.keys()
        if repeated:
            raise RuntimeError(f"text keys defined twice: {sorted(repeated)}")
        merged.update(topic.MESSAGES)
    return merged


#: key -> (Dutch, English), every topic together.
MESSAGES: Mapping[str, tuple[str, str]] = _merged()


def check_language(language: str) -> Language:
    """``language`` as a :data:`Language`, or ValueError naming the accepted ones."""
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not supported; expected one of nl, en")
    return language


def text(key: str, language: Language = "nl", /, **args: object) -> str:
    """The message ``key`` in ``language``, with ``args`` filled in."""
    nl, en = MESSAGES[key]
    template = en if language == "en" else nl
    return template.format(**args) if args else template
