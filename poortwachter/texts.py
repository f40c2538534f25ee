"""Every word poortwachter shows people, in Dutch (the default) and English, in one place.

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

#: key -> (Dutch, English). Sections: moments, statuses, states, tables, rules, engine.
MESSAGES: Mapping[str, tuple[str, str]] = {
    # -- legal moments (DeadlineKind values) ------------------------------------------------
    "kind.problem_analysis": ("Probleemanalyse", "Problem analysis"),
    "kind.plan_of_approach": ("Plan van aanpak", "Plan of approach"),
    "kind.plan_evaluation": ("Evaluatie plan van aanpak", "Plan of approach evaluation"),
    "kind.uwv_sick_report": ("42e-weeksmelding UWV", "42nd-week report to UWV"),
    "kind.first_year_evaluation": ("Eerstejaarsevaluatie", "First-year evaluation"),
    "kind.reintegration_report": ("Re-integratieverslag", "Re-integration report"),
    "kind.wia_application": ("WIA-aanvraag", "WIA application"),
    "kind.last_wage_day": ("Laatste dag loondoorbetaling", "Last day of wage payment"),
    "kind.waiting_period_end": (
        "Einde wachttijd (WIA kan ingaan)",
        "End of the waiting period (WIA may start)",
    ),
    "kind.relapse_window_end": (
        "Einde terugvalperiode (4 weken)",
        "End of the relapse window (4 weeks)",
    ),
    # -- statuses (DeadlineStatus values); {met} is the date it was done --------------------
    "status.upcoming": ("komt nog", "upcoming"),
    "status.due": ("nu aan de orde", "due now"),
    "status.met": ("gedaan {met}", "met {met}"),
    "status.late": ("te laat gedaan {met}", "done late {met}"),
    "status.missed": ("gemist", "missed"),
    "status.passed": ("verstreken", "passed"),
    "status.not_applicable": ("niet van toepassing", "not applicable"),
    # -- case states (CaseState values) ------------------------------------------------------
    "state.new": ("nieuw, nog geen ziekmelding", "new, no sick report yet"),
    "state.reported_sick": ("ziekgemeld", "reported sick"),
    "state.problem_analysed": ("probleemanalyse gedaan", "problem analysis done"),
    "state.plan_agreed": ("plan van aanpak vastgesteld", "plan of approach agreed"),
    "state.in_reintegration": (
        "re-integratie loopt, plan geëvalueerd",
        "re-integration under way, plan evaluated",
    ),
    "state.reported_to_uwv": ("42e-weeksmelding gedaan", "42nd-week report made"),
    "state.first_year_evaluated": ("eerstejaarsevaluatie gedaan", "first-year evaluation held"),
    "state.reintegration_reported": ("re-integratieverslag klaar", "re-integration report ready"),
    "state.wia_applied": ("WIA aangevraagd", "WIA applied for"),
    "state.recovered": ("volledig hersteld", "fully recovered"),
    "state.on_maternity_leave": (
        "zwangerschaps-/bevallingsverlof (Wazo)",
        "pregnancy/maternity leave (Wazo)",
    ),
    "state.closed": ("afgesloten", "closed"),
    # -- tables and views --------------------------------------------------------------------
    "weekdays": ("ma di wo do vr za zo", "Mon Tue Wed Thu Fri Sat Sun"),
    "table.title": ("Termijnen voor {case} per {as_of}", "Deadlines for {case} as of {as_of}"),
    "table.head": (
        "Moment|Uiterlijk|Vanaf|Status|Wettelijke basis",
        "Moment|Due|From|Status|Legal basis",
    ),
    "table.notes": ("Toelichting", "Explanation"),
    "table.plan_on": ("werkdag {day}", "plan by {day}"),
    # -- rules: explanations and flags -------------------------------------------------------
    # Built by poortwachter.rules from a key and its arguments, rendered when read. Dates are
    # filled in per language (nl: 'ma 27-10-2025', en: ISO); {how} is a nested explanation.
    "rules.sick_day": ("ziektedag {n}, geteld vanaf {first}", "sick day {n} counted from {first}"),
    "rules.relapse_day": (
        "ziektedag {n}, geteld vanaf de terugval op {start}",
        "sick day {n} counted from the relapse on {start}",
    ),
    "rules.samentelling": (
        "perioden samengeteld (samentelling, onderbreking korter dan {limit} dagen): {spans} "
        "niet meegeteld (+{extra} dagen)",
        "periods counted together (samentelling, gap < {limit} days): {spans} not counted "
        "(+{extra} days)",
    ),
    "rules.samentelling_leave": (
        "perioden samengeteld (samentelling, onderbreking korter dan {limit} dagen): {spans} "
        "niet meegeteld (+{extra} dagen, waarvan {leave} dagen Wazo-verlof)",
        "periods counted together (samentelling, gap < {limit} days): {spans} not counted "
        "(+{extra} days, of which {leave} Wazo leave days)",
    ),
    "rules.span": ("{first} t/m {last}", "{first}..{last}"),
    "rules.extension": (
        "vrijwillige verlenging +{weeks} weken",
        "voluntary extension (vrijwillige verlenging) +{weeks} weeks",
    ),
    "rules.no_atw_regeling": (
        "geen verschuiving door de Atw (ministeriële regeling)",
        "no Atw shift (ministeriële regeling)",
    ),
    "rules.no_atw_counted_back": (
        "geen verschuiving door de Atw (teruggerekend vanaf een gebeurtenis)",
        "no Atw shift (counted back from an event)",
    ),
    "rules.no_atw_duration": (
        "geen verschuiving door de Atw (een duur)",
        "no Atw shift (a duration)",
    ),
    "rules.pva_after_analysis": (
        "{weeks} weken na de probleemanalyse van {analysis} (vóór {how})",
        "{weeks} weeks after the probleemanalyse of {analysis} (before {how})",
    ),
    "rules.pva_after_analysis_sick_days": (
        "{weeks} weken na de probleemanalyse van {analysis}, alleen ziektedagen geteld "
        "(vóór {how})",
        "{weeks} weeks after the probleemanalyse of {analysis}, sick days only (before {how})",
    ),
    "rules.evaluation_no_plan": (
        "{weeks} weken na de uiterste datum van het plan van aanpak, {due} (nog geen plan "
        "vastgesteld)",
        "{weeks} weeks after the plan van aanpak deadline {due} (no plan agreed yet)",
    ),
    "rules.evaluation_after_evaluation": (
        "{weeks} weken na de laatste evaluatie, van {day}",
        "{weeks} weeks after the last evaluation of {day}",
    ),
    "rules.evaluation_after_plan": (
        "{weeks} weken na het plan van aanpak van {day}",
        "{weeks} weeks after the plan van aanpak of {day}",
    ),
    "rules.partial_return": (
        "gedeeltelijke werkhervatting op {day}: het plan moet worden bijgesteld",
        "partial return to work on {day}: the plan needs a bijstelling",
    ),
    "rules.uwv_report": (
        "eerste werkdag na ziekteweek {weeks} ({how})",
        "first werkdag after sick week {weeks} ({how})",
    ),
    "rules.atw_rolled": ("Atw: {skipped} → {day}", "Atw: {skipped} → {day}"),
    "rules.skipped_day": ("{day} {reason}", "{day} {reason}"),
    "rules.equated_day": ("gelijkgestelde dag: {name}", "day equated to a public holiday"),
    "rules.weekday_names": (
        "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    ),
    "rules.a_werkdag": ("een werkdag", "a werkdag"),
    "rules.uwv_employment_ends": (
        "het dienstverband eindigt {ended}: melden op de laatste werkdag van het dienstverband",
        "employment ends {ended}: report on the last werkdag of the employment",
    ),
    "rules.first_year_window": (
        "venster ziekteweken {first}-{last}, eindigt op {how}",
        "window of sick weeks {first}-{last}, ends on {how}",
    ),
    "rules.report_statutory": (
        "{weeks} weken vóór het einde van de wachttijd, {ewt} ({how})",
        "{weeks} weeks before the end of the waiting period {ewt} ({how})",
    ),
    "rules.report_practice": (
        "einde van ziekteweek {week}, teruggerekend vanaf het einde van de wachttijd, {ewt} "
        "({how})",
        "end of sick week {week}, counted back from the end of the waiting period {ewt} ({how})",
    ),
    "rules.wia_weeks_before_end": (
        "{weeks} weken vóór het einde van de wachttijd, {ewt} ({how})",
        "{weeks} weeks before the end of the waiting period {ewt} ({how})",
    ),
    "rules.wia_end_of_week": (
        "einde van ziekteweek {week}, {weeks} weken vóór het einde van de wachttijd ({how})",
        "end of sick week {week}, {weeks} weeks before the end of the waiting period ({how})",
    ),
    "rules.wia_late_letter": (
        "de UWV-brief van {letter} kwam na week {week} ({threshold}): {late} weken na de brief",
        "UWV letter of {letter} came after week {week} ({threshold}): {late} weeks after the "
        "letter",
    ),
    "rules.late_wia": (
        "WIA {days} dagen te laat aangevraagd ({day}): de werkgever betaalt door",
        "WIA applied {days} days late ({day}): the employer pays on",
    ),
    "rules.sanction_capped": (
        "loonsancties van samen {weeks} weken begrensd op {cap}",
        "loonsancties of {weeks} weeks together capped at {cap}",
    ),
    "rules.sanction": ("loonsanctie +{weeks} weken", "loonsanctie +{weeks} weeks"),
    "rules.bekorting": (
        "bekorting toegewezen op {day}: de sanctie eindigt {weeks} weken later",
        "bekorting granted on {day}: the sanction ends {weeks} weeks later",
    ),
    "rules.wage_until_end": (
        "dag vóór het einde van de wachttijd, {ewt}",
        "day before the end of the waiting period {ewt}",
    ),
    "rules.wage_employment_ended": (
        "dienstverband geëindigd {ended}; de Ziektewet neemt het over",
        "employment ended {ended}; the Ziektewet takes over",
    ),
    "rules.relapse_window": (
        "niet ziek vanaf {day} ({how}): een terugval tot en met {due} hoort bij de keten "
        "(minder dan {limit} dagen arbeidsgeschikt)",
        "not sick from {day} ({how}): a relapse up to {due} joins the chain "
        "(fewer than {limit} fit days)",
    ),
    "rules.recovered": ("hersteld", "recovered"),
    "rules.on_leave": ("met verlof", "on leave"),
    "rules.flag_uncovered": (
        "Atw: de met feestdagen gelijkgestelde dagen voor {years} zijn nog niet bekendgemaakt; "
        "deze datum kan later worden als er een bijkomt",
        "Atw: days equated to holidays for {years} are not yet published; this date may move "
        "later if one is",
    ),
    "rules.flag_first_year_early": (
        "gehouden op {met}, vóór het venster openging op {start} (week {week})",
        "held on {met}, before the window opened on {start} (week {week})",
    ),
    "rules.flag_report_2005": (
        "de tekst van 2005 van WIA art. 25 lid 3 vraagt het verslag {weeks} weken vóór het "
        "einde van de wachttijd: mik op {day} (week {week})",
        "the 2005 text of WIA art. 25 lid 3 asks for it {weeks} weeks before the end of the "
        "waiting period: aim for {day} (week {week})",
    ),
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
    "cli.bad_date": (
        "{option} {value} is geen datum; verwacht YYYY-MM-DD, bijv. 2026-03-02",
        "{option} {value} is not a date; expected YYYY-MM-DD, e.g. 2026-03-02",
    ),
    "cli.date_range": (
        "een datum valt buiten de kalender (jaar 1 tot 9999): {detail}; controleer de data "
        "van de invoer en --as-of",
        "a date falls outside the calendar (years 1 to 9999): {detail}; check the input's "
        "dates and --as-of",
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
        "Controleer de hashketens. Exitcode 0 als alles intact is, 1 bij een breuk.",
        "Check the hash chains. Exit 0 when intact, 1 when any link is broken.",
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
