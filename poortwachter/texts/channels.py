"""The words of the delivery channels: email, webhook and the iCalendar planning feed.

Pseudonymous by design: templates take a case id, the name of a legal moment, dates and
articles, never a person's name or free text.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- where a reminder sits in its policy (notify.channel.Step) ---------------------------
    "channels.step.plan": ("Plan het gesprek", "Plan the conversation"),
    "channels.step.before": ("Binnenkort", "Coming up"),
    "channels.step.on_day": ("Vandaag uiterste datum", "Due today"),
    "channels.step.escalation": ("Termijn verstreken", "Overdue"),
    # -- reasons that are not legal moments (those are "kind.*") -----------------------------
    "channels.reason.contact_cadence": ("Contactmoment", "Contact moment"),
    "channels.reason.agreement": ("Afspraak", "Agreement"),
    # -- email -------------------------------------------------------------------------------
    "channels.mail.subject": (
        "[poortwachter] {step}: {label}, zaak {case}",
        "[poortwachter] {step}: {label}, case {case}",
    ),
    "channels.mail.digest_subject": (
        "[poortwachter] Overzicht: {count} herinnering(en)",
        "[poortwachter] Digest: {count} reminder(s)",
    ),
    "channels.mail.digest_intro": (
        "Uw herinneringen van vandaag:",
        "Your reminders for today:",
    ),
    "channels.mail.case": ("Zaak", "Case"),
    "channels.mail.moment": ("Moment", "Moment"),
    "channels.mail.due": ("Uiterste datum", "Due date"),
    "channels.mail.plan_on": ("Plannen op", "Plan on"),
    "channels.mail.basis": ("Wettelijke basis", "Legal basis"),
    "channels.mail.rules": ("Regelversie", "Rule version"),
    "channels.mail.derivation": ("Afleiding", "Derivation"),
    "channels.mail.why": (
        "Waarom krijgt u dit bericht? poortwachter reminders why {key}",
        "Why did you get this? poortwachter reminders why {key}",
    ),
    "channels.mail.unsubscribe": (
        "Geen dagelijks overzicht meer ontvangen: {url}",
        "Stop receiving the daily digest: {url}",
    ),
    "channels.mail.footer": (
        "Automatisch bericht van poortwachter. Het noemt alleen zaaknummers, geen namen.",
        "Automatic message from poortwachter. It names case numbers only, no names.",
    ),
    # -- iCalendar feed ----------------------------------------------------------------------
    "channels.ical.name": (
        "poortwachter planning {casemanager}",
        "poortwachter plan {casemanager}",
    ),
    "channels.ical.description": (
        "Wettelijke momenten en wanneer het gesprek te plannen (poortwachter)",
        "Legal moments and when to plan the conversation (poortwachter)",
    ),
    "channels.ical.due": (
        "Uiterste datum: {label} (zaak {case})",
        "Due: {label} (case {case})",
    ),
    "channels.ical.plan": (
        "Plan het gesprek: {label} (zaak {case})",
        "Plan the conversation: {label} (case {case})",
    ),
    "channels.ical.details": (
        "Zaak: {case}\nMoment: {label}\nUiterste datum: {due}\nGesprek plannen vanaf: {plan}",
        "Case: {case}\nMoment: {label}\nDue date: {due}\nPlan the conversation from: {plan}",
    ),
    "channels.ical.cancelled": (
        "Vervallen: niet meer nodig (gedaan, verplaatst of zaak gesloten).",
        "Cancelled: no longer needed (done, moved or case closed).",
    ),
    # -- CLI ---------------------------------------------------------------------------------
    "cli.help.ical": (
        "Agenda-export: de planning als iCalendar-feed.",
        "Calendar export: the plan as an iCalendar feed.",
    ),
    "cli.help.ical_export": (
        "Schrijf de planningsfeed van één casemanager (iCalendar): per open wettelijk moment de "
        "uiterste datum en een aparte dag om het gesprek te plannen.",
        "Write one casemanager's planning feed (iCalendar): per open legal moment the due date "
        "and a separate day to plan the conversation.",
    ),
    "cli.help.ical_casemanager": (
        "De casemanager van wie de feed is.",
        "The casemanager whose feed this is.",
    ),
    "cli.help.ical_output": (
        "Schrijf naar dit bestand (aangemaakt met rechten 0600); '-' of weglaten is stdout.",
        "Write to this file (created with mode 0600); '-' or leaving it out is stdout.",
    ),
    "cli.help.ical_plan_days": (
        "Zoveel werkdagen (Algemene termijnenwet) vóór de uiterste datum het gesprek plannen; "
        "zonder deze optie de dag van de herinnering 'plan het gesprek' uit het beleid.",
        "Plan the conversation this many working days (Algemene termijnenwet) before the due "
        "date; without it, the day of the policy's 'plan the conversation' reminder.",
    ),
    "cli.help.ical_keep_days": (
        "Zoveel dagen blijft een vervallen moment als geannuleerd in de feed staan.",
        "Keep a cancelled moment in the feed, marked cancelled, for this many days.",
    ),
    "cli.ical_no_casemanager": (
        "--casemanager is leeg; verwacht de casemanager van wie de feed is, bijv. anna",
        "--casemanager is empty; expected the casemanager whose feed this is, e.g. anna",
    ),
    "cli.ical_written": (
        "{count} moment(en) voor {casemanager} geschreven naar {path}",
        "{count} moment(s) for {casemanager} written to {path}",
    ),
}
