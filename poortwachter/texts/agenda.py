"""Planning words: the agenda, a case's next step, the case list and their options."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- planning statuses (PlanStatus values), computed when read --------------------------
    "plan_status.overdue": ("te laat", "overdue"),
    "plan_status.due": ("nu aan de orde", "due now"),
    "plan_status.soon": ("binnenkort", "soon"),
    "plan_status.upcoming": ("komt nog", "upcoming"),
    # -- the agenda ------------------------------------------------------------------------
    "agenda.title": ("Agenda van {who} op {today}", "Agenda for {who} on {today}"),
    "agenda.everyone": ("alle casemanagers", "all casemanagers"),
    "agenda.soon_note": (
        "Binnenkort = plannen binnen {days} werkdagen (t/m {until}). Plannen op = de laatste "
        "werkdag op of vóór de uiterste datum.",
        "Soon = plan within {days} working days (by {until}). Plan on = the last working day "
        "on or before the due date.",
    ),
    "agenda.overdue_head": ("Te laat, nog te doen", "Overdue, still to do"),
    "agenda.window_head": ("Van {start} t/m {end}", "From {start} to {end}"),
    "agenda.window_open": ("Vanaf {start}", "From {start} on"),
    "agenda.columns": (
        "Plannen op|Uiterlijk|Venster vanaf|Moment|Stand|Zaak|Medewerker|Casemanager",
        "Plan on|Due|Window from|Moment|Status|Case|Employee|Casemanager",
    ),
    "agenda.none_overdue": ("Niets te laat.", "Nothing overdue."),
    "agenda.none_window": ("Niets in deze periode.", "Nothing in this period."),
    "agenda.total": (
        "{overdue} te laat, {window} in de periode.",
        "{overdue} overdue, {window} in the period.",
    ),
    "agenda.bad_window": (
        "--to {end} ligt vóór --from {start}: geef een einddatum op of na de begindatum",
        "--to {end} lies before --from {start}: give an end date on or after the start",
    ),
    # -- a case's next step ----------------------------------------------------------------
    "next_step.line": (
        "Volgende stap: {label} ({status}), plannen op {plan_on}, uiterlijk {due}{window}.",
        "Next step: {label} ({status}), plan on {plan_on}, due {due}{window}.",
    ),
    "next_step.window": (", venster vanaf {start}", ", window from {start}"),
    "next_step.none": (
        "Volgende stap: geen, er staat geen wettelijke stap open.",
        "Next step: none, no legal action is open.",
    ),
    # -- the case list ---------------------------------------------------------------------
    "case_list.columns": (
        "Zaak|Medewerker|Casemanager|Status|Volgende stap|Plannen op|Uiterlijk|Stand",
        "Case|Employee|Casemanager|State|Next step|Plan on|Due|Status",
    ),
    "case_list.none": ("Geen zaken gevonden.", "No cases found."),
    "case_list.total_one": ("1 zaak.", "1 case."),
    "case_list.total": ("{count} zaken.", "{count} cases."),
    "case_list.bad_state": (
        "onbekende status {value} voor --state; kies uit: {choices}",
        "unknown state {value} for --state; choose from: {choices}",
    ),
    # -- help for the planning commands ----------------------------------------------------
    "cli.help.agenda_view": (
        "De agenda om mee te plannen: eerst alles wat te laat is (altijd), dan de open "
        "wettelijke momenten in de periode (standaard vandaag en de 4 weken erna), op datum, "
        "elk met de werkdag om op te plannen.",
        "The agenda to plan by: first everything overdue (always), then the open legal "
        "actions in the period (default: today and the next 4 weeks), by date, each with the "
        "working day to plan on.",
    ),
    "cli.help.agenda_from": (
        "Begin van de periode (YYYY-MM-DD; standaard vandaag). Te late momenten staan er "
        "altijd bij.",
        "Start of the period (YYYY-MM-DD; default today). Overdue actions are always shown.",
    ),
    "cli.help.agenda_to": (
        "Einde van de periode (YYYY-MM-DD; standaard 4 weken na het begin).",
        "End of the period (YYYY-MM-DD; default 4 weeks after the start).",
    ),
    "cli.help.agenda_limit": (
        "Hoogstens zoveel regels per onderdeel (te laat, periode).",
        "At most this many rows per section (overdue, period).",
    ),
    "cli.help.soon": (
        "Binnenkort = de werkdag om op te plannen ligt binnen zoveel werkdagen (standaard 10).",
        "Soon = the working day to plan on is within this many working days (default 10).",
    ),
    "cli.help.case_list": (
        "De zaken met hun status en volgende stap; filter op casemanager, medewerker, status.",
        "The cases with their state and next step; filter by casemanager, employee, state.",
    ),
    "cli.help.employee_filter": (
        "Alleen de zaken van deze medewerker (pseudoniem).",
        "Only this employee's cases (pseudonym).",
    ),
    "cli.help.state_filter": (
        "Alleen zaken met deze status (bijv. plan_agreed; 'closed' toont afgesloten zaken).",
        "Only cases in this state (e.g. plan_agreed; 'closed' lists closed cases).",
    ),
    "cli.help.include_closed": (
        "Ook afgesloten zaken tonen.",
        "List closed cases too.",
    ),
}
