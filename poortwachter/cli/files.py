"""Commands that need no database: ``deadlines`` of a case file and the ``events`` vocabulary.

They import the rules and the events only, never the engine, the store, SQLAlchemy, alembic or
the state machine (a test pins this).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from poortwachter.cli._core import (
    FormatOption,
    LangOption,
    app,
    clock,
    echo_json,
    echo_text,
    help_text,
    parse_date,
    settings,
)
from poortwachter.texts import Language, text

__all__ = ["deadlines", "events"]


@app.command(help=help_text("deadlines"))
def deadlines(
    ctx: typer.Context,
    case_file: Annotated[
        str, typer.Argument(metavar="CASE_FILE", help=help_text("case_file"), show_default=False)
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help=help_text("deadlines_as_of"), show_default=False)
    ] = None,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    from poortwachter.casefile import load_case_file
    from poortwachter.errors import InvalidEventError
    from poortwachter.rules.deadlines import compute_deadlines

    chosen = settings(ctx, output=output, lang=lang)
    day = parse_date(as_of, "--as-of")
    case = load_case_file(case_file)
    if day is None:
        day = max([clock().today(), *(e.effective for e in case.events)])
    try:
        result = compute_deadlines(case.events, as_of=day, options=case.options)
    except InvalidEventError as exc:
        raise exc.located(case.source) from None
    if chosen.output == "json":
        # Words in the chosen language: ``model_dump`` is the Dutch-only form of old callers.
        echo_json([d.as_json(chosen.lang) for d in result])
        return
    from poortwachter.render import deadlines_table

    echo_text(deadlines_table(case.case_id, day, result, chosen.lang))


def _field_entry(name: str, spec: dict[str, Any], required: set[str]) -> dict[str, Any]:
    """One field of an event type, from its JSON Schema: type, allowed values, bounds."""
    options = spec.get("anyOf", [spec])
    kinds = sorted({o.get("format", o.get("type", "object")) for o in options if o})
    entry: dict[str, Any] = {
        "name": name,
        "type": " | ".join(kinds),
        "required": name in required,
        "description": spec.get("description", ""),
    }
    allowed = [v for o in options for v in o.get("enum", [o["const"]] if "const" in o else [])]
    # A list of codes (progress_noted's observations): its items' allowed values.
    allowed += [v for o in options for v in o.get("items", {}).get("enum", [])]
    if allowed:
        entry["allowed"] = allowed
    for key, bound in (("minimum", "minimum"), ("maximum", "maximum"), ("maxLength", "max_length")):
        values = [o[key] for o in options if key in o]
        if values:
            entry[bound] = values[0]
    return entry


def vocabulary() -> list[dict[str, Any]]:
    """Every event type with its fields (from the pydantic models in ``poortwachter.events``)."""
    from poortwachter.events import EVENT_TYPES

    out = []
    for name, model in sorted(EVENT_TYPES.items()):
        schema = model.model_json_schema()
        required = set(schema.get("required", [])) | {"type"}
        fields = [
            _field_entry(field, spec, required)
            for field, spec in schema.get("properties", {}).items()
            if field != "type"
        ]
        doc = (model.__doc__ or "").strip().split("\n\n")[0]
        out.append(
            {
                "type": name,
                "description": " ".join(doc.split()),
                "schema_version": model.schema_version,
                "fields": fields,
            }
        )
    return out


def _vocabulary_text(entries: list[dict[str, Any]], lang: Language) -> str:
    from poortwachter.events import EVENT_TYPES
    from poortwachter.texts import MESSAGES

    lines = [text("cli.events_head", lang, count=len(entries)), ""]
    for entry in entries:
        labels = EVENT_TYPES[entry["type"]].labels
        described = labels[1] if lang == "en" else labels[0]
        if lang == "en":  # the class's own description is English
            described += ": " + entry["description"].replace("``", "'")
        lines.append(f"{entry['type']}: {described}")
        for field in entry["fields"]:
            mark = "*" if field["required"] else " "
            extra = ""
            if "allowed" in field:
                extra = " {" + ", ".join(map(str, field["allowed"])) + "}"
            bounds = [f"{k}={field[k]}" for k in ("minimum", "maximum", "max_length") if k in field]
            if bounds:
                extra += " (" + ", ".join(bounds) + ")"
            key = "field." + field["name"]
            words = text(key, lang) if key in MESSAGES else field["description"]
            lines.append(f"  {mark}{field['name']}: {field['type']}{extra} - {words}")
        lines.append("")
    return "\n".join(lines)


@app.command(help=help_text("events"))
def events(
    ctx: typer.Context,
    schema: Annotated[bool, typer.Option("--schema", help=help_text("schema"))] = False,
    output: FormatOption = None,
    lang: LangOption = None,
) -> None:
    chosen = settings(ctx, output=output, lang=lang)
    if schema:
        from poortwachter.events import event_adapter

        echo_json(event_adapter().json_schema())
        return
    entries = vocabulary()
    if chosen.output == "json":
        echo_json(entries)
    else:
        echo_text(_vocabulary_text(entries, chosen.lang))
