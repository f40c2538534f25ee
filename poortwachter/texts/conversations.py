"""The words of conversations: signals, the story of a case, the werkbalansgesprek, roles."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- signals: kinds, reasons and the conversation each suggests --------------------------
    "signal.no_contact": ("Geen contact", "No contact"),
    "signal.no_contact.reason": (
        "Afgesproken: contact met {roles} elke {every} werkdagen; laatste contact {last}, "
        "uiterlijk {due} was het volgende aan de beurt.",
        "Agreed: contact with {roles} every {every} working days; last contact {last}, the next "
        "was due by {due}.",
    ),
    "signal.no_contact.suggests": (
        "Plan een contactmoment met {roles}.",
        "Plan a contact moment with {roles}.",
    ),
    "signal.plan_not_evaluated": ("Plan van aanpak niet geëvalueerd", "Plan not evaluated"),
    "signal.plan_not_evaluated.reason": (
        "Het plan van aanpak is sinds {last} niet geëvalueerd: langer dan {weeks} weken.",
        "The plan of approach has not been evaluated since {last}: more than {weeks} weeks.",
    ),
    "signal.plan_not_evaluated.suggests": (
        "Plan een evaluatiegesprek met werknemer en leidinggevende.",
        "Plan an evaluation with the employee and the manager.",
    ),
    "signal.agreements_missed": ("Afspraken niet nagekomen", "Agreements missed"),
    "signal.agreements_missed.reason": (
        "{count} afspraken op rij niet nagekomen (laatste {last}), zonder gesprek daarna.",
        "{count} agreements in a row missed (last {last}), with no conversation since.",
    ),
    "signal.agreements_missed.suggests": (
        "Bespreek het patroon in een gesprek met de werknemer; geen sanctie, wel duidelijkheid.",
        "Discuss the pattern with the employee; no sanction, but clarity.",
    ),
    "signal.moment_unprepared": ("Wettelijk moment niet voorbereid", "Legal moment unprepared"),
    "signal.moment_unprepared.reason": (
        "{moment} is uiterlijk {due} aan de orde (binnen {days} werkdagen) en er is geen "
        "gesprek gepland dat het voorbereidt.",
        "{moment} is due by {due} (within {days} working days) and no conversation is planned "
        "to prepare it.",
    ),
    "signal.moment_unprepared.suggests": (
        "Plan een gesprek ter voorbereiding van: {moment}.",
        "Plan a conversation to prepare: {moment}.",
    ),
    "signal.werkbalans_due": ("Werkbalansgesprek aan de orde", "Werkbalansgesprek due"),
    "signal.werkbalans_due.reason": (
        "Hersteld op {recovered} na {days} dagen verzuim; nog geen werkbalansgesprek "
        "(streefdatum {due}).",
        "Recovered on {recovered} after {days} days of absence; no werkbalansgesprek yet "
        "(target {due}).",
    ),
    "signal.werkbalans_due.suggests": (
        "Plan een werkbalansgesprek van werknemer en leidinggevende.",
        "Plan a werkbalansgesprek with the employee and the manager.",
    ),
    "signal.none": ("nog geen", "none yet"),
    "signal.header": (
        "{count} signalen (uitnodiging tot een gesprek, nooit een sanctie)",
        "{count} signals (prompts for a conversation, never a sanction)",
    ),
    "signal.header_one": (
        "1 signaal (uitnodiging tot een gesprek, nooit een sanctie)",
        "1 signal (a prompt for a conversation, never a sanction)",
    ),
    # -- roles --------------------------------------------------------------------------------
    "role.employee": ("werknemer", "employee"),
    "role.manager": ("leidinggevende", "manager"),
    "role.casemanager": ("casemanager", "casemanager"),
    "role.occupational_physician": ("bedrijfsarts", "occupational physician"),
    "role.labour_expert": ("arbeidsdeskundige", "labour expert"),
    "role.jobcoach": ("jobcoach", "job coach"),
    "role.career_adviser": ("loopbaanadviseur", "career adviser"),
    "role.hr": ("HR-adviseur", "HR adviser"),
    # -- the story of a case -------------------------------------------------------------------
    "story.title": ("Verloop van dossier {case}", "The story of case {case}"),
    "story.contact_planned": (
        "Contactmoment {id} gepland voor {at} ({form}) met {who}: {purpose}",
        "Contact moment {id} planned for {at} ({form}) with {who}: {purpose}",
    ),
    "story.prepares": ("bereidt voor: {moment}", "prepares: {moment}"),
    "story.contact_moved": (
        "Contactmoment {id} verzet naar {at} (reden: {reason})",
        "Contact moment {id} moved to {at} (reason: {reason})",
    ),
    "story.contact_cancelled": (
        "Contactmoment {id} geannuleerd (reden: {reason})",
        "Contact moment {id} cancelled (reason: {reason})",
    ),
    "story.contact_held": (
        "Gesprek {id} ({form}) met {who}: {summary}",
        "Conversation {id} ({form}) with {who}: {summary}",
    ),
    "story.agreement_made": (
        "Afspraak {id}: {owner} — {action} — uiterlijk {due}",
        "Agreement {id}: {owner} — {action} — by {due}",
    ),
    "story.agreement_kept": ("Afspraak {id} nagekomen", "Agreement {id} kept"),
    "story.agreement_missed": (
        "Afspraak {id} niet nagekomen (reden: {reason})",
        "Agreement {id} missed (reason: {reason})",
    ),
    "story.agreement_renewed": ("nieuwe datum {due}", "new date {due}"),
    "story.agreement_withdrawn": (
        "Afspraak {id} ingetrokken (reden: {reason})",
        "Agreement {id} withdrawn (reason: {reason})",
    ),
    "story.agreement_acknowledged": (
        "Afspraak {id} bevestigd door {who} ({how})",
        "Agreement {id} acknowledged by {who} ({how})",
    ),
    "story.pattern": (
        "Patroon: {count} afspraken op rij niet nagekomen",
        "Pattern: {count} agreements in a row missed",
    ),
    "story.progress_noted": ("Voortgang: {observations}", "Progress: {observations}"),
    "story.cadence": (
        "Contactritme {id}: elke {every} werkdagen met {roles}",
        "Contact cadence {id}: every {every} working days with {roles}",
    ),
    "story.quiet": (
        "Rustperiode {start} t/m {end} (reden: {reason})",
        "Quiet period {start} to {end} (reason: {reason})",
    ),
    "story.handover": (
        "Dossier overgedragen van {previous} aan {casemanager} (reden: {reason})",
        "Case handed over from {previous} to {casemanager} (reason: {reason})",
    ),
    "story.werkbalans": (
        "Werkbalansgesprek {id} met {employee} en {manager}; {agreements} afspraken, "
        "{follow_ups} vervolggesprekken; bevestigd door: {acknowledged}",
        "Werkbalansgesprek {id} with {employee} and {manager}; {agreements} agreements, "
        "{follow_ups} follow-ups; acknowledged by: {acknowledged}",
    ),
    "story.follow_up": ("Vervolggesprek {id} op {at}: {goal}", "Follow-up {id} on {at}: {goal}"),
    "story.relapse_linked": (
        "Terugval op {on}, binnen de terugvalperiode na het werkbalansgesprek {id}",
        "Relapse on {on}, within the relapse window after werkbalansgesprek {id}",
    ),
    "story.legal": ("{label}", "{label}"),
    "story.deadline": ("{label}: uiterlijk {due} — {status}", "{label}: due {due} — {status}"),
    "story.upcoming": ("Komende wettelijke momenten", "Upcoming legal moments"),
    "story.nobody": ("niemand", "nobody"),
    # -- the werkbalansgesprek form (seed 001): labels of its parts -----------------------------
    "werkbalans.employee_view": (
        "Visie van werknemer op de re-integratie en hersteldmelding",
        "The employee's view of the re-integration and recovery",
    ),
    "werkbalans.employer_view": (
        "Visie van werkgever op de re-integratie en hersteldmelding",
        "The employer's view of the re-integration and recovery",
    ),
    "werkbalans.going_better": (
        "Wat gaat er nu beter in het werk dan voorheen en waaruit blijkt dat?",
        "What goes better in the work now, and how does that show?",
    ),
    "werkbalans.still_hard": (
        "Welke taakinhoud is nog lastig en wat heb je nodig om je taken goed uit te voeren?",
        "Which tasks are still hard, and what do you need to do them well?",
    ),
    "werkbalans.work_risk_factors": (
        "Welke factoren in het werk zorgen voor risico op een terugval?",
        "Which factors in the work bring a risk of relapse?",
    ),
    "werkbalans.other_risk_factors": (
        "Welke andere niet-medische factoren zorgen voor risico op een terugval?",
        "Which other, non-medical factors bring a risk of relapse?",
    ),
    "werkbalans.own_actions": (
        "Wat kun je zelf doen als deze factoren een rol gaan spelen?",
        "What can you do yourself when these factors come into play?",
    ),
    "werkbalans.needs_from_others": (
        "Wat heb je van anderen nodig?",
        "What do you need from others?",
    ),
    "werkbalans.next_steps_if_not_lasting": (
        "Welke vervolgstappen nemen we als de werkhervatting niet duurzaam blijkt?",
        "Which next steps do we take if the return proves not lasting?",
    ),
    # -- medical-term guard ----------------------------------------------------------------------
    "conv.medical_warning": (
        "veld '{field}' noemt de medische term '{term}'; het dossier is voor "
        "werkafspraken, herformuleer dit zonder medische informatie",
        "field '{field}' names the medical term '{term}'; the dossier is for work "
        "agreements, please rephrase without medical information",
    ),
    "conv.recorded": (
        "{count} gebeurtenis(sen) vastgelegd in {case}",
        "{count} event(s) recorded in {case}",
    ),
    # -- command line (help texts and errors of the conversation commands) ------------------
    "cli.help.contact": (
        "Contactmomenten: plannen, houden, verzetten, annuleren.",
        "Contact moments: plan, hold, move, cancel.",
    ),
    "cli.help.agreement": (
        "Afspraken: wie doet wat wanneer; nagekomen of niet.",
        "Agreements: who does what by when; kept or missed.",
    ),
    "cli.help.werkbalans": (
        "Het werkbalansgesprek na herstel van langdurig verzuim.",
        "The werkbalansgesprek after recovery from long absence.",
    ),
    "cli.help.contact_plan": ("Plan een contactmoment.", "Plan a contact moment."),
    "cli.help.contact_hold": (
        "Leg een gehouden contactmoment vast, met een samenvatting over het werk.",
        "Record a contact moment that was held, with a work-related summary.",
    ),
    "cli.help.contact_move": (
        "Verzet een gepland contactmoment.",
        "Move a planned contact moment.",
    ),
    "cli.help.contact_cancel": (
        "Annuleer een gepland contactmoment.",
        "Cancel a planned contact moment.",
    ),
    "cli.help.agreement_add": (
        "Leg een afspraak vast: eigenaar, actie, datum.",
        "Record an agreement: owner, action, due date.",
    ),
    "cli.help.agreement_keep": ("Afspraak nagekomen.", "Agreement kept."),
    "cli.help.agreement_miss": (
        "Afspraak niet nagekomen: reden en eventueel een nieuwe datum.",
        "Agreement missed: the reason and, if renewed, a new date.",
    ),
    "cli.help.werkbalans_record": (
        "Leg het werkbalansgesprek vast uit een formulier (JSON of YAML).",
        "Record the werkbalansgesprek from a form (JSON or YAML).",
    ),
    "cli.help.signals": (
        "Signalen: uitnodigingen tot een gesprek (geen contact, plan niet geëvalueerd, "
        "afspraken niet nagekomen, wettelijk moment niet voorbereid, werkbalansgesprek).",
        "Signals: prompts for a conversation (no contact, plan not evaluated, agreements "
        "missed, legal moment unprepared, werkbalansgesprek).",
    ),
    "cli.help.conv_id": (
        "Id van het contactmoment of de afspraak.",
        "Id of the contact or agreement.",
    ),
    "cli.help.conv_at": (
        "Datum en tijd met UTC-verschil, bv. 2026-03-10T10:00+01:00.",
        "Date and time with UTC offset, e.g. 2026-03-10T10:00+01:00.",
    ),
    "cli.help.conv_with": (
        "Deelnemer als REF:ROL (herhaalbaar; bij plannen minstens één), bv. emp-1:employee. "
        "Rollen: employee, manager, casemanager, occupational_physician, labour_expert, "
        "jobcoach, career_adviser, hr.",
        "Participant as REF:ROLE (repeatable; at least one when planning), e.g. "
        "emp-1:employee. Roles: employee, manager, casemanager, occupational_physician, "
        "labour_expert, jobcoach, career_adviser, hr.",
    ),
    "cli.help.conv_on": (
        "Datum van vastleggen (standaard vandaag).",
        "Date it took effect (default today).",
    ),
    "cli.help.conv_reason": ("Reden (een code).", "Reason (a code)."),
    "cli.help.conv_note": ("Toelichting over het werk.", "Work-related note."),
    "cli.help.conv_purpose": ("Doel van het gesprek.", "Purpose of the conversation."),
    "cli.help.conv_form": ("in_person, phone of video.", "in_person, phone or video."),
    "cli.help.conv_prepares": (
        "Het wettelijke moment dat het gesprek voorbereidt, bv. plan_of_approach.",
        "The legal moment it prepares, e.g. plan_of_approach.",
    ),
    "cli.help.conv_summary": (
        "Samenvatting over het werk (geen medische informatie).",
        "Work-related summary (no medical information).",
    ),
    "cli.help.conv_owner": ("Wie het doet, als REF:ROL.", "Who does it, as REF:ROLE."),
    "cli.help.conv_action": ("Wat er gedaan wordt.", "What is to be done."),
    "cli.help.conv_due": ("Uiterlijk op (YYYY-MM-DD).", "Due by (YYYY-MM-DD)."),
    "cli.help.conv_contact": (
        "Het contactmoment waarin de afspraak is gemaakt.",
        "The contact moment it was made in.",
    ),
    "cli.help.conv_ack": (
        "Bevestiging als REF:ROL:HOE (signature, verbal, portal).",
        "Acknowledgement as REF:ROLE:HOW (signature, verbal, portal).",
    ),
    "cli.help.conv_new_due": ("Nieuwe datum (verlengd).", "New due date (renewed)."),
    "cli.help.conv_form_file": ("Het ingevulde formulier.", "The completed form."),
    "cli.help.conv_case": ("Alleen deze zaak.", "Only this case."),
    "cli.conv_bad_at": (
        "{option} {value} is geen datum en tijd met UTC-verschil (bv. 2026-03-10T10:00+01:00)",
        "{option} {value} is not a date and time with UTC offset (e.g. 2026-03-10T10:00+01:00)",
    ),
    "cli.conv_bad_party": (
        "{option} {value} is geen REF:ROL (bv. emp-1:employee)",
        "{option} {value} is not REF:ROLE (e.g. emp-1:employee)",
    ),
    # -- codes in the story: forms, reasons, observations, ways of acknowledging --------------
    "code.in_person": ("persoonlijk", "in person"),
    "code.phone": ("telefonisch", "by phone"),
    "code.video": ("video", "video"),
    "code.by_employee": ("door de werknemer", "by the employee"),
    "code.by_employer": ("door de werkgever", "by the employer"),
    "code.by_professional": ("door de professional", "by the professional"),
    "code.employee_recovered": ("werknemer hersteld", "employee recovered"),
    "code.no_show": ("niet verschenen", "no-show"),
    "code.replaced": ("vervangen", "replaced"),
    "code.other": ("anders", "other"),
    "code.forgotten": ("vergeten", "forgotten"),
    "code.not_feasible": ("niet haalbaar", "not feasible"),
    "code.circumstances_changed": ("omstandigheden veranderd", "circumstances changed"),
    "code.waiting_on_others": ("wacht op anderen", "waiting on others"),
    "code.disagreed": ("niet mee eens", "disagreed"),
    "code.no_longer_relevant": ("niet meer van toepassing", "no longer relevant"),
    "code.agreed_by_parties": ("in overleg", "agreed by the parties"),
    "code.renewed_confidence": ("hernieuwd vertrouwen", "renewed confidence"),
    "code.clearer_boundaries": ("duidelijkere grenzen", "clearer boundaries"),
    "code.taking_action": ("weer in actie", "taking action again"),
    "code.stress_regulation": ("stress beter reguleren", "regulating stress"),
    "code.future_perspective": ("toekomstperspectief", "future perspective"),
    "code.more_hours": ("meer uren", "more hours"),
    "code.new_tasks": ("nieuwe taken", "new tasks"),
    "code.signature": ("handtekening", "signature"),
    "code.verbal": ("mondeling vastgelegd", "recorded verbally"),
    "code.portal": ("via het portaal", "through the portal"),
    "code.holiday": ("vakantie", "holiday"),
    "code.agreed_rest": ("afgesproken rust", "agreed rest"),
    "code.leave": ("verlof", "leave"),
    "code.workload": ("werkdruk", "workload"),
    "code.left_organisation": ("uit dienst", "left the organisation"),
    "code.reorganisation": ("reorganisatie", "reorganisation"),
    "code.employee_request": ("op verzoek van de werknemer", "at the employee's request"),
}
