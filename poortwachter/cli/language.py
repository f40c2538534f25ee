"""The command line's language: of help texts (read from argv before parsing) and of this run.

Help is rendered before ``--lang`` is parsed, so its language is read from ``sys.argv`` once;
errors use the language the run settled on. Kept apart so the output and the options read one
state.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from poortwachter.texts import Language, text

__all__ = ["help_text", "language", "set_language"]


def _help_language(argv: Sequence[str]) -> Language:
    """The language asked for on the command line (``--lang en`` or ``--lang=en``)."""
    for i, arg in enumerate(argv):
        if arg == "--lang=en" or (arg == "--lang" and argv[i + 1 : i + 2] == ["en"]):
            return "en"
    return "nl"


#: The language of help texts and of errors raised before the options are parsed.
_HELP_LANGUAGE: Language = _help_language(sys.argv[1:])


def help_text(key: str) -> str:
    """A help text in the language the command line asks for (Dutch by default)."""
    return text(f"cli.help.{key}", _HELP_LANGUAGE)


@dataclass
class _State:
    """Per-run state: the language errors are reported in."""

    language: Language = "nl"


_STATE = _State()


def language() -> Language:
    """The language of this run's text (after ``--lang`` is parsed)."""
    return _STATE.language


def set_language(value: Language) -> None:
    """Settle the language of this run's messages (``--lang``)."""
    _STATE.language = value
