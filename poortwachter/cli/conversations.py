"""Conversation commands: ``contact plan|hold|move|cancel``, ``agreement add|keep|miss``,
``werkbalans record FORM`` and ``signals``.

Each command builds one event of the conversation family (the same JSON ``case record``
accepts) and records it through :meth:`poortwachter.Engine.record_conversation`; a medical term
in free text is printed as a warning naming the field and the term, or refused (exit 2) when
the policy ``POORTWACHTER_MEDICAL_TERMS=refuse`` says so. The ``contact`` and ``agreement``
commands are :mod:`.contacts` and :mod:`.agreements`; what they share is
:mod:`.conversation_input`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from poortwachter.cli._core import (
    _PLAIN,
    AsOfOption,
    DbOption,
    FormatOption,
    LangOption,
    app,
    echo_json,
    echo_text,
    help_text,
    parse_date,
    settings,
)
from poortwachter.cli.agreements import agreement_app
from poortwachter.cli.contacts import contact_app
from poortwachter.cli.conversation_input import conversation_command
from poortwachter.cli.shared_params import CasemanagerOption, open_engine
from poortwachter.texts import text

__all__ = ["agreement_app", "contact_app", "werkbalans_app"]

werkbalans_app = typer.Typer(help=help_text("werkbalans"), no_args_is_help=True, **_PLAIN)
app.add_typer(werkbalans_app, name="werkbalans")


def _read_form(path: str) -> dict[str, Any]:
    """The werkbalansgesprek form from a JSON or YAML file (``-``: JSON on stdin)."""
    from poortwachter.casefile import read_json
    from poortwachter.errors import InvalidCaseFileError

    if path.endswith((".yaml", ".yml")):
        import yaml

        try:
            with open(path, encoding="utf-8") as handle:
                data = yaml.safe_load(handle)
        except FileNotFoundError:
            raise InvalidCaseFileError(path, "no such file") from None
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise InvalidCaseFileError(path, f"cannot be read as YAML: {exc}") from None
    else:
        data, _ = read_json(path)
    if not isinstance(data, dict):
        raise InvalidCaseFileError(path, "expected one object: the werkbalansgesprek form")
    return {"type": "werkbalansgesprek_held", **data}


@conversation_command(werkbalans_app, "record", "werkbalans_record")
def werkbalansrecord(
    form: Annotated[
        str, typer.Argument(metavar="FORM.json|yaml", help=help_text("conv_form_file"))
    ],
) -> dict[str, Any]:
    return _read_form(form)


@app.command("signals", help=help_text("signals"))
def signals(
    ctx: typer.Context,
    casemanager: CasemanagerOption = None,
    case_id: Annotated[str | None, typer.Option("--case", help=help_text("conv_case"))] = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    day = parse_date(as_of, "--as-of")
    with open_engine(chosen.db) as engine:
        found = engine.signals(
            casemanager=casemanager, case_id=case_id, as_of=day, language=chosen.lang
        )
    if chosen.output == "json":
        echo_json([s.model_dump(mode="json") for s in found])
        return
    from poortwachter.render import format_date

    header = "signal.header_one" if len(found) == 1 else "signal.header"
    lines = [text(header, chosen.lang, count=len(found)) + "\n"]
    for s in found:
        label = text(f"signal.{s.kind}", chosen.lang)
        since = format_date(s.since, chosen.lang)
        lines.append(f"{since}  {s.case_id}  {s.casemanager or '-'}  {label}\n")
        lines.append(f"    {s.reason}\n    → {s.suggests}\n")
    echo_text("".join(lines))
