"""The command line's language: of help texts (read from argv before parsing) and of this run.

Help is rendered before ``--lang`` is parsed, so its language is read from ``sys.argv`` once;
errors use the language the run settled on. Kept apart so the output and the options read one
state.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from poortwachter.texts import Language, text

__all__ = ["help_text", "language", "localize_help_frame", "set_language"]


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


#: The option parser's own words (typer's help frame) -> the text key that says them.
_FRAME_WORDS = {
    "Options": "cli.frame.options",
    "Arguments": "cli.frame.arguments",
    "Commands": "cli.frame.commands",
    "required": "cli.frame.required",
    "default: {default}": "cli.frame.default",
    "env var: {var}": "cli.frame.env_var",
}


def _frame_word(message: str) -> str:
    key = _FRAME_WORDS.get(message)
    return text(key, _HELP_LANGUAGE) if key else message


def localize_help_frame() -> None:
    """Word typer's help frame ("Usage:", "Options", "[required]", the help option's own
    help) in the help language, and show a required argument as ``CASE``, not ``{CASE}``.

    Typer has no setting for these: its core looks the section words up through a module-level
    gettext alias, which is replaced here; the usage prefix, the help option's text and the
    argument's usage name are wrapped at their one place of definition. Idempotent; checked by
    tests/polish, so a typer upgrade that moves them fails a test instead of going unnoticed.
    """
    import typer.core
    from typer._click import decorators, formatting

    if getattr(typer.core, "_poortwachter_frame", False):
        return
    typer.core._ = _frame_word  # type: ignore[attr-defined]
    write_usage = formatting.HelpFormatter.write_usage

    def usage(
        self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        write_usage(
            self, prog, args, text("cli.frame.usage", _HELP_LANGUAGE) if prefix is None else prefix
        )

    formatting.HelpFormatter.write_usage = usage  # type: ignore[method-assign]
    help_option = decorators.help_option

    def worded_help_option(*args: Any, **kwargs: Any) -> Any:
        add = help_option(*args, **kwargs)

        def apply(command: Any) -> Any:
            command = add(command)
            command.params[-1].help = text("cli.frame.help", _HELP_LANGUAGE)
            return command

        return apply

    decorators.help_option = worded_help_option

    def usage_name(self: typer.core.TyperArgument) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    typer.core.TyperArgument._usage_display_name = usage_name  # type: ignore[method-assign]
    typer.core._poortwachter_frame = True  # type: ignore[attr-defined]


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
