"""What the database commands declare and do alike, declared once: the engine they open,
the options they share, and the parameters spliced around each command's own.

Many commands open with the case argument and end with ``--actor/--db/--format/--lang``; a
builder declares only what is its own, and :func:`spliced_command` puts the shared parameters
before and after it, in the order ``--help`` shows them. The engine (and with it SQLAlchemy
and the store) is imported inside :func:`open_engine`, only when a command runs that needs it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from poortwachter.cli._core import (
    CaseArg,
    DbOption,
    FormatOption,
    LangOption,
    clock,
    fail_text,
    help_text,
    quoted,
)

if TYPE_CHECKING:
    from poortwachter.engine import Engine

__all__ = [
    "ACTOR_TAIL",
    "CASE_HEAD",
    "KEYWORD",
    "OUTPUT_TAIL",
    "ActorOption",
    "CasemanagerOption",
    "ExpectedVersionOption",
    "SoonOption",
    "case_filter",
    "open_engine",
    "spliced_command",
]

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
ActorOption = Annotated[
    str, typer.Option("--actor", envvar="POORTWACHTER_ACTOR", help=help_text("actor"))
]
#: ``--actor`` and ``--db/--format/--lang``: what every recording command ends with.
ACTOR_TAIL = (
    inspect.Parameter("actor", KEYWORD, annotation=ActorOption, default="cli"),
    *OUTPUT_TAIL,
)
CasemanagerOption = Annotated[
    str | None, typer.Option("--casemanager", help=help_text("casemanager"))
]
ExpectedVersionOption = Annotated[
    int | None, typer.Option("--expected-version", help=help_text("expected_version"))
]


def case_filter(help_key: str) -> Any:
    """The optional CASE argument of a command that otherwise works on every case."""
    return typer.Argument(metavar="CASE", help=help_text(help_key), show_default=False)


#: The "binnenkort" horizon in working days (default: the engine's, 10).
SoonOption = Annotated[
    int | None,
    typer.Option(
        "--soon",
        envvar="POORTWACHTER_SOON_DAYS",
        min=0,
        max=260,
        metavar="N",
        help=help_text("soon"),
        show_default=False,
    ),
]


@contextmanager
def open_engine(db: str, *, create: bool = False, **options: Any) -> Iterator[Engine]:
    """The engine on ``db``, closed afterwards; only commands that write a new case create a
    database. A malformed URL or a missing driver is bad input (exit 2). ``options`` go to
    :meth:`Engine.open` (the reminder policy)."""
    import sqlalchemy as sa

    from poortwachter.engine import Engine

    try:
        engine = Engine.open(db, clock=clock(), create=create, **options)
    except (ValueError, ImportError, sa.exc.ArgumentError) as exc:
        fail_text("cli.bad_db", db=quoted(db), detail=str(exc))
    with engine:
        yield engine


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
