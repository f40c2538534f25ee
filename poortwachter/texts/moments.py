"""The words of the moments added by issue 7: their names, explanations and flags.

Keys: ``kind.<value>`` for the moment's name, ``moments.*`` for explanations (filled in by
:mod:`poortwachter.rules.process_moments` and :mod:`poortwachter.rules.deviation`). Field order:
the arguments of a message follow the order in which its fields first appear in the Dutch text.
Grounds are codes of the legal ground or of the procedural finding, never a diagnosis.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- names of the moments (DeadlineKind values) -------------------------------------------
    "kind.company_doctor_report": (
        "Melding arbodienst (praktijk)",
        "Report to occupational health (practice)",
    ),
    "kind.safety_net_uwv_report": ("Vangnetmelding UWV", "Safety-net report to UWV"),
    "kind.uwv_recovery_report": ("Hersteldmelding UWV", "Recovery report to UWV"),
    "kind.spoor2_decision": ("Besluit spoor 2", "Decision on spoor 2 (second track)"),
    "kind.final_evaluation": ("Eindevaluatie", "Final evaluation"),
    "kind.current_opinion": (
        "Actueel oordeel bedrijfsarts",
        "Current opinion of the company doctor",
    ),
    "kind.uwv_wia_letter_expected": (
        "UWV-brief 'bijna 2 jaar ziek' verwacht",
        "UWV letter 'nearly 2 years sick' due",
    ),
    "kind.sanction_objection": ("Bezwaar tegen loonsanctie", "Objection to the wage sanction"),
    "kind.sanction_shortening_decision": (
        "Beslissing UWV op bekortingsverzoek",
        "UWV decision on the shortening request",
    ),
    "kind.expert_opinion_answer": (
        "Deskundigenoordeel verwacht",
        "Expert opinion (deskundigenoordeel) due",
    ),
    # -- explanations ------------------------------------------------------------------------
    "moments.gaps": (
        "samentelling: {extra} dagen tussen de ziekteperioden niet meegeteld",
        "samentelling: {extra} days between the sick periods not counted",
    ),
    "moments.no_atw_practice": (
        "geen verschuiving door de Atw (geen wettelijke termijn)",
        "no Atw shift (not a statutory term)",
    ),
    "moments.no_atw_safety_net": (
        "geen verschuiving door de Atw (termijn in dagen of weken na een gebeurtenis, "
        "bron onzeker)",
        "no Atw shift (a term after an event; source uncertain)",
    ),
    "moments.company_doctor": (
        "praktijk, geen wettelijke termijn: melding aan de arbodienst of bedrijfsarts "
        "uiterlijk in ziekteweek {week} ({how})",
        "practice, not a statutory term: report to the occupational health service by the end "
        "of sick week {week} ({how})",
    ),
    "moments.company_doctor_by_analysis": (
        "niet meer nodig: de probleemanalyse van {day} laat zien dat de bedrijfsarts betrokken is",
        "no longer needed: the problem analysis of {day} shows the company doctor is involved",
    ),
    "moments.ground.pregnancy_related": (
        "ziek door zwangerschap of bevalling",
        "sick due to pregnancy or childbirth",
    ),
    "moments.ground.no_risk_policy": ("no-riskpolis", "no-risk policy"),
    "moments.ground.pregnancy_flex_period": (
        "ziek in de flexibiliseringsperiode vóór het verlof",
        "sick in the flexible period before the leave",
    ),
    "moments.ground.after_maternity_leave": (
        "ziek door zwangerschap of bevalling na het verlof",
        "sick due to pregnancy or childbirth after the leave",
    ),
    "moments.ground.organ_donation": ("orgaandonatie", "organ donation"),
    "moments.ground.fictitious_employment": ("fictief dienstverband", "deemed employment"),
    "moments.ground.temp_agency_worker": (
        "uitzendkracht of flexwerker",
        "temporary agency or flexible worker",
    ),
    "moments.term_weeks": (
        "vangnet ({what}): vangnetmelding bij UWV binnen {weeks} weken, geteld vanaf {start}",
        "safety net ({what}): safety-net report to UWV within {weeks} weeks, counted from {start}",
    ),
    "moments.term_day": (
        "vangnet ({what}): vangnetmelding bij UWV uiterlijk op dag {day}, geteld vanaf {start}",
        "safety net ({what}): safety-net report to UWV by day {day}, counted from {start}",
    ),
    "moments.recovery_report": (
        "Ziektewetgeval: hersteldmelding bij UWV binnen {days} dagen na het herstel op {recovered}",
        "Ziektewet case: recovery report to UWV within {days} days after the recovery on "
        "{recovered}",
    ),
    "moments.spoor2_after_evaluation": (
        "{weeks} weken na de eerstejaarsevaluatie van {held} (UWV-richtlijn)",
        "{weeks} weeks after the first-year evaluation of {held} (UWV guidance)",
    ),
    "moments.spoor2_after_deadline": (
        "{weeks} weken na de uiterste datum van de eerstejaarsevaluatie, {deadline} ({how}; "
        "nog geen evaluatie gehouden)",
        "{weeks} weeks after the first-year evaluation deadline {deadline} ({how}; none held yet)",
    ),
    "moments.final_evaluation": (
        "eind ziekteweek {week}, teruggerekend vanaf het einde van de wachttijd {end} ({how})",
        "end of sick week {week}, counted back from the end of the waiting period {end} ({how})",
    ),
    "moments.fell_due": (
        "ziekteweek {week} was al vol op {reached}, vóór een later herstel: een terugval die "
        "bij de keten komt, verschuift dit moment niet",
        "sick week {week} was already complete on {reached}, before a later recovery: a relapse "
        "that joins the chain does not move this moment",
    ),
    "moments.uwv_wia_letter_expected": (
        "UWV stuurt de brief uiterlijk in ziekteweek {week}; einde wachttijd {end} ({how}); "
        "niet ontvangen: navragen, want de WIA-termijn hangt ervan af",
        "UWV sends the letter by sick week {week}; end of the waiting period {end} ({how}); "
        "not received: chase it, the WIA deadline depends on it",
    ),
    "moments.opinion_deadline": (
        "advies, geen wettelijke termijn: het oordeel mag bij de WIA-aanvraag niet ouder zijn "
        "dan {months} maanden; uiterste aanvraagdatum {reference}, dus niet vóór {window}",
        "advice, not a statutory term: at the WIA application the opinion should be at most "
        "{months} months old; application deadline {reference}, so not before {window}",
    ),
    "moments.opinion_applied": (
        "advies, geen wettelijke termijn: het oordeel mag bij de WIA-aanvraag niet ouder zijn "
        "dan {months} maanden; aangevraagd op {reference}, dus niet vóór {window}",
        "advice, not a statutory term: at the WIA application the opinion should be at most "
        "{months} months old; applied on {reference}, so not before {window}",
    ),
    "moments.opinion_before_report": (
        "het oordeel hoort in het re-integratieverslag en is de basis van de eindevaluatie: "
        "nodig vóór {due}",
        "the opinion belongs in the re-integration report and underlies the final evaluation: "
        "needed by {due}",
    ),
    "moments.flag_opinion_old": (
        "het laatste actuele oordeel ({given}) is ouder dan {months} maanden op {reference}: "
        "vraag een nieuw oordeel",
        "the latest current opinion ({given}) is older than {months} months on {reference}: "
        "ask for a new one",
    ),
    "moments.objection": (
        "bezwaar binnen {weeks} weken na de loonsanctie van {decided}",
        "objection within {weeks} weeks after the wage sanction of {decided}",
    ),
    "moments.shortening": (
        "UWV beslist binnen {weeks} weken op het bekortingsverzoek van {asked} (als wettelijke "
        "termijn behandeld; de bron van die termijn is onzeker)",
        "UWV decides within {weeks} weeks on the request to shorten of {asked} (treated as a "
        "statutory term; its source is uncertain)",
    ),
    "moments.expert_opinion": (
        "UWV-praktijk: antwoord binnen {weeks} weken na de aanvraag van {asked}; daarna navragen",
        "UWV practice: an answer within {weeks} weeks after the request of {asked}; then chase it",
    ),
    "moments.deviation.no_usable_capacity": (
        "geen benutbare mogelijkheden",
        "no usable capacity",
    ),
    "moments.deviation.quick_recovery_expected": (
        "herstel binnen afzienbare tijd verwacht",
        "quick recovery expected",
    ),
    "moments.deviation_open": (
        "gepauzeerd: afwijking van de procesgang ({ground}) sinds {start}, nog zonder einde",
        "paused: deviation from the process ({ground}) since {start}, no end yet",
    ),
    "moments.deviation_on_end": (
        "gepauzeerd tijdens de afwijking van de procesgang ({ground}) van {start} t/m {end}; "
        "weer aan de orde op de eerste gewone dag",
        "paused during the deviation from the process ({ground}) {start}..{end}; due again on "
        "the first normal day",
    ),
    "moments.deviation_resumed": (
        "gepauzeerd tijdens de afwijking van de procesgang ({ground}) van {start} t/m {end}; "
        "hervat: {weeks} weken na de eerste gewone dag",
        "paused during the deviation from the process ({ground}) {start}..{end}; resumed: "
        "{weeks} weeks after the first normal day",
    ),
}
