"""The words of the command line: help texts, headings and messages."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- cli ---------------------------------------------------------------------------------
    # Words of the command line (poortwachter/cli). Help texts are keyed "cli.help.*".
    "cli.error": ("poortwachter: fout: {message}", "poortwachter: error: {message}"),
    "cli.warning": ("poortwachter: let op: {message}", "poortwachter: warning: {message}"),
    "cli.internal": (
        "interne fout ({kind}): {detail}; meld dit met het commando dat u gaf "
        "(POORTWACHTER_DEBUG=1 toont de details)",
        "internal error ({kind}): {detail}; please report it with the command you ran "
        "(POORTWACHTER_DEBUG=1 shows the details)",
    ),
    "cli.aborted": ("afgebroken", "aborted"),
    "cli.usage.missing_option": ("optie {name} ontbreekt", "missing option {name}"),
    "cli.usage.missing_argument": ("argument {name} ontbreekt", "missing argument {name}"),
    "cli.usage.no_such_option": ("onbekende optie {name}", "no such option {name}"),
    "cli.usage.did_you_mean": (" (bedoelt u {names}?)", " (did you mean {names}?)"),
    "cli.usage.extra_arguments": (
        "onverwachte extra argumenten ({extra})",
        "unexpected extra arguments ({extra})",
    ),
    # typer's help frame, worded by poortwachter.cli.language.localize_help_frame
    "cli.frame.usage": ("Gebruik: ", "Usage: "),
    "cli.frame.options": ("Opties", "Options"),
    "cli.frame.arguments": ("Argumenten", "Arguments"),
    "cli.frame.commands": ("Commando's", "Commands"),
    "cli.frame.required": ("verplicht", "required"),
    "cli.frame.default": ("standaard: {default}", "default: {default}"),
    "cli.frame.env_var": ("omgevingsvariabele: {var}", "env var: {var}"),
    "cli.frame.help": ("Toon deze hulp en stop.", "Show this message and exit."),
    "cli.help.case_arg": (
        "Id van de zaak ('poortwachter case list' toont ze).",
        "The case's id ('poortwachter case list' shows them).",
    ),
    "cli.bad_date": (
        "{option} {value} is geen datum; verwacht YYYY-MM-DD, bijv. 2026-03-02",
        "{option} {value} is not a date; expected YYYY-MM-DD, e.g. 2026-03-02",
    ),
    "cli.date_range": (
        "een berekende datum valt buiten de ondersteunde data (1900 tot en met 2199): {detail}; "
        "controleer de data van de invoer en --as-of",
        "a computed date falls outside the supported dates (1900 to 2199): {detail}; check the "
        "input's dates and --as-of",
    ),
    "cli.bad_choice": (
        "{option} {value} wordt niet ondersteund; verwacht {choices}",
        "{option} {value} is not supported; expected {choices}",
    ),
    "cli.format_table": (
        "--format table is verouderd; gebruik --format text (het resultaat is hetzelfde)",
        "--format table is deprecated; use --format text (the output is the same)",
    ),
    "cli.bad_db": (
        "database {db} kan niet geopend worden: {detail}; verwacht een bestand (x.db) of "
        "een URL, bijv. sqlite:///poortwachter.db",
        "cannot open database {db}: {detail}; expected a file (x.db) or a URL, e.g. "
        "sqlite:///poortwachter.db",
    ),
    "cli.empty_db": (
        "--db is leeg; verwacht een bestand (x.db) of een URL",
        "--db is empty; expected a file (x.db) or a URL",
    ),
    "cli.bad_now": (
        "POORTWACHTER_NOW {value} is geen ISO-datum of tijdstip met UTC-offset, bijv. "
        "2026-03-02 of 2026-03-02T09:00+01:00",
        "POORTWACHTER_NOW {value} is not an ISO date or a date-time with a UTC offset, e.g. "
        "2026-03-02 or 2026-03-02T09:00+01:00",
    ),
    "cli.write_failed": (
        "{path} kan niet geschreven worden ({reason})",
        "{path} cannot be written ({reason})",
    ),
    "cli.written": ("geschreven naar {path}", "written to {path}"),
    "cli.shorthand_field": (
        "{item} is geen veld=waarde; verwacht bijv. weeks=12 of casemanager=anna",
        "{item} is not field=value; expected e.g. weeks=12 or casemanager=anna",
    ),
    "cli.shorthand_twice": ("veld {field} staat er twee keer", "field {field} is given twice"),
    "cli.shorthand_fixed": (
        "veld {field} wordt al gegeven door TYPE en DATUM",
        "field {field} is already given by TYPE and DATE",
    ),
    "cli.shorthand_date": (
        "gebeurtenis {type} heeft een datum nodig: poortwachter case record ZAAK {type} "
        "YYYY-MM-DD [veld=waarde ...]",
        "event {type} needs a date: poortwachter case record CASE {type} YYYY-MM-DD "
        "[field=value ...]",
    ),
    "cli.verify_ok": ("in orde: elke hashketen is intact", "ok: every hash chain is intact"),
    "cli.verify_broken": ("GEBROKEN {issue}", "BROKEN {issue}"),
    "cli.db_revision": ("database op revisie {revision}", "database at revision {revision}"),
    "cli.recorded": ("{case} #{seq} {type} {effective}", "{case} #{seq} {type} {effective}"),
    "cli.case_head": (
        "{case}  medewerker {employee}  status {state}  casemanager {casemanager}  "
        "versie {version}",
        "{case}  employee {employee}  state {state}  casemanager {casemanager}  version {version}",
    ),
    "cli.reopened": (
        "zaak {case} is heropend, er is geen nieuwe zaak geopend: de terugval van {day} volgt "
        "binnen 4 weken op het herstel, dus loopt de keten van ziekteperioden door "
        "(samentelling) en tellen de termijnen vanaf de eerste ziektedag {first}",
        "case {case} was reopened, no new case was opened: the relapse of {day} follows the "
        "recovery within 4 weeks, so the chain of sick periods continues (samentelling) and "
        "the deadlines count from the first sick day {first}",
    ),
    "cli.reopened_id_unused": (
        "; --case-id {requested} is niet gebruikt",
        "; --case-id {requested} was not used",
    ),
    "cli.spoor2": ("spoor 2", "track 2"),
    "cli.agenda_empty": ("Geen open momenten.", "Nothing due."),
    "cli.overdue": ("te laat", "overdue"),
    "cli.replay_head": (
        "{case}: status {state} per {as_of}{known}",
        "{case}: state {state} as of {as_of}{known}",
    ),
    "cli.replay_known": (", bekend op {day}", ", as known on {day}"),
    "cli.replay_events": ("gebeurtenissen: {seqs}", "events: {seqs}"),
    "cli.none": ("geen", "none"),
    "cli.recorded_late": ("⚠ laat vastgelegd: {what}", "⚠ recorded late: {what}"),
    "cli.integrity": ("Integriteit: {result}", "Integrity: {result}"),
    "cli.integrity_ok": ("in orde", "intact"),
    "cli.events_head": (
        "Gebeurtenissen ({count} soorten); velden met * zijn verplicht",
        "Events ({count} types); fields marked * are required",
    ),
    "cli.help.app": (
        "Termijnen, dossiers en audit voor de Wet verbetering poortwachter (WVP). "
        "Exitcodes: 0 gelukt, 1 systeem- of integriteitsfout, 2 foute invoer, 3 conflict "
        "(opnieuw proberen).",
        "Deadlines, cases and audit for the Wet verbetering poortwachter (WVP). Exit codes: "
        "0 done, 1 system or integrity failure, 2 bad input, 3 conflict (retry).",
    ),
    "cli.help.version": ("Toon de versie en stop.", "Show the version and exit."),
    "cli.help.db": (
        "Database: een bestand (x.db wordt sqlite:///x.db) of een URL (sqlite:///..., "
        "postgresql+psycopg://...). Standaard sqlite:///poortwachter.db.",
        "Database: a file (x.db means sqlite:///x.db) or a URL (sqlite:///..., "
        "postgresql+psycopg://...). Default sqlite:///poortwachter.db.",
    ),
    "cli.help.format": (
        "Uitvoer: text (standaard) of json (stabiel: sleutels gesorteerd).",
        "Output: text (default) or json (stable: keys sorted).",
    ),
    "cli.help.lang": (
        "Taal van de tekst: nl (standaard) of en.",
        "Language of the text: nl (default) or en.",
    ),
    "cli.help.actor": ("Wie dit vastlegt.", "Who records this."),
    "cli.help.as_of": (
        "De zaak zoals die stond op deze datum (YYYY-MM-DD).",
        "The case as it stood on this date (YYYY-MM-DD).",
    ),
    "cli.help.deadlines": (
        "Toon de wettelijke termijnen van een zaakbestand: uiterste data, vensters, status "
        "en wettelijke basis (geen database nodig).",
        "Show the legal deadlines of a case file: due dates, windows, status and legal "
        "basis (no database needed).",
    ),
    "cli.help.case_file": (
        "Zaakbestand (JSON met case_id en events); '-' leest stdin.",
        "Case file (JSON with case_id and events); '-' reads stdin.",
    ),
    "cli.help.deadlines_as_of": (
        "Beoordeel de zaak op deze datum (YYYY-MM-DD). Standaard: vandaag, of de datum van "
        "de laatste gebeurtenis als die later is.",
        "Judge the case as it stood on this date (YYYY-MM-DD). Default: today, or the "
        "latest event's date if that is later.",
    ),
    "cli.help.events": (
        "Het vocabulaire: elke soort gebeurtenis met haar velden, typen, toegestane waarden "
        "en uitleg.",
        "The vocabulary: every event type with its fields, types, allowed values and descriptions.",
    ),
    "cli.help.schema": (
        "Druk het JSON Schema van een gebeurtenis af.",
        "Print the JSON Schema of an event.",
    ),
    "cli.help.case": (
        "Zaken openen, gebeurtenissen vastleggen, zaken tonen.",
        "Open cases, record events, show them.",
    ),
    "cli.help.audit": (
        "Een dossier naspelen, controleren en exporteren.",
        "Replay, verify and export a case's dossier.",
    ),
    "cli.help.db_app": ("Databasebeheer.", "Database maintenance."),
    "cli.help.db_upgrade": (
        "Maak het databaseschema aan of breng het naar de huidige versie.",
        "Create or migrate the database schema to the current version.",
    ),
    "cli.help.case_open": (
        "Open een verzuimzaak (ziekmelding) en toon haar id.",
        "Open a sickness case (ziekmelding) and print its id.",
    ),
    "cli.help.employee": (
        "Pseudonieme verwijzing naar de medewerker (geen BSN).",
        "Pseudonymous employee reference (no BSN).",
    ),
    "cli.help.first_sick_day": (
        "Eerste ziektedag, YYYY-MM-DD.",
        "First day of incapacity, YYYY-MM-DD.",
    ),
    "cli.help.casemanager": ("De casemanager.", "The casemanager."),
    "cli.help.case_id": ("Zaak-id; standaard gegenereerd.", "Case id; default: generated."),
    "cli.help.case_record": (
        "Leg gebeurtenissen vast (eerst getoetst door de toestandsmachine en de regels): "
        "JSON (object of lijst), een bestand, '-' voor stdin, of kort: TYPE DATUM "
        "[veld=waarde ...].",
        "Record events (checked by the state machine and the rules first): JSON (object or "
        "list), a file, '-' for stdin, or short: TYPE DATE [field=value ...].",
    ),
    "cli.help.event": (
        "Gebeurtenis-JSON, een bestand ermee, '-' (stdin), of een soort gebeurtenis.",
        "Event JSON, a file with it, '-' (stdin), or an event type.",
    ),
    "cli.help.rest": (
        "Bij een soort gebeurtenis: DATUM en dan veld=waarde (waarde als JSON als dat "
        "lukt, anders tekst).",
        "With an event type: DATE, then field=value (the value as JSON when it parses, else text).",
    ),
    "cli.help.expected_version": (
        "Weiger als de zaak niet op deze versie staat (exitcode 3).",
        "Refuse if the case is not at this version (exit code 3).",
    ),
    "cli.help.case_close": (
        "Sluit een zaak af (gebeurtenis case_closed); een terugval binnen 4 weken heropent haar.",
        "Close a case (event case_closed); a relapse within 4 weeks reopens it.",
    ),
    "cli.help.close_reason": (
        "Reden: recovered, waiting_period_ended, employment_ended, opened_in_error of other.",
        "Reason: recovered, waiting_period_ended, employment_ended, opened_in_error or other.",
    ),
    "cli.help.close_on": (
        "Datum van afsluiten (YYYY-MM-DD; standaard vandaag).",
        "Date of closing (YYYY-MM-DD; default today).",
    ),
    "cli.help.case_show": (
        "De zaak nu: status, casemanager en termijnen.",
        "The case now: state, casemanager and deadlines.",
    ),
    "cli.help.case_timeline": (
        "Elke vastgelegde gebeurtenis: datum, wanneer en door wie vastgelegd, correcties.",
        "Every recorded event: effective date, when and by whom it was recorded, corrections.",
    ),
    "cli.help.agenda": (
        "Elk open wettelijk moment van de open zaken, eerstvolgende eerst.",
        "Every open legal action of the open cases, soonest first.",
    ),
    "cli.help.from": ("Eerste uiterste datum (YYYY-MM-DD).", "First due date (YYYY-MM-DD)."),
    "cli.help.to": ("Laatste uiterste datum (YYYY-MM-DD).", "Last due date (YYYY-MM-DD)."),
    "cli.help.limit": ("Hoogstens zoveel regels.", "At most this many rows."),
    "cli.help.replay": (
        "Speel een zaak na per datum en/of zoals bekend op een datum.",
        "Replay a case as of a date and/or as known on a date.",
    ),
    "cli.help.known_on": (
        "Alleen wat op die datum was vastgelegd (YYYY-MM-DD).",
        "Only what was recorded by then (YYYY-MM-DD).",
    ),
    "cli.help.verify": (
        "Controleer de hashketens en herbereken elke projectie uit het logboek. Exitcode 0 "
        "als alles intact is, 1 bij een bevinding, 2 bij een onbruikbaar anker of sleutel.",
        "Check the hash chains and recompute every projection from the log. Exit 0 when "
        "intact, 1 on any finding, 2 for an unusable anchor or key.",
    ),
    "cli.help.verify_case": ("Eén zaak; standaard alle.", "One case; default: all."),
    "cli.help.export": (
        "Het volledige dossier: tijdlijn, huidige status en termijnen.",
        "The complete dossier: timeline, current state and deadlines.",
    ),
    "cli.help.output": (
        "Schrijf naar dit bestand; '-' is stdout.",
        "Write to this file; '-' is stdout.",
    ),
}
