"""Commands whose shared parameters are declared once, around each command's own options.

Many commands open with the case argument and end with ``--actor/--db/--format/--lang``; a
builder declares only what is its own, and :func:`spliced_command` puts the shared parameters
before and after it, in the order ``--help`` shows them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import typer

from poortwachter.cli._core import CaseArg, DbOption, FormatOption, LangOption, help_text

__all__ = ["CASE_HEAD", "KEYWORD", "OUTPUT_TAIL", "spliced_command"]

KEYWORD = inspect.Parameter.KEYWORD_ONLY
#: The context and the CASE argument: what a command on one case starts with.
CASE_HEAD = (
    inspect.Parameter("ctx", KEYWORD, annotation=typer.Context),
    inspect.Parameter("case_id", KEYWORD, annotation=CaseArg),
)
#: ``--db/--format/--lang``: what every command that opens the database ends with.
OUTPUT_TAIL = (
    inspect.Parameter("db", KEYWORD, annotation=DbOption, default=None),
    inspect.Parameter("output", KEYWORD, annotation=FormatOption, default=None),
    inspect.Parameter("lang", KEYWORD, annotation=LangOption, default=None),
)
Builder = TypeVar("Builder", bound=Callable[..., Any])


def spliced_command(
    group: typer.Typer,
    name: str,
    help_key: str,
    *,
    head: Sequence[inspect.Parameter],
    tail: Sequence[inspect.Parameter],
    run: Callable[..., None],
) -> Callable[[Builder], Builder]:
    """Registers ``build`` as ``group name`` with ``head`` before its parameters and ``tail``
    after them. The command calls ``run(make, **shared)``: ``shared`` the head and tail values,
    ``make()`` the builder on its own options, for ``run`` to call when it is time."""
    shared = {p.name for p in (*head, *tail)}

    def register(build: Builder) -> Builder:
        own = inspect.signature(build, eval_str=True).parameters.values()
        params = [*head, *(p.replace(kind=KEYWORD) for p in own), *tail]

        def command(**given: Any) -> None:
            options = {k: v for k, v in given.items() if k not in shared}
            run(lambda: build(**options), **{k: v for k, v in given.items() if k in shared})

        command.__name__, command.__doc__ = build.__name__, build.__doc__
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        group.command(name, help=help_text(help_key))(command)
        return build

    return register
