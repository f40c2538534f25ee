"""The words of the typed errors (``poortwachter.errors``): what went wrong and what to do.

An error carries a key from here and its facts (:class:`poortwachter.errors.Phrase`); the
English wording is also ``str(error)`` for library users and logs.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- frame of a refused event: where it is, what was expected ----------------------------
    "error.frame.index": ("gebeurtenis #{index}", "event #{index}"),
    "error.frame.field": ("veld '{field}'", "field '{field}'"),
    "error.frame.expected": ("; verwacht {expected}", "; expected {expected}"),
    # -- cases --------------------------------------------------------------------------------
    "error.case_not_found": (
        "zaak '{case_id}' bestaat niet; bekijk de zaken met 'poortwachter case list' "
        "of open er een met 'poortwachter case open'",
        "case '{case_id}' not found; list cases with 'poortwachter case list' or open one "
        "with 'poortwachter case open'",
    ),
    "error.case_open": (
        "de werknemer heeft al een open zaak '{case_id}' (eerste ziektedag "
        "{first_sick_day}); leg de ziekmelding of terugval vast in die zaak, of sluit het "
        "eerst",
        "the employee already has an open case '{case_id}' (first sick day "
        "{first_sick_day}); record the sick report or relapse on that case, or close it first",
    ),
    "error.transition": (
        "zaak '{case_id}' staat op '{state_label}': '{event_type}' kan nu niet{reason}; "
        "nu mogelijk: {allowed}",
        "case '{case_id}' is in state '{state}': event '{event_type}' is not allowed"
        "{reason}; allowed now: {allowed}",
    ),
    "error.transition.reason": (" ({reason})", " ({reason})"),
    "error.transition.none": ("niets (de zaak is gesloten)", "none (the case is closed)"),
    "error.transition.only_again": (
        "alleen '{event_type}' met andere gegevens",
        "only '{event_type}' with other facts",
    ),
    "error.transition.list": ("{listed}", "{listed}"),
    "error.transition.list_more": (
        "{listed} (en {more} andere soorten, zoals gesprekken en late vastleggingen; zie "
        "'poortwachter events')",
        "{listed} (and {more} other types, such as conversations and late entries; see "
        "'poortwachter events')",
    ),
    "error.transition.only_more": (
        "{more} andere soorten, zoals gesprekken (zie 'poortwachter events')",
        "{more} other types, such as conversations (see 'poortwachter events')",
    ),
    "error.conflict": (
        "zaak '{case_id}' staat op versie {actual_version}, niet {expected_version}: "
        "iemand anders schreef eerst; laad de zaak opnieuw en probeer het nog eens met "
        "versie {actual_version}",
        "case '{case_id}' is at version {actual_version}, not {expected_version}: another "
        "writer appended first; reload the case and retry with "
        "expected_version={actual_version}",
    ),
    "error.integrity": (
        "zaak '{case_id}' doorstaat de integriteitscontrole niet{at}: {reason}; voeg er "
        "niets aan toe — zet de tabel events terug uit een back-up en draai "
        "'poortwachter audit verify'",
        "case '{case_id}' fails its integrity check{at}: {reason}; do not append to it — "
        "restore the events table from a backup and run 'poortwachter audit verify'",
    ),
    "error.integrity.at": (" bij volgnummer {seq}", " at sequence {seq}"),
    # -- why the WVP machine refused an event ---------------------------------------------------
    "error.refusal.unknown": ("onbekende soort gebeurtenis {type}", "unknown event type {type}"),
    "error.refusal.new": (
        "vóór de ziekmelding kan niets worden vastgelegd: de eerste moet sick_reported zijn",
        "nothing can be recorded before the sick report: the first must be sick_reported",
    ),
    "error.refusal.closed": (
        "de zaak is gesloten op {closed}; een nieuwe ziekte vraagt een nieuwe zaak",
        "the case was closed on {closed}; a new sickness needs a new case",
    ),
    "error.refusal.already_sick": (
        "de werknemer is al ziek sinds {since}; leg eerst recovered vast",
        "the employee is already sick since {since}; record recovered first",
    ),
    "error.refusal.after_leave": (
        "het Wazo-verlof beëindigde de ziekteperiode: na het verlof is de werknemer hersteld, "
        "tenzij een nieuwe ziekmelding (sick_reported) volgt",
        "the Wazo leave ended the sick period: after the leave the employee is fit unless a "
        "new sick report (sick_reported) follows",
    ),
    "error.refusal.already_recovered": (
        "de werknemer is al hersteld op {when}",
        "the employee already recovered on {when}",
    ),
    "error.refusal.before_first_day": (
        "de datum {effective} ligt vóór de eerste ziektedag {first}",
        "effective {effective} lies before the first sick day {first}",
    ),
    "error.unknown_date": ("?", "?"),
    "error.refusal.closed_reopen": (
        "de zaak is gesloten; een terugval binnen de samentellingsperiode heropent haar (leg "
        "case_reopened erbij vast, of open een zaak voor de werknemer); een nieuwe ziekte "
        "vraagt een nieuwe zaak",
        "the case is closed; a relapse within the samentelling window reopens it (record "
        "case_reopened with it, or open a case for the employee), a new sickness needs a new "
        "case",
    ),
    "guard.recovered_on": (
        "de werknemer is hersteld op {day}",
        "the employee recovered on {day}",
    ),
    "guard.on_leave_since": (
        "de werknemer heeft Wazo-verlof sinds {day}",
        "the employee is on Wazo leave since {day}",
    ),
    "guard.outside_sick_period": (
        "{now}; een {type} met datum {effective} ligt na de ziekteperiode (een late "
        "vastlegging ervan mag tot en met {limit}): leg eerst de terugval (sick_reported) vast",
        "{now}; a {type} effective {effective} lies after the sick period (late entries of it "
        "may be effective up to {limit}): record the relapse (sick_reported) first",
    ),
    "guard.overlapping_leave": (
        "overlapt het Wazo-verlof {start}..{end}; verloven overlappen nooit",
        "overlaps the Wazo leave {start}..{end}; leaves never overlap",
    ),
    "guard.no_plan": (
        "er is nog geen plan van aanpak vastgesteld: leg eerst plan_of_approach_agreed vast",
        "no plan of approach was agreed yet: record plan_of_approach_agreed first",
    ),
    "guard.no_sanction": (
        "in deze zaak is geen loonsanctie opgelegd",
        "no wage sanction (loonsanctie) was imposed on this case",
    ),
    "guard.not_after_period_start": (
        "{effective} ligt niet na de eerste ziektedag {first} van de lopende periode",
        "{effective} is not after the first sick day {first} of the running period",
    ),
    "guard.cause_answer": (
        "same_cause_as_before geldt alleen voor een ziekmelding na Wazo-verlof",
        "same_cause_as_before only applies to a sick report after a Wazo leave",
    ),
    "guard.leave_before_recovery": (
        "het verlof vanaf {effective} begint vóór het herstel op {recovered}: controleer de datum",
        "the leave from {effective} starts before the recovery on {recovered}: check its date",
    ),
    # -- event input that does not fit the vocabulary (poortwachter.events.parsing) ------------
    "parse.missing": ("ontbreekt", "is missing"),
    "parse.unknown_field": ("onbekend veld", "unknown field"),
    "parse.unknown_type": ("onbekende soort gebeurtenis {type}", "unknown event type {type}"),
    "parse.no_type": ("zegt niet welke gebeurtenis het is", "does not say which event it is"),
    "parse.bad_date": ("is geen geldige datum", "is not a valid date"),
    "parse.out_of_range": ("valt buiten het bereik", "is out of range"),
    "parse.not_a_number": ("is geen geheel getal", "is not a whole number"),
    "parse.not_a_boolean": ("is geen ja/nee-waarde", "is not true or false"),
    "parse.not_a_choice": ("is geen toegestane waarde", "is not one of the allowed values"),
    "parse.too_short": ("is te kort of leeg", "is too short or empty"),
    "parse.too_long": ("is te lang", "is too long"),
    "parse.pattern": ("heeft niet de vorm van een id", "does not have the form of an id"),
    "parse.not_text": ("is geen tekst", "is not text"),
    "parse.not_a_list": ("is geen lijst", "is not a list"),
    "parse.not_an_object": ("is geen object", "is not an object"),
    "parse.not_an_event": ("is een {kind}, geen object", "is a {kind}, not an object"),
    "parse.too_deep": (
        "is dieper genest dan {depth} niveaus",
        "nested more than {depth} levels deep",
    ),
    "parse.too_large": ("is te groot", "is too large"),
    "parse.invalid": ("ongeldige waarde ({kind})", "invalid value ({kind})"),
    "parse.and": ("{a} en {b}", "{a} and {b}"),
    "parse.bound.at_least": ("minstens {value}", "at least {value}"),
    "parse.bound.at_most": ("hoogstens {value}", "at most {value}"),
    "parse.bound.more_than": ("meer dan {value}", "more than {value}"),
    "parse.bound.less_than": ("minder dan {value}", "less than {value}"),
    "parse.expected.required": ("dit verplichte veld", "this required field"),
    "parse.expected.no_such_field": (
        "geen veld met deze naam (gebeurtenissen bevatten geen vrije of medische gegevens)",
        "no such field (events hold no free-form or medical data)",
    ),
    "parse.expected.one_of": ("een van: {choices}", "one of: {choices}"),
    "parse.expected.type": (
        "een van de {count} soorten gebeurtenissen ('poortwachter events' toont ze)",
        "one of the {count} event types ('poortwachter events' lists them)",
    ),
    "parse.expected.type_close": (
        "een van de {count} soorten gebeurtenissen ('poortwachter events' toont ze); "
        "dichtstbij: {close}",
        "one of the {count} event types ('poortwachter events' lists them); closest: {close}",
    ),
    "parse.expected.type_field": (
        "een veld 'type' met de soort gebeurtenis, {types}",
        "a 'type' field naming the event, {types}",
    ),
    "parse.expected.date": (
        "een ISO-datum JJJJ-MM-DD die in de kalender bestaat",
        "an ISO date YYYY-MM-DD that exists in the calendar",
    ),
    "parse.expected.instant": (
        "datum en tijd met UTC-offset, bijv. 2026-03-10T10:00+01:00",
        "a date and time with a UTC offset, e.g. 2026-03-10T10:00+01:00",
    ),
    "parse.expected.number": ("een geheel getal", "a whole number"),
    "parse.expected.number_bounded": ("een geheel getal van {bounds}", "a whole number {bounds}"),
    "parse.expected.number_max": (
        "een geheel getal van hoogstens {high}",
        "a whole number of at most {high}",
    ),
    "parse.expected.boolean": ("true of false", "true or false"),
    "parse.expected.items": ("minstens {low} element(en)", "at least {low} item(s)"),
    "parse.expected.items_max": ("hoogstens {high} elementen", "at most {high} items"),
    "parse.expected.chars": ("minstens {low} teken(s)", "at least {low} character(s)"),
    "parse.expected.chars_max": (
        "een tekst van hoogstens {high} tekens",
        "a text of at most {high} characters",
    ),
    "parse.expected.pattern": (
        "letters, cijfers en . _ : - (patroon {pattern})",
        "letters, digits and . _ : - (pattern {pattern})",
    ),
    "parse.expected.text": ("een tekst", "a text"),
    "parse.expected.list": ("een lijst", "a list"),
    "parse.expected.object": ("een object met velden", "an object with fields"),
    "parse.expected.event": (
        'een object zoals {{"type": "sick_reported", "effective": "2026-03-02"}}',
        'an object like {{"type": "sick_reported", "effective": "2026-03-02"}}',
    ),
    "parse.expected.vocabulary": (
        "een gebeurtenis uit het vocabulaire ('poortwachter events' toont ze)",
        "an event of the vocabulary ('poortwachter events' lists them)",
    ),
    # -- the store: one cause, one advice -------------------------------------------------------
    "error.store.missing": (
        "database {url} bestaat niet ({reason}); maak hem aan met 'poortwachter db upgrade' "
        "(of open een zaak)",
        "database {url} does not exist ({reason}); create it with 'poortwachter db upgrade' "
        "(or open a case)",
    ),
    "error.store.locked": (
        "database {url} is bezet ({reason}); er is niets geschreven — probeer het opnieuw "
        "als de andere schrijver klaar is",
        "database {url} is busy ({reason}); nothing was written — retry when the other "
        "writer is done",
    ),
    "error.store.unreachable": (
        "database {url} is niet bereikbaar: {reason}; er is niets geschreven — controleer "
        "of de server draait en de URL klopt",
        "database {url} is unavailable: {reason}; nothing was written — check that the "
        "server runs and the URL is right",
    ),
    "error.store.outdated": (
        "database {url} is niet bijgewerkt ({reason}); werk hem bij met 'poortwachter db "
        "upgrade'; er is niets geschreven",
        "database {url} is not up to date ({reason}); bring it up to date with 'poortwachter "
        "db upgrade'; nothing was written",
    ),
    "error.store.file": (
        "database {url} kan niet gelezen of geschreven worden: {reason}; er is niets "
        "geschreven — controleer het bestand, de map en de rechten",
        "database {url} cannot be read or written: {reason}; nothing was written — check the "
        "file, its directory and the permissions",
    ),
    "error.database": (
        "database {url}: {reason}; geef het pad van een poortwachter-database of een nieuwe "
        "bestandsnaam, of een URL zoals sqlite:///poortwachter.db of "
        "postgresql+psycopg://gebruiker@host/dbnaam",
        "database {url}: {reason}; give the path of a poortwachter database or a new file "
        "name, or a URL such as sqlite:///poortwachter.db or "
        "postgresql+psycopg://user@host/dbname",
    ),
    "error.database.not_a_url": (
        "geen database-URL of bestandspad",
        "not a database URL or file path",
    ),
    "error.database.unsupported": (
        "database of driver niet ondersteund ({detail})",
        "unsupported database or driver ({detail})",
    ),
    "error.database.directory": ("is een map, geen bestand", "is a directory, not a file"),
    "error.database.not_utf8": ("het pad is geen geldige UTF-8", "the path is not valid UTF-8"),
    "error.database.no_dir": ("de map bestaat niet", "its directory does not exist"),
    "error.database.not_created": (
        "kan niet aangemaakt worden ({detail})",
        "cannot be created ({detail})",
    ),
    "error.database.not_sqlite": ("is geen SQLite-database", "is not an SQLite database"),
    "error.store.reason.no_file": ("dat bestand is er niet", "no such file"),
    "error.store.reason.schema": (
        "schema op versie {revision}, deze versie van poortwachter vraagt {head}",
        "schema at revision {revision}, this version of poortwachter needs {head}",
    ),
    "privacy.not_text": ("is een {kind}, geen tekst", "is a {kind}, not a string"),
    "privacy.not_a_pseudonym": (
        "{value} is geen pseudonieme id",
        "{value} is not a pseudonymous id",
    ),
    "privacy.expected.ref": (
        "een pseudonieme verwijzing zoals 'emp-4711'",
        "a pseudonymous reference such as 'emp-4711'",
    ),
    "privacy.expected.pattern": (
        "1-{max} ASCII-letters, cijfers of . _ - :, beginnend met een letter of cijfer, zonder "
        "spaties (bijv. 'emp-4711')",
        "1-{max} ASCII letters, digits or . _ - : starting with a letter or digit, without "
        "spaces (e.g. 'emp-4711')",
    ),
    "privacy.bsn": (
        "lijkt op een BSN (8 of 9 cijfers op een rij doorstaan de 11-proef); de engine bewaart "
        "alleen pseudonieme verwijzingen",
        "looks like a BSN (8 or 9 of its digits in a row pass the 11-proef); the engine stores "
        "pseudonymous references only",
    ),
    "privacy.expected.no_bsn": (
        "een pseudonieme verwijzing uit uw HR-systeem met minder dan 8 cijfers op een rij "
        "(bijv. 'emp-4711')",
        "a pseudonymous reference from your HR system with fewer than 8 digits in a row "
        "(e.g. 'emp-4711')",
    ),
    # -- privacy ---------------------------------------------------------------------------------
    "error.medical.reason": (
        "de tekst noemt de medische term {term}; het dossier bevat alleen werkgerelateerde "
        "inhoud (geen diagnoses, medicijnen of behandelingen)",
        "the text names the medical term {term}; the dossier holds work-related content only "
        "(no diagnoses, medication or treatments)",
    ),
    "error.medical.expected": (
        "dezelfde tekst in termen van werk, afspraken en taken",
        "the same text rephrased in terms of work, agreements and tasks",
    ),
    "error.medical_id": (
        "bevat de medische term {term}; een id is een pseudoniem, geen vrije tekst",
        "contains the medical term {term}; an id is a pseudonym, never free text",
    ),
    "error.medical_id.expected": (
        "een pseudoniem zonder medische betekenis, bijv. w-0042",
        "a pseudonym without medical meaning, e.g. w-0042",
    ),
}
