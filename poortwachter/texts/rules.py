"""The words of the rules: explanations of each date and the flags beside it."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
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
        "no Atw shift (ministerial regulation)",
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
        "{weeks} weeks after the problem analysis of {analysis} (before {how})",
    ),
    "rules.pva_after_analysis_sick_days": (
        "{weeks} weken na de probleemanalyse van {analysis}, alleen ziektedagen geteld "
        "(vóór {how})",
        "{weeks} weeks after the problem analysis of {analysis}, sick days only (before {how})",
    ),
    "rules.evaluation_no_plan": (
        "{weeks} weken na de uiterste datum van het plan van aanpak, {due} (nog geen plan "
        "vastgesteld)",
        "{weeks} weeks after the plan of approach deadline {due} (no plan agreed yet)",
    ),
    "rules.evaluation_after_evaluation": (
        "{weeks} weken na de laatste evaluatie, van {day}",
        "{weeks} weeks after the last evaluation of {day}",
    ),
    "rules.evaluation_after_plan": (
        "{weeks} weken na het plan van aanpak van {day}",
        "{weeks} weeks after the plan of approach of {day}",
    ),
    "rules.partial_return": (
        "gedeeltelijke werkhervatting op {day}: het plan moet worden bijgesteld",
        "partial return to work on {day}: the plan needs a bijstelling",
    ),
    "rules.uwv_report": (
        "eerste werkdag na ziekteweek {weeks} ({how})",
        "first working day after sick week {weeks} ({how})",
    ),
    "rules.atw_rolled": ("Atw: {skipped} → {day}", "Atw: {skipped} → {day}"),
    "rules.skipped_day": ("{day} {reason}", "{day} {reason}"),
    "rules.equated_day": ("gelijkgestelde dag: {name}", "day equated to a public holiday"),
    "rules.weekday_names": (
        "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    ),
    "rules.a_werkdag": ("een werkdag", "a working day"),
    "rules.uwv_employment_ends": (
        "het dienstverband eindigt {ended}: melden op de laatste werkdag van het dienstverband",
        "employment ends {ended}: report on the last working day of the employment",
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
    "rules.parts": ("{parts}", "{parts}"),
    "rules.wazo_bridge": (
        "Wazo-brug (BW 7:629 lid 10): ziek tot de dag vóór het verlof en vanaf de dag erna, met "
        "dezelfde oorzaak: {spans} niet meegeteld (+{days} dagen)",
        "Wazo bridge (BW 7:629 lid 10): sick up to the day before the leave and from the day "
        "after it, with the same cause: {spans} not counted (+{days} days)",
    ),
    "rules.day_after_sick_day": (
        "de dag na ziektedag {n}, geteld vanaf {first}: de termijn was vol op {last}; een "
        "latere terugval die bij de keten hoort verschuift deze datum niet",
        "the day after sick day {n} counted from {first}: the term was complete on {last}; a "
        "later relapse that joins the chain does not move this date",
    ),
    "rules.evaluation_paused": (
        "gepauzeerd tijdens het Wazo-verlof {spans} (+{days} dagen)",
        "paused during the Wazo leave {spans} (+{days} days)",
    ),
    "rules.split_gap": (
        "na de keten vanaf {previous} een nieuwe keten vanaf {first}: {gap} dagen "
        "arbeidsgeschikt, niet minder dan {limit} (4-wekenregel, BW 7:629 lid 10)",
        "after the chain from {previous} a new chain from {first}: {gap} fit days, not fewer "
        "than {limit} (4-week rule, BW 7:629 lid 10)",
    ),
    "rules.split_other_cause": (
        "na de keten vanaf {previous} een nieuwe keten vanaf {first}: direct na het "
        "Wazo-verlof ziek met een andere oorzaak (BW 7:629 lid 10)",
        "after the chain from {previous} a new chain from {first}: sick directly after the "
        "Wazo leave with another cause (BW 7:629 lid 10)",
    ),
    "rules.atw_forward": (
        "vooruit gerekend tot {term}: een wettelijke termijn vanaf een gebeurtenis, die de Atw "
        "verlengt als hij op een zaterdag, zondag of feestdag eindigt (art. 1 lid 1; alleen "
        "terugrekenende termijnen niet, art. 1 lid 2): {how}",
        "counted forward to {term}: a statutory term from an event, which the Atw extends when "
        "it ends on a Saturday, Sunday or holiday (art. 1 lid 1; only terms counted back are "
        "not, art. 1 lid 2): {how}",
    ),
    "rules.uwv_report_last_day_employed": (
        "het dienstverband eindigt {ended} en de laatste werkdag ervan ligt vóór de ziekte: "
        "melden uiterlijk op de laatste dag van het dienstverband, {due}",
        "employment ends {ended} and its last working day lies before the sickness: report on the "
        "last day of the employment at the latest, {due}",
    ),
    "rules.uwv_report_first_sick_day": (
        "het dienstverband eindigt {ended} en de laatste werkdag ervan ligt vóór de ziekte: "
        "melden op de eerste ziektedag, {due}",
        "employment ends {ended} and its last working day lies before the sickness: report on the "
        "first sick day, {due}",
    ),
    "rules.uwv_no_sick_day_employed": (
        "het dienstverband eindigde {ended}, niet na de eerste ziektedag {first}: geen "
        "ziekmelding door de werkgever (de werknemer meldt zich zelf bij UWV)",
        "employment ended {ended}, not after the first sick day {first}: no report by the "
        "employer (the employee reports to UWV)",
    ),
    "rules.wage_no_sick_day_employed": (
        "dienstverband geëindigd {ended}, op de eerste ziektedag: geen loon tijdens deze ziekte",
        "employment ended {ended}, on the first sick day: no wage during this sickness",
    ),
    "rules.flag_report_before_sickness": (
        "de laatste werkdag van het dienstverband ({last}) ligt vóór de eerste ziektedag "
        "{first}: de wet noemt een dag vóór de ziekte; deze datum is de laatste die nog kan, "
        "meld direct",
        "the last working day of the employment ({last}) lies before the first sick day {first}: "
        "the statute's day lies before the sickness; this date is the latest still possible, "
        "report at once",
    ),
    "rules.flag_not_in_data": (
        "Atw: {years} valt vóór de kalendergegevens over gelijkgestelde dagen (die beginnen in "
        "{start}); een toen gelijkgestelde dag is niet meegenomen",
        "Atw: {years} is not in the calendar data of equated days (which begin in {start}); a "
        "day equated then is not taken into account",
    ),
    "rules.law_change": ("{article} vanaf {since} ({href})", "{article} from {since} ({href})"),
    "rules.flag_law_changed_chain_start": (
        "de wet veranderde tijdens deze termijn: {changes}. Toegepast is de wet bij aanvang van "
        "de keten: {used}; met de wet bij het verstrijken van de termijn zou het {other} zijn",
        "the law changed during this term: {changes}. Applied: the law when the chain began, "
        "{used}; with the law when the term runs out it would be {other}",
    ),
    "rules.flag_law_changed_as_of": (
        "de wet veranderde tijdens deze termijn: {changes}. Toegepast is de wet op de "
        "peildatum: {used}; met de wet bij het verstrijken van de termijn zou het {other} zijn",
        "the law changed during this term: {changes}. Applied: the law on the as-of date, "
        "{used}; with the law when the term runs out it would be {other}",
    ),
    "rules.flag_law_changed_term_end": (
        "de wet veranderde tijdens deze termijn: {changes}. Toegepast is de wet bij het "
        "verstrijken van de termijn: {used}; met de wet bij aanvang van de keten zou het "
        "{other} zijn",
        "the law changed during this term: {changes}. Applied: the law when the term runs "
        "out, {used}; with the law when the chain began it would be {other}",
    ),
}
