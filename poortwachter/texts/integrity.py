"""The words of integrity: verify, rebuild and anchors (help texts and messages)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- integrity -----------------------------------------------------------------------------
    "integrity.verified": (
        "in orde: elke hashketen is intact en elke projectie is wat het logboek zegt",
        "ok: every hash chain is intact and every projection is what the log says",
    ),
    "integrity.anchor_verified": (
        "in orde volgens het anker van {created} ({cases} zaken): niets herschreven, ingekort "
        "of verwijderd",
        "ok by the anchor of {created} ({cases} cases): nothing rewritten, truncated or deleted",
    ),
    "integrity.broken": ("GEBROKEN {issue}", "BROKEN {issue}"),
    "integrity.case_broken": (
        "GEBROKEN: zaak {case} is niet wat het logboek zegt ({count} bevinding(en)); "
        "zie 'poortwachter audit verify {case}'",
        "BROKEN: case {case} is not what its log says ({count} finding(s)); "
        "see 'poortwachter audit verify {case}'",
    ),
    "integrity.key_missing": (
        "geen ankersleutel: zet POORTWACHTER_ANCHOR_KEY of geef --key-file (een bestand met "
        "minstens {minimum} bytes, buiten de database bewaard)",
        "no anchor key: set POORTWACHTER_ANCHOR_KEY or give --key-file (a file of at least "
        "{minimum} bytes, kept outside the database)",
    ),
    "integrity.key_short": (
        "de ankersleutel is te kort; verwacht minstens {minimum} bytes",
        "the anchor key is too short; expected at least {minimum} bytes",
    ),
    "integrity.key_unreadable": (
        "sleutelbestand {path} kan niet gelezen worden ({reason})",
        "key file {path} cannot be read ({reason})",
    ),
    "integrity.anchor_unreadable": (
        "anker {path} kan niet gelezen worden ({reason}); verwacht een bestand van "
        "'poortwachter audit anchor'",
        "anchor {path} cannot be read ({reason}); expected a file written by "
        "'poortwachter audit anchor'",
    ),
    "integrity.anchor_unusable": (
        "anker {path} is onbruikbaar: {reason}",
        "anchor {path} cannot be used: {reason}",
    ),
    "integrity.anchor_forged": (
        "GEBROKEN anker {path}: {reason} (het anker zelf is gewijzigd)",
        "BROKEN anchor {path}: {reason} (the anchor itself was changed)",
    ),
    "integrity.anchored": (
        "anker van {cases} zaken ondertekend ({created})",
        "anchor of {cases} cases signed ({created})",
    ),
    "integrity.rebuilt": (
        "{count} zaak/zaken herbouwd uit het logboek: {cases}",
        "{count} case(s) rebuilt from the log: {cases}",
    ),
    "integrity.rebuilt_one": (
        "1 zaak herbouwd uit het logboek: {cases}",
        "1 case rebuilt from the log: {cases}",
    ),
    "integrity.rebuilt_none": (
        "niets te herbouwen: elke projectie van {checked} zaken is wat het logboek zegt",
        "nothing to rebuild: every projection of {checked} cases is what the log says",
    ),
    "integrity.rebuilt_none_one": (
        "niets te herbouwen: elke projectie van de zaak is wat het logboek zegt",
        "nothing to rebuild: every projection of the case is what the log says",
    ),
    # One finding in the user's words; its detail comes from the store.
    "integrity.issue": (
        "zaak {case}{at}: {kind}{where}: {detail}",
        "case {case}{at}: {kind}{where}: {detail}",
    ),
    "integrity.issue_at": (" bij #{seq}", " at seq {seq}"),
    "integrity.rebuild_refused": (
        "NIET herbouwd (keten gebroken; herstel de gebeurtenissen uit een back-up): {issue}",
        "NOT rebuilt (chain broken; restore the events from a backup): {issue}",
    ),
    # -- help ----------------------------------------------------------------------------------
    "cli.help.anchor": (
        "Schrijf een ondertekend anker: van elke zaak de laatste gebeurtenis en haar hash "
        "(HMAC-SHA256 met een sleutel buiten de database). Bewaar het buiten de database.",
        "Write a signed anchor: every case's last event and its hash (HMAC-SHA256 under a key "
        "kept outside the database). Keep it outside the database.",
    ),
    "cli.help.anchor_file": (
        "Controleer ook tegen dit anker (van 'audit anchor'): niets herschreven, ingekort of "
        "verwijderd sindsdien.",
        "Also check against this anchor (from 'audit anchor'): nothing rewritten, truncated or "
        "deleted since.",
    ),
    "cli.help.key_file": (
        "Bestand met de ankersleutel (anders POORTWACHTER_ANCHOR_KEY).",
        "File holding the anchor key (else POORTWACHTER_ANCHOR_KEY).",
    ),
    "cli.help.rebuild": (
        "Herbouw de projecties (zaken, termijnen, snapshots, hooks) uit het logboek. "
        "Exitcode 0 als alles herbouwd of al juist is, 1 als een keten gebroken is.",
        "Rebuild the projections (cases, deadlines, snapshots, hooks) from the log. "
        "Exit 0 when all is rebuilt or already right, 1 when a chain is broken.",
    ),
    "cli.help.rebuild_case": ("Eén zaak; standaard alle.", "One case; default: all."),
}
