"""The words of the process: legal moments, deadline statuses, case states, tables and views."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the vocabulary's fields ('poortwachter events'): one text per field name --------------
    "field.acknowledgements": (
        "Wie de afspraak bevestigde en hoe.",
        "Who acknowledged the agreement, and how.",
    ),
    "field.action": (
        "Wat er gedaan wordt (werkgerelateerd).",
        "What is to be done (work-related).",
    ),
    "field.agreement_id": (
        "Id van de afspraak.",
        "Id of the agreement.",
    ),
    "field.agreements": (
        "De afspraken uit het gesprek.",
        "The agreements made in the conversation.",
    ),
    "field.at": (
        "Datum en tijd met UTC-verschil, bijv. 2026-03-10T10:00+01:00.",
        "Date and time with offset, e.g. 2026-03-10T10:00+01:00.",
    ),
    "field.by": (
        "Wie het deed: pseudonieme verwijzing en rol.",
        "Who did it: a pseudonymous reference and role.",
    ),
    "field.cadence_id": (
        "Id van de afgesproken contactfrequentie.",
        "Id of the agreed contact cadence.",
    ),
    "field.casemanager": (
        "Pseudonieme id van de casemanager.",
        "Pseudonymous id of the case manager.",
    ),
    "field.contact_id": (
        "Id van het contactmoment.",
        "Id of the contact moment.",
    ),
    "field.corrects_seq": (
        "Volgnummer van de gebeurtenis die wordt gecorrigeerd.",
        "Sequence number of the event being corrected.",
    ),
    "field.due": ("Uiterste datum (JJJJ-MM-DD).", "Due date (YYYY-MM-DD)."),
    "field.duration_minutes": ("Duur in minuten, 5-480.", "Duration in minutes, 5-480."),
    "field.effective": (
        "De datum waarop het feit inging (JJJJ-MM-DD).",
        "The date the fact took effect (YYYY-MM-DD).",
    ),
    "field.employee": ("Pseudonieme id van de werknemer.", "Pseudonymous id of the employee."),
    "field.employee_ref": (
        "Pseudonieme id van de werknemer (alleen bij de eerste ziekmelding; de engine vult "
        "het in).",
        "The employee's pseudonymous id (on the report that opens the case only; filled in by "
        "the engine).",
    ),
    "field.employee_view": (
        "Hoe de werknemer het ziet (werkgerelateerd).",
        "How the employee sees it (work-related).",
    ),
    "field.employer_view": (
        "Hoe de werkgever het ziet (werkgerelateerd).",
        "How the employer sees it (work-related).",
    ),
    "field.end": (
        "Laatste dag (JJJJ-MM-DD); leeg zolang het open is.",
        "Last day (YYYY-MM-DD); absent while open-ended.",
    ),
    "field.every": ("Om de hoeveel tijd (met unit).", "How often (with unit)."),
    "field.follow_ups": (
        "De afgesproken vervolggesprekken.",
        "The follow-up conversations agreed.",
    ),
    "field.form": ("Vorm van het gesprek.", "Form of the conversation."),
    "field.going_better": (
        "Wat nu beter gaat en hoe dat blijkt.",
        "What goes better now and how that shows.",
    ),
    "field.ground": (
        "De wettelijke grond van het vangnet, een code (nooit een diagnose).",
        "The legal ground of the safety net, a code (never a diagnosis).",
    ),
    "field.how": ("Hoe bevestigd.", "How it was acknowledged."),
    "field.manager": ("Pseudonieme id van de leidinggevende.", "Pseudonymous id of the manager."),
    "field.manager_role": (
        "Rol van de leidinggevende in het gesprek.",
        "The manager's role in the conversation.",
    ),
    "field.needs_from_others": (
        "Wat de werknemer van anderen nodig heeft.",
        "What the employee needs from others.",
    ),
    "field.new_due": ("De nieuwe uiterste datum, als die er is.", "The renewed due date, if any."),
    "field.next_steps_if_not_lasting": (
        "Vervolgstappen als het herstel niet duurzaam blijkt.",
        "Next steps if the return does not last.",
    ),
    "field.note": (
        "Toelichting over het werk (geen medische gegevens).",
        "A note about the work (no medical details).",
    ),
    "field.observations": (
        "Wat er in de voortgang te zien is (een of meer codes).",
        "What the progress shows (one or more codes).",
    ),
    "field.other_risk_factors": (
        "Andere, niet-medische risicofactoren.",
        "Other, non-medical risk factors.",
    ),
    "field.outcome": (
        "start: spoor 2 begint; not_needed: terugkeer in de eigen organisatie wordt verwacht.",
        "start: spoor 2 starts; not_needed: a structural return in the own organisation is "
        "expected.",
    ),
    "field.own_actions": (
        "Wat de werknemer zelf kan doen als het zich voordoet.",
        "What the employee can do when they arise.",
    ),
    "field.owner": (
        "Wie het doet: pseudonieme verwijzing en rol.",
        "Who does it: a pseudonymous reference and role.",
    ),
    "field.participants": (
        "Deelnemers: pseudonieme verwijzing en rol, minstens één.",
        "Participants: pseudonymous reference and role, at least one.",
    ),
    "field.percentage": (
        "Deel van het afgesproken werk dat is hervat, 1-99.",
        "Share of the agreed work resumed, 1-99.",
    ),
    "field.prepares": (
        "Het wettelijke moment dat het gesprek voorbereidt.",
        "The legal moment it prepares.",
    ),
    "field.previous": ("De casemanager tot nu toe.", "The case manager until now."),
    "field.purpose": (
        "Doel van het gesprek (werkgerelateerd).",
        "Purpose of the conversation (work-related).",
    ),
    "field.reason": (
        "Waarom, als code (vrije tekst kan medische details bevatten).",
        "Why, as a code (free text could carry medical details).",
    ),
    "field.replacement": (
        "De gecorrigeerde gebeurtenis als object, of null om haar in te trekken.",
        "The corrected event as an object, or null to withdraw it.",
    ),
    "field.replacement_schema_version": (
        "Schemaversie van de vervanging (wordt ingevuld).",
        "Schema version of the replacement (filled in).",
    ),
    "field.requested_by": (
        "Wie het deskundigenoordeel bij UWV aanvroeg: werkgever of werknemer.",
        "Who asked UWV for the deskundigenoordeel: employer or employee.",
    ),
    "field.same_cause_as_before": (
        "Alleen na Wazo-verlof: dezelfde oorzaak als vóór het verlof, volgens de bedrijfsarts "
        "(ja/nee, nooit de oorzaak).",
        "Only after a Wazo leave: the same cause as before the leave, per the company doctor "
        "(yes/no, never the cause).",
    ),
    "field.start": ("Eerste dag (JJJJ-MM-DD).", "First day (YYYY-MM-DD)."),
    "field.still_hard": (
        "Welke taken nog moeilijk zijn en wat nodig is.",
        "Which tasks are still hard and what is needed.",
    ),
    "field.summary": ("Korte samenvatting (werkgerelateerd).", "A short summary (work-related)."),
    "field.unit": ("Eenheid van de frequentie.", "Unit of the cadence."),
    "field.weeks": ("Aantal weken.", "Number of weeks."),
    "field.werkbalansgesprek_id": ("Id van het werkbalansgesprek.", "Id of the werkbalansgesprek."),
    "field.with_roles": ("Met welke rollen.", "With which roles."),
    "field.work_risk_factors": ("Risicofactoren in het werk.", "Risk factors in the work."),
    "replay.recorded_late": (
        "{moment}: gedaan {done} (uiterlijk {due}), maar vastgelegd op {recorded}, na de "
        "uiterste datum",
        "{moment}: done {done} (due {due}) but recorded {recorded}, after the due date",
    ),
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
    # -- the timeline (case timeline, audit export) -------------------------------------------
    "timeline.title": ("Tijdlijn {case}", "Timeline {case}"),
    "timeline.recorded": ("  — vastgelegd {at} door {actor}", "  — recorded {at} by {actor}"),
    "timeline.later_one": (", 1 dag later", ", 1 day later"),
    "timeline.later": (", {days} dagen later", ", {days} days later"),
    "timeline.corrected_by": ("  [gecorrigeerd door #{seq}]", "  [corrected by #{seq}]"),
}
