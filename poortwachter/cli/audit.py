"""Audit and maintenance: ``audit replay|verify|anchor|export`` and ``db upgrade``.

Only ``db upgrade`` loads alembic's migration machinery on purpose; the others reach the
database through the engine.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from poortwachter.cli._core import (
    EXIT_FAILURE,
    EXIT_INPUT,
    AsOfOption,
    CaseArg,
    DbOption,
    FormatOption,
    LangOption,
    audit_app,
    db_app,
    dump_json,
    echo_json,
    echo_text,
    escape,
    fail_text,
    help_text,
    parse_date,
    quoted,
    settings,
    write_private,
)
from poortwachter.cli.integrity import KeyFileOption, anchor_key, exit_if_broken, read_anchor
from poortwachter.cli.shared_params import case_filter, open_engine
from poortwachter.texts import text

__all__ = ["audit_anchor", "audit_export", "audit_replay", "audit_verify", "db_upgrade"]

OutFileOption = Annotated[
    str | None, typer.Option("--output", "-o", metavar="FILE|-", help=help_text("output"))
]


@db_app.command("upgrade", help=help_text("db_upgrade"))
def db_upgrade(
    ctx: typer.Context,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    from poortwachter.store import EventStore

    chosen = settings(ctx, db=db, output=output, lang=lang)
    store = EventStore.open(chosen.db)
    try:
        store.upgrade()
        revision = store.current_revision()
    finally:
        store.close()
    if chosen.output == "json":
        echo_json({"revision": revision})
    else:
        echo_text(text("cli.db_revision", chosen.lang, revision=revision) + "\n")


@audit_app.command("replay", help=help_text("replay"))
def audit_replay(
    ctx: typer.Context,
    case_id: CaseArg,
    as_of: AsOfOption = None,
    known_on: Annotated[
        str | None, typer.Option("--known-on", help=help_text("known_on"), show_default=False)
    ] = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    t = parse_date(as_of, "--as-of")
    k = parse_date(known_on, "--known-on")
    with open_engine(chosen.db) as engine:
        result = engine.replay(case_id, as_of=t, known_on=k)
    if chosen.output == "json":
        echo_json(result.model_dump(mode="json", context={"language": chosen.lang}))
        return
    from poortwachter.render import deadlines_table, format_date
    from poortwachter.replay import recorded_late_text

    lang = chosen.lang
    known = text("cli.replay_known", lang, day=format_date(k, lang)) if k else ""

    lines = [
        text(
            "cli.replay_head",
            lang,
            case=case_id,
            state=text("state." + result.state, lang),
            as_of=format_date(result.as_of, lang),
            known=known,
        ),
        text(
            "cli.replay_events",
            lang,
            seqs=", ".join(f"#{s}" for s in result.seqs) or text("cli.none", lang),
        ),
        *(
            text("cli.recorded_late", lang, what=recorded_late_text(entry, lang))
            for entry in result.late_entries
        ),
    ]
    table = (
        deadlines_table(case_id, result.as_of, result.deadlines, lang) if result.deadlines else ""
    )
    echo_text("\n".join(lines) + "\n" + table)


@audit_app.command("verify", help=help_text("verify"))
def audit_verify(
    ctx: typer.Context,
    case_id: Annotated[str | None, case_filter("verify_case")] = None,
    anchor: Annotated[
        str | None,
        typer.Option("--anchor", metavar="FILE", help=help_text("anchor_file"), show_default=False),
    ] = None,
    key_file: KeyFileOption = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    key = anchor_key(key_file) if anchor is not None else None
    document = read_anchor(anchor) if anchor is not None else None
    forged: str | None = None
    from poortwachter.store.anchor import AnchorError

    with open_engine(chosen.db) as engine:
        issues = engine.verify(case_id)
        if key is not None and anchor is not None:
            try:
                anchored = engine.verify_anchor(key, document)
            except AnchorError as exc:
                if not exc.forged:
                    fail_text(
                        "integrity.anchor_unusable",
                        EXIT_INPUT,
                        path=quoted(anchor),
                        reason=exc.reason,
                    )
                forged, anchored = exc.reason, []
            issues += [i for i in anchored if case_id is None or i.case_id == case_id]
            issues.sort(key=lambda issue: issue.case_id)
    lang = chosen.lang
    if chosen.output == "json":
        result: dict[str, object] = {
            "intact": not issues and forged is None,
            "issues": [i.model_dump(mode="json") for i in issues],
        }
        if isinstance(document, dict):
            result["anchor"] = {
                "created_at": document.get("created_at"),
                "cases": len(document.get("cases") or []),
                "forged": forged is not None,
            }
        echo_json(result)
    else:
        from poortwachter.render import issue_text

        lines = [text("integrity.broken", lang, issue=issue_text(i, lang)) for i in issues]
        if forged is not None and anchor is not None:
            lines.insert(
                0, text("integrity.anchor_forged", lang, path=quoted(anchor), reason=forged)
            )
        if not lines:
            lines.append(text("integrity.verified", lang))
            if isinstance(document, dict):
                count = len(document.get("cases") or [])
                created = str(document.get("created_at"))
                lines.append(text("integrity.anchor_verified", lang, created=created, cases=count))
        echo_text(escape("\n".join(lines), keep="\n") + "\n")
    if issues or forged is not None:
        raise typer.Exit(EXIT_FAILURE)


@audit_app.command("anchor", help=help_text("anchor"))
def audit_anchor(
    ctx: typer.Context,
    out_file: OutFileOption = None,
    key_file: KeyFileOption = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, db=db, output=output, lang=lang)
    key = anchor_key(key_file)
    with open_engine(chosen.db) as engine:
        document = engine.anchor(key)
    _write(out_file, dump_json(document), chosen.lang)
    if out_file is not None and out_file != "-":
        created = str(document["created_at"])
        count = len(document["cases"])
        typer.echo(text("integrity.anchored", chosen.lang, cases=count, created=created), err=True)


def _write(out_file: str | None, content: str, lang: str) -> None:
    """``content`` to ``out_file``; ``None`` or ``-`` means standard output."""
    if out_file is None or out_file == "-":
        typer.echo(content, nl=False)
        return
    try:
        write_private(out_file, content)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        fail_text("cli.write_failed", EXIT_FAILURE, path=quoted(out_file), reason=reason)
    typer.echo(text("cli.written", "en" if lang == "en" else "nl", path=quoted(out_file)))
    sys.stdout.flush()


@audit_app.command("export", help=help_text("export"))
def audit_export(
    ctx: typer.Context,
    case_id: CaseArg,
    out_file: OutFileOption = None,
    db: DbOption = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    from poortwachter.conversations.export import conversation_export
    from poortwachter.conversations.story import story_text

    chosen = settings(ctx, db=db, output=output, lang=lang)
    with open_engine(chosen.db) as engine:
        view = engine.case(case_id, language=chosen.lang)
        entries = engine.timeline(case_id)
        issues = engine.verify(case_id)
    if chosen.output == "json":
        content = dump_json(
            {
                "case": view.model_dump(mode="json", context={"language": chosen.lang}),
                "timeline": [e.model_dump(mode="json") for e in entries],
                "integrity": [i.model_dump(mode="json") for i in issues],
                "conversations": conversation_export(entries, view.employee_ref),
            }
        )
    else:
        from poortwachter.render import deadlines_table, issue_text, timeline_text

        found = [issue_text(issue, chosen.lang) for issue in issues]
        integrity = "; ".join(found) or text("cli.integrity_ok", chosen.lang)
        content = escape(
            timeline_text(case_id, entries, chosen.lang)
            + "\n"
            + deadlines_table(case_id, view.as_of, view.deadlines, chosen.lang)
            + "\n"
            + text("cli.integrity", chosen.lang, result=integrity)
            + "\n"
            + story_text(case_id, entries, view.deadlines, chosen.lang),
            keep="\n\t",
        )
    _write(out_file, content, chosen.lang)
    exit_if_broken(case_id, issues, chosen.lang)
