"""``db rebuild``: rewrite the projections from the hash-chained log."""

from __future__ import annotations

from typing import Annotated

import typer

from poortwachter.cli._core import (
    EXIT_FAILURE,
    DbOption,
    FormatOption,
    LangOption,
    db_app,
    echo_json,
    echo_text,
    escape,
    help_text,
    settings,
)
from poortwachter.cli.shared_params import case_filter, open_engine
from poortwachter.texts import text

__all__ = ["db_rebuild"]


@db_app.command("rebuild", help=help_text("rebuild"))
def db_rebuild(
    ctx: typer.Context,
    case_id: Annotated[str | None, case_filter("rebuild_case")] = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    with open_engine(chosen.db) as engine:
        report = engine.rebuild(case_id)
    if chosen.output == "json":
        echo_json(
            {
                "checked": report.checked,
                "rebuilt": report.rebuilt,
                "refused": [issue.model_dump(mode="json") for issue in report.refused],
            }
        )
    else:
        lang = chosen.lang
        from poortwachter.render import issue_text

        lines = [
            text("integrity.rebuild_refused", lang, issue=issue_text(i, lang))
            for i in report.refused
        ]
        if report.rebuilt:
            cases = ", ".join(report.rebuilt)
            one = len(report.rebuilt) == 1
            key = "integrity.rebuilt_one" if one else "integrity.rebuilt"
            lines.insert(0, text(key, lang, count=len(report.rebuilt), cases=cases))
        elif not lines:
            key = "integrity.rebuilt_none_one" if report.checked == 1 else "integrity.rebuilt_none"
            lines.append(text(key, lang, checked=report.checked))
        echo_text(escape("\n".join(lines), keep="\n") + "\n")
    if report.refused:
        raise typer.Exit(EXIT_FAILURE)
