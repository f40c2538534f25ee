"""The words of the process: legal moments, deadline statuses, case states, tables and views."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
