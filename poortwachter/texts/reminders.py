"""The words of reminders: steps, messages, and the ``run`` / ``reminders`` commands."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- generic moments besides the legal ones (reason values) ------------------------------
    "kind.contact_cadence": (
        "Contactmoment volgens afgesproken ritme",
        "Contact under the agreed cadence",
    ),
    "kind.agreement": ("Afspraak", "Agreement"),
    # -- policy steps ------------------------------------------------------------------------
    "reminders.step.plan": ("plan het gesprek", "plan the conversation"),
    "reminders.step.before": ("binnenkort", "coming up"),
    "reminders.step.on_day": ("vandaag", "today"),
    "reminders.step.escalation": ("te laat (escalatie)", "overdue (escalation)"),
    # -- messages ----------------------------------------------------------------------------
    "reminders.subject": (
        "[poortwachter] {case}: {moment} — {step}",
        "[poortwachter] {case}: {moment} — {step}",
    ),
    "reminders.subject_digest": (
        "[poortwachter] {count} herinneringen voor {recipient}",
        "[poortwachter] {count} reminders for {recipient}",
    ),
    "reminders.line": (
        "{case}: {moment} uiterlijk {due} — {step} (werkdag {plan_on}); grondslag: {basis}; "
        "waarom: poortwachter reminders why {key}",
        "{case}: {moment} due {due} — {step} (working day {plan_on}); legal basis: {basis}; "
        "why: poortwachter reminders why {key}",
    ),
    "reminders.intro.plan": (
        "Plan nu het gesprek (bijvoorbeeld een driegesprek met werknemer en leidinggevende), "
        "zodat het vóór de termijn plaatsvindt.",
        "Plan the conversation now (for example a three-way talk with the employee and the "
        "manager), so that it takes place before the deadline.",
    ),
    "reminders.intro.digest": (
        "Uw herinneringen van vandaag, met per regel de reden.",
        "Your reminders for today, each with its reason.",
    ),
    "reminders.policy_step": (
        "stap '{step}': {days} werkdagen t.o.v. het moment, aan rol {role}",
        "step '{step}': {days} working days from the moment, to role {role}",
    ),
    "reminders.no_basis": ("afspraak, geen wettelijke termijn", "an agreement, no legal deadline"),
    # -- run / sweep -------------------------------------------------------------------------
    "reminders.run.summary": (
        "poortwachter run: database {db}; werker {worker}; beleid {policy}\n"
        "  verzendtijd {send_time} ({zone}) op werkdagen (Atw); sweep elke {interval} s, "
        "lease {lease} s, tot {max_failures} pogingen\n"
        "  herinneringen: {pending} gepland, {due} nu aan de beurt, {dead} dood",
        "poortwachter run: database {db}; worker {worker}; policy {policy}\n"
        "  send time {send_time} ({zone}) on working days (Atw); sweep every {interval} s, "
        "lease {lease} s, up to {max_failures} attempts\n"
        "  reminders: {pending} planned, {due} due now, {dead} dead",
    ),
    "reminders.run.route": (
        "  {recipient}: {channel} {address} ({mode})",
        "  {recipient}: {channel} {address} ({mode})",
    ),
    "reminders.run.stopping": (
        "poortwachter run: gestopt (signaal {signal})",
        "poortwachter run: stopped (signal {signal})",
    ),
    "reminders.sweep.done": (
        "{claimed} herinneringen opgepakt: {delivered} bezorgd in {messages} berichten, "
        "{retried} later opnieuw, {dead} dood",
        "{claimed} reminders claimed: {delivered} delivered in {messages} messages, "
        "{retried} to retry later, {dead} dead",
    ),
    "reminders.planned": ("{count} dossiers opnieuw gepland", "{count} cases re-planned"),
    "reminders.retried": (
        "{count} herinneringen opnieuw aangeboden: {keys}",
        "{count} reminders re-driven: {keys}",
    ),
    "reminders.retry_what": (
        "geef een sleutel (KEY) of --dead",
        "give a key (KEY) or --dead",
    ),
    "reminders.none": ("geen herinneringen", "no reminders"),
    "reminders.row": (
        "{send_at}  {state:<9}  {recipient:<12}  {key}",
        "{send_at}  {state:<9}  {recipient:<12}  {key}",
    ),
    "reminders.why": (
        "Herinnering {key} ({state})\n"
        "  voor: {recipient} — {step}\n"
        "  moment: {moment}, uiterlijk {due}; grondslag: {basis}; regelversie: {rule_version}\n"
        "  afleiding: {derivation}\n"
        "  beleid: {policy_step}; werkdag {plan_on}, verzending {send_at}\n"
        "  gepland bij gebeurtenis {seq} ({event}, {effective})\n"
        "  pogingen: {attempts}; bezorgd: {sent}; laatste fout: {error}",
        "Reminder {key} ({state})\n"
        "  for: {recipient} — {step}\n"
        "  moment: {moment}, due {due}; legal basis: {basis}; rule version: {rule_version}\n"
        "  derivation: {derivation}\n"
        "  policy: {policy_step}; working day {plan_on}, sent at {send_at}\n"
        "  planned by event {seq} ({event}, {effective})\n"
        "  attempts: {attempts}; delivered: {sent}; last error: {error}",
    ),
    "reminders.history": (
        "  {at}  poging {attempt}  {outcome}  {detail}",
        "  {at}  attempt {attempt}  {outcome}  {detail}",
    ),
    # -- help --------------------------------------------------------------------------------
    "cli.help.run": (
        "Start de herinneringsdienst: plant en bezorgt herinneringen volgens het beleid "
        "(APScheduler, één sweep per interval). Stopt netjes op SIGTERM/SIGINT.",
        "Start the reminder service: delivers reminders as the policy says (APScheduler, one "
        "sweep per interval). Stops cleanly on SIGTERM/SIGINT.",
    ),
    "cli.help.reminders": (
        "Herinneringen: plannen, tonen, uitleggen, opnieuw aanbieden.",
        "Reminders: plan, list, explain, re-drive.",
    ),
    "cli.help.reminders_plan": (
        "Plan de herinneringen van een dossier (of alle) opnieuw.",
        "Re-plan one case's reminders (or every case's).",
    ),
    "cli.help.reminders_list": (
        "Toon herinneringen op verzendtijd.",
        "List reminders by send time.",
    ),
    "cli.help.reminders_why": (
        "Waarom deze herinnering: gebeurtenis, regel, artikel, termijn, beleidsstap.",
        "Why this reminder: event, rule, article, deadline, policy step.",
    ),
    "cli.help.reminders_retry": (
        "Bied een herinnering (of alle dode) opnieuw aan; de historie blijft.",
        "Re-drive a reminder (or every dead one); the history stays.",
    ),
    "cli.help.reminders_sweep": (
        "Bezorg wat nu aan de beurt is en stop (--once).",
        "Deliver what is due now and exit (--once).",
    ),
    "cli.help.policy": (
        "Beleidsbestand voor herinneringen (standaard config/reminders.yaml).",
        "Reminder policy file (default config/reminders.yaml).",
    ),
    "cli.help.state": (
        "Alleen deze status (pending, sent, dead, cancelled).",
        "Only this state (pending, sent, dead, cancelled).",
    ),
    "cli.help.dead": ("Alle dode herinneringen.", "Every dead reminder."),
    "cli.help.once": ("Eén sweep en dan stoppen.", "One sweep, then exit."),
    "cli.help.interval": (
        "Seconden tussen sweeps (standaard uit het beleid).",
        "Seconds between sweeps (default from the policy).",
    ),
    # -- the demo (make run) ------------------------------------------------------------------
    "reminders.demo.receivers": (
        "Lokale ontvangers gestart: SMTP-server op 127.0.0.1:{port} (met aanmelding), "
        "webhook-ontvanger op {url} (controleert de handtekening).",
        "Local receivers started: SMTP server on 127.0.0.1:{port} (with login), "
        "webhook receiver on {url} (checks the signature).",
    ),
    "reminders.demo.case_plan": (
        "Zaak {case}: {count} herinneringen gepland; de eerstvolgende:",
        "Case {case}: {count} reminders planned; the next ones:",
    ),
    "reminders.demo.plan_line": (
        "  {day}  {step}: {moment} (uiterlijk {due}) -> {recipient}",
        "  {day}  {step}: {moment} (due {due}) -> {recipient}",
    ),
    "reminders.demo.summary": ("Wat waar is bezorgd:", "What was delivered where:"),
    "reminders.demo.smtp": (
        "  e-mail via SMTP 127.0.0.1:{port} (aangemeld als {user}): {count} bericht(en)",
        "  email over SMTP 127.0.0.1:{port} (logged in as {user}): {count} message(s)",
    ),
    "reminders.demo.mail_line": ("    aan {to}: {subject}", "    to {to}: {subject}"),
    "reminders.demo.webhook": (
        "  webhook naar {url}: {count} bericht(en), elk met geldige handtekening",
        "  webhook to {url}: {count} message(s), each with a valid signature",
    ),
    "reminders.demo.single": (
        "    voor {recipient}: herinnering {first}",
        "    for {recipient}: reminder {first}",
    ),
    "reminders.demo.digest": (
        "    voor {recipient}: verzamelbericht met {count} herinneringen, o.a. {first}",
        "    for {recipient}: digest of {count} reminders, e.g. {first}",
    ),
    "reminders.demo.checks": (
        "  geweigerd (handtekening ongeldig): {refused}; dubbel ontvangen en genegeerd: "
        "{repeats}; SMTP-aanmeldingen: {logins}; gestructureerde logregels: {logs}",
        "  refused (invalid signature): {refused}; received twice and ignored: {repeats}; "
        "SMTP logins: {logins}; structured log lines: {logs}",
    ),
    "reminders.demo.why": (
        "Waarom kreeg anna dit bericht?",
        "Why did anna get this message?",
    ),
    "reminders.demo.no_aiosmtpd": (
        "demo: aiosmtpd ontbreekt; installeer de ontwikkelpakketten met scripts/setup "
        "(pip install -e '.[dev]')",
        "demo: aiosmtpd is missing; install the development packages with scripts/setup "
        "(pip install -e '.[dev]')",
    ),
    "reminders.demo.failed": (
        "demo: '{command}' eindigde met code {code}",
        "demo: '{command}' ended with code {code}",
    ),
    "reminders.demo.nothing": (
        "demo: de SMTP-server of de webhook-ontvanger kreeg niets (of een ongeldige handtekening)",
        "demo: the SMTP server or the webhook receiver got nothing (or an invalid signature)",
    ),
}
