"""The phrase catalogue: every fixed word a reader sees, in Dutch and English.

Labels of *a study* (its questions, categories, sectors, respondent types) come from
its codebook; every other reader-facing phrase comes from here, so a new language or
a better wording is one change in one file. Each entry is ``key: (nl, en)``; fields in
braces are filled by :func:`say`.

>>> from survey_inventory.phrases import say
>>> say("figure", "en")
'Figure'
"""
from __future__ import annotations

__all__ = ["PHRASES", "say"]

# Sections per stage keep related phrases together; keys are unique across them.

_CODEBOOK = {
    "figure": ("Figuur", "Figure"),
    "caption_among": ("onder", "among"),   # "..., onder provincies (N = 9)"
}

_ESTIMATE = {
    # response table (report Tabel 1.1): its group headings and total row
    "response_table_collaborations": ("Regionale sectorale samenwerkingsverbanden", "Regional sectoral collaborations"),
    "response_table_other_parties": ("Overige partijen", "Other parties"),
    "response_table_total": ("Respons", "Response"),
}

_COMPARE = {
    # notes of comparisons.csv (written in English today: see estimate/_comparison_rows.py)
    "compare_process_note": ("p behandelt de respondenten als steekproef uit een proces (geen eindige-populatiecorrectie)",
                             "p treats the respondents as a sample from a process (no finite population correction)"),
    "compare_no_valid_answers": ("geen geldige antwoorden van {types}", "no valid answers from {types}"),
    "compare_complete_sectors": ("volledige gevallen: respondenten die voor elke sector antwoordden",
                                 "complete cases: respondents who answered for every sector"),
    "compare_active": ("'actief betrokken' ja/nee, volledige gevallen; niet gevraagd door de routing telt als nee; "
                       "{dont_know}",
                       "'actively involved' yes/no, complete cases; routed past the question counts as no; "
                       "{dont_know}"),
    "compare_dont_know_no": ("'weet ik niet' telt als nee", "'weet ik niet' counts as no"),
    "compare_dont_know_out": ("'weet ik niet' weggelaten", "'weet ik niet' left out"),
    "compare_answered_both": ("respondenten die beide vragen beantwoordden (wie niet gevraagd werd en niet-inhoudelijke "
                              "antwoorden weggelaten)",
                              "respondents who answered both (routed out and non-substantive answers left out)"),
    "compare_adjustment": ("{method} ({m} vergelijkingen)", "{method} ({m} comparisons)"),
    # --min-cell (survey_inventory.privacy.suppress_small_groups)
    "compare_suppressed_group": ("onderdrukt: een groep heeft minder dan {k} respondenten (--min-cell {k})",
                                 "suppressed: a group has fewer than {k} respondents (--min-cell {k})"),
    "compare_suppressed_input": ("onderdrukt: berekend uit een verdeling met onderdrukte cellen (--min-cell {k})",
                                 "suppressed: computed from a distribution with suppressed cells (--min-cell {k})"),
    "compare_suppressed_holm": ("Holm-gecorrigeerde p onderdrukt: zijn familie heeft een onderdrukte rij",
                                "Holm-adjusted p suppressed: its family has a suppressed row"),
}

_RENDER = {
    # figures and tables: numbering words
    "table": ("Tabel", "Table"),
    "appendix": ("Bijlage", "Appendix"),
    # figure notes
    "routed": ("Alleen gevraagd aan wie de verbanden kent: N = {base} van {sample} {types}.",
               "Only asked of those who know the collaborations: N = {base} of {sample} {types}."),
    "largest_remainder": ("Afgerond met de grootsterestmethode: elke balk telt op tot 100%.",
                          "Rounded by the largest-remainder method: each bar sums to 100%."),
    "sum_not_100": ("Door afronding tellen de percentages op tot {total}%.",
                    "Because of rounding the percentages sum to {total}%."),
    "suppressed_k": ("Cellen met minder dan {k} respondenten zijn onderdrukt (<{k}), en zo nodig een tweede "
                     "cel (–). Onderdrukte segmenten (gestippeld) delen de rest van de balk gelijk: hun breedte "
                     "zegt niets over hun aantal.",
                     "Cells with fewer than {k} respondents are suppressed (<{k}), and a second cell where "
                     "needed (–). Suppressed segments (dotted) share the rest of the bar equally: their width "
                     "says nothing about their count."),
    "suppressed": ("Kleine cellen zijn onderdrukt (–).", "Small cells are suppressed (–)."),
    "suppressed_table_k": ("Cellen met minder dan {k} respondenten zijn onderdrukt (<{k}), en zo nodig een "
                           "tweede cel (–).",
                           "Cells with fewer than {k} respondents are suppressed (<{k}), and a second cell "
                           "where needed (–)."),
    "all_suppressed": ("Alle cellen onderdrukt", "All cells suppressed"),
    "no_answers": ("Geen antwoorden", "No answers"),
    "dropped": ("Niet elk percentage past bij zijn segment; alle percentages staan in tabel {table}.",
                "Not every percentage fits its segment; table {table} gives them all."),
    "overview_caption": ("{measure} per sector en type respondent", "{measure} by sector and respondent type"),
    "overview_note": ("Punt: percentage; lijn: {level}%-betrouwbaarheidsinterval ({method}).",
                      "Dot: percentage; line: {level}% confidence interval ({method})."),
    "census": ("Volledige telling (n = N): geen steekproeffout, geen interval.",
               "Census (n = N): no sampling error, no interval."),
    "distribution_caption": ("{measure}: aantallen, percentages en {level}%-betrouwbaarheidsintervallen",
                             "{measure}: counts, percentages and {level}% confidence intervals"),
    "caption_largest_remainder": (", afgerond met de grootsterestmethode", ", rounded by the largest-remainder method"),
    "caption_half_even": (", afgerond half naar even", ", rounded half to even"),
    "caption_truncate": (", naar beneden afgerond", ", rounded down"),
    "not_in_report": ("Figuur {number} staat niet in het rapport; het nummer volgt op figuur {previous}, zodat de "
                      "nummers van het rapport gelijk blijven.",
                      "Figure {number} is not in the report; it is numbered after figure {previous} so that the "
                      "report's numbers stay the same."),
    "overview_routed": ("{measures} is alleen gevraagd aan wie de verbanden kent; N is het aantal antwoorden.",
                        "{measures} was only asked of those who know the collaborations; N is the number of answers."),
    "population_sizes": ("Populatieomvang: {sizes}.", "Population size: {sizes}."),
    # interval methods as readers see them (``ci_method`` of distributions.csv keeps the
    # package's technical names; :func:`survey_inventory.render.format.method_label` maps them)
    "method:hypergeometric exact": ("exact hypergeometrisch, met de populatieomvang",
                                    "exact hypergeometric, with the population size"),
    "method:hypergeometric exact Blaker": ("exact hypergeometrisch (Blaker), met de populatieomvang",
                                           "exact hypergeometric (Blaker), with the population size"),
    "method:hypergeometric exact Blaker, domain": (
        "exact hypergeometrisch (Blaker) voor een deelpopulatie van onbekende omvang",
        "exact hypergeometric (Blaker) for a subpopulation of unknown size"),
    "method:hypergeometric exact, domain": ("exact hypergeometrisch voor een deelpopulatie van onbekende omvang",
                                            "exact hypergeometric for a subpopulation of unknown size"),
    "method:census": ("volledige telling, geen steekproeffout", "census, no sampling error"),
    "method:wilson": ("Wilson", "Wilson"),
    "method:clopper-pearson": ("Clopper-Pearson (exact binomiaal)", "Clopper-Pearson (exact binomial)"),
    "method:jeffreys": ("Jeffreys", "Jeffreys"),
    "method:agresti-coull": ("Agresti-Coull", "Agresti-Coull"),
    "method:logit": ("logit, als R survey::svyciprop", "logit, as R survey::svyciprop"),
    "method:korn-graubard": ("Korn-Graubard (bèta), als R survey::svyciprop",
                             "Korn-Graubard (beta), as R survey::svyciprop"),
    "method:mean Wald-t": ("Wald met t-verdeling, als R survey::svyciprop",
                           "Wald with t distribution, as R survey::svyciprop"),
    "method:goodman": ("simultaan (Goodman)", "simultaneous (Goodman)"),
    "method:sison-glaz": ("simultaan (Sison-Glaz)", "simultaneous (Sison-Glaz)"),
    "method:bonferroni-wilson": ("simultaan (Bonferroni)", "simultaneous (Bonferroni)"),
    "method:bonferroni-exact": ("simultaan (Bonferroni)", "simultaneous (Bonferroni)"),
    "method:no respondents in base": ("geen respondenten in de basis", "no respondents in the base"),
    "method:missing count or base": ("aantal of basis ontbreekt", "count or base missing"),
    "method_detail:no fpc": (", zonder correctie voor de eindige populatie", ", without finite population correction"),
    "method_detail:population unknown": (", populatieomvang onbekend", ", population size unknown"),
    # display tables: column headings
    "heading:type": ("Type respondent", "Respondent type"),
    "heading:targeted": ("Beoogde respons", "Targeted response"),
    "heading:achieved": ("Feitelijke respons", "Achieved response"),
    "heading:rate": ("Respons (relatief)", "Response (relative)"),
    "heading:figure": ("Figuur", "Figure"),
    "heading:sector": ("Sector", "Sector"),
    "heading:category": ("Categorie", "Category"),
    "heading:count": ("Aantal", "Count"),
    "heading:base": ("Basis (N)", "Base (N)"),
    "heading:percent": ("Percentage", "Percentage"),
    "heading:lower": ("{level}%-interval, ondergrens", "{level}% interval, lower"),
    "heading:upper": ("{level}%-interval, bovengrens", "{level}% interval, upper"),
    "heading:participant": ("Type participanten", "Type of participant"),
    "heading:name": ("Naam", "Name"),
    "heading:region": ("Regio", "Region"),
    "heading:legal_form": ("Rechtsvorm", "Legal form"),
    "heading:founded": ("Opgericht", "Founded"),
    "heading:members": ("Leden (aantal)", "Members (number)"),
    "heading:members_note": ("Toelichting leden", "Members, in words"),
    "heading:answer": ("Antwoord", "Answer"),
    "heading:mentions": ("Keer genoemd", "Times mentioned"),
    "heading:share": ("% van respondenten", "% of respondents"),
    # display tables: captions and notes
    "table_caption:response": ("Respons, naar type respondent", "Response, by respondent type"),
    "table_caption:participants": ("Overzicht van type participanten bij {collaborations} {sector}",
                                   "Types of participants in {collaborations} in {sector}"),
    "table_caption:collaborations": ("Onderzochte samenwerkingsverbanden", "Collaborations studied"),
    "table_caption:mentions": ("{label}, onder {types} (N = {n})", "{label}, among {types} (N = {n})"),
    "table_caption:collaborations_group": ("Regionale sectorale samenwerkingsverbanden",
                                           "Regional sectoral collaborations"),
    "table_note:mentions": ("Meer antwoorden mogelijk; genoemd in open antwoorden, achteraf gecodeerd.",
                            "More than one answer possible; named in open answers, coded afterwards."),
    "table_note:participants": ("x = neemt deel als aangesloten partij (geen externe partner).",
                                "x = takes part as an affiliated party (not an external partner)."),
    "table_note:inventory": ("Bron: inventarisatie van de samenwerkingsverbanden ({file}).",
                             "Source: inventory of the collaborations ({file})."),
    "table_note:methods": ("Intervalmethode: {methods}.", "Interval method: {methods}."),
    "table_note:source_language": ("", "Region and member descriptions are in Dutch, as in the source."),
    "table_note:routed": ("Betrokkenheid is alleen gevraagd aan wie de verbanden kent; de basis is het aantal "
                          "antwoorden.",
                          "Involvement was only asked of those who know the collaborations; the base is the number "
                          "of answers."),
}

# response analysis and weights (issue 16; survey_inventory.render.response)
_RENDER.update({
    "response:caption": ("Respons naar kenmerk van het steekproefkader, {types}",
                         "Response by frame attribute, {types}"),
    "response:figure_caption": ("Responspercentage naar kenmerk, {types} (stippellijn: totaal {rate})",
                                "Response rate by attribute, {types} (dashed line: overall {rate})"),
    "response:axis": ("Responspercentage", "Response rate"),
    "response:attribute": ("Kenmerk", "Attribute"),
    "response:category": ("Klasse", "Class"),
    "response:targeted": ("Benaderd", "Approached"),
    "response:responded": ("Respons", "Responded"),
    "response:rate": ("Responspercentage", "Response rate"),
    "response:test": ("Samenhang van respons met {attribute}: p {p} ({test}).",
                      "Response by {attribute}: p {p} ({test})."),
    "response:scheme:none": ("alleen ontwerpgewichten N/n", "design weights N/n only"),
    "response:scheme:poststratify": ("gepoststratificeerd naar {attributes}", "post-stratified on {attributes}"),
    "response:scheme:rake": ("geraked naar de marges van {attributes}", "raked on the margins of {attributes}"),
    "response:scheme:trim": (", gewichten afgekapt tot [{lower}; {upper}] en opnieuw gekalibreerd",
                             ", weights trimmed to [{lower}, {upper}] and re-calibrated"),
    "response:r_indicator": ("R-indicator (1 = de respons hangt niet af van deze kenmerken): {r}, standaardfout "
                             "{se} (model {model}).",
                             "R-indicator (1 = response does not depend on these attributes): {r}, standard "
                             "error {se} (model {model})."),
    "response:weighting": ("Gewogen percentages voor {types} (weighted_distributions.csv): {scheme}; gewichten van "
                           "{low} tot {high}. De figuren tonen de ongewogen percentages.",
                           "Weighted percentages for {types} (weighted_distributions.csv): {scheme}; weights from "
                           "{low} to {high}. The figures show the unweighted percentages."),
    "response:low": ("Minder dan de helft van de {types} heeft geantwoord ({responded} van {targeted}): {share}% van "
                     "de populatie niet. Wat die ook zouden hebben geantwoord, een percentage ligt ergens in een "
                     "band van {share} procentpunt breed (grenzen in het slechtste geval, wc_lower en wc_upper in "
                     "weighted_distributions.csv).",
                     "Fewer than half of the {types} answered ({responded} of {targeted}): {share}% of the "
                     "population did not. Whatever they would have said, a percentage can lie anywhere in a band "
                     "{share} percentage points wide (worst-case bounds, wc_lower and wc_upper in "
                     "weighted_distributions.csv)."),
    "response:sensitivity": ("Verschillen niet-respondenten hoogstens {delta} procentpunt van de respondenten, dan "
                             "verschuift een percentage hoogstens {move} procentpunt (sens_lower, sens_upper).",
                             "If non-respondents differ from respondents by at most {delta} percentage points, a "
                             "percentage moves by at most {move} points (sens_lower, sens_upper)."),
})

_REPORT = {
    # section headings of the Word and HTML reports
    "appendix:A": ("Overzicht per sector en type respondent", "Overview by sector and respondent type"),
    "appendix:B": ("Verdelingen met intervallen", "Distributions with intervals"),
    "appendix:C": ("Onderzochte samenwerkingsverbanden", "Collaborations studied"),
    "report:response": ("Respons", "Response"),
    "report:contents": ("Inhoud", "Contents"),
    "report:notes": ("Toelichting", "Notes"),
    # the reading guide at the top of the Word and HTML reports
    "guide:title": ("Leeswijzer", "How to read this report"),
    "guide:bars": ("Elke figuur is één balk van 100%. De antwoorden staan in de volgorde van de antwoordschaal, met "
                   "in elke figuur dezelfde kleur voor hetzelfde antwoord (blauw van donker naar licht, ook leesbaar "
                   "in grijs afgedrukt).",
                   "Each figure is one bar of 100%. The answers are in the order of the answer scale, with the same "
                   "colour for the same answer in every figure (blue from dark to light, readable when printed in "
                   "grey)."),
    "guide:zero": ("Een antwoord dat niemand gaf, blijft in de legenda staan met '(0%)' en krijgt een segment van "
                   "breedte nul; balken en kleuren verschuiven dus nooit.",
                   "An answer nobody gave stays in the legend, marked '(0%)', with a segment of zero width; so bars "
                   "and colours never shift."),
    "guide:apart": ("Antwoorden buiten de inhoudelijke schaal ({labels}) staan grijs en gearceerd, los van de schaal.",
                    "Answers outside the substantive scale ({labels}) are grey and hatched, apart from the scale."),
    "guide:half-up": ("Percentages zijn half naar boven afgerond, zoals in het rapport; een balk kan daardoor "
                      "optellen tot 99% of 101% (dat staat dan onder de figuur). De balk zelf is getekend met de "
                      "onafgeronde percentages.",
                      "Percentages are rounded half up, as in the report; a bar may therefore sum to 99% or 101% "
                      "(the figure then says so). The bar itself is drawn with the unrounded percentages."),
    "guide:largest-remainder": ("Percentages zijn afgerond met de grootsterestmethode: de percentages van elke "
                                "balk tellen op tot 100%. De balk zelf is getekend met de onafgeronde percentages.",
                                "Percentages are rounded by the largest-remainder method: the percentages of each "
                                "bar sum to 100%. The bar itself is drawn with the unrounded percentages."),
    "guide:half-even": ("Percentages zijn half naar even afgerond (12,5 wordt 12); een balk kan daardoor optellen "
                        "tot 99% of 101% (dat staat dan onder de figuur). De balk zelf is getekend met de "
                        "onafgeronde percentages.",
                        "Percentages are rounded half to even (12.5 becomes 12); a bar may therefore sum to 99% or "
                        "101% (the figure then says so). The bar itself is drawn with the unrounded percentages."),
    "guide:truncate": ("Percentages zijn naar beneden afgerond; een balk telt daardoor vaak op tot minder dan 100% "
                       "(dat staat dan onder de figuur). De balk zelf is getekend met de onafgeronde percentages.",
                       "Percentages are rounded down; a bar therefore often sums to less than 100% (the figure then "
                       "says so). The bar itself is drawn with the unrounded percentages."),
    "guide:base": ("N is het aantal antwoorden waarop de percentages rusten. Is een vraag alleen gesteld aan wie de "
                   "verbanden kent, dan is N kleiner dan het aantal respondenten; de figuur zegt dat eronder.",
                   "N is the number of answers the percentages rest on. Where a question was only asked of those "
                   "who know the collaborations, N is smaller than the number of respondents; the figure says so "
                   "below it."),
    "guide:numbers": ("Figuren en tabellen die het rapport heeft, houden het nummer uit het rapport; wat het rapport "
                      "niet heeft, krijgt het nummer ervoor plus een letter (bijvoorbeeld 4.2a). Bijlage A zet alle "
                      "sectoren naast elkaar, met betrouwbaarheidsintervallen; bijlage B geeft alle aantallen, "
                      "percentages en intervallen.",
                      "Figures and tables the report has keep the report's number; what the report lacks gets the "
                      "number before it plus a letter (for example 4.2a). Appendix A puts all sectors side by side, "
                      "with confidence intervals; appendix B gives every count, percentage and interval."),
}

_PROSE = {
    # draft text beside the figures (render/prose.py, export/texts.py); scale in docs/draft_text.md
    "prose_draft_mark": ("Concepttekst — controleer voor gebruik", "Draft text — check before use"),
    "prose_title": ("Concepttekst bij de figuren", "Draft text for the figures"),
    "prose_scale_note": ("De woorden volgen een vaste schaal (docs/draft_text.md). Waar het "
                         "betrouwbaarheidsinterval het woord niet draagt, staat alleen het aantal.",
                         "The words follow a fixed scale (docs/draft_text.md). Where the confidence interval "
                         "does not support the word, only the count is given."),
    "prose_sentence": ("{subject} ({count} van de {base}) {verb} {category} op de vraag naar {measure}.",
                       "{subject} ({count} of {base}) {verb} {category} when asked about {measure}."),
    "prose_sentence_count": ("Van de {base} {types} {verb} {count} {category} op de vraag naar {measure}.",
                             "Of the {base} {types}, {count} {verb} {category} when asked about {measure}."),
    "prose_or": ("of", "or"),
    "prose_no_answers": ("Voor deze figuur zijn geen antwoorden te beschrijven.",
                         "This figure has no answers to describe."),
    "prose_verb_sg": ("antwoordt", "answers"),
    "prose_verb_pl": ("antwoorden", "answer"),
    "prose_q_none": ("geen van de {types}", "none of the {types}"),
    "prose_q_one": ("één van de {types}", "one of the {types}"),
    "prose_q_few": ("enkele {types}", "a few {types}"),
    "prose_q_quarter": ("een kwart van de {types}", "a quarter of the {types}"),
    "prose_q_third": ("een derde van de {types}", "a third of the {types}"),
    "prose_q_nearly_half": ("bijna de helft van de {types}", "almost half of the {types}"),
    "prose_q_half": ("de helft van de {types}", "half of the {types}"),
    "prose_q_small_majority": ("een kleine meerderheid van de {types}", "a small majority of the {types}"),
    "prose_q_two_thirds": ("twee derde van de {types}", "two thirds of the {types}"),
    "prose_q_large_majority": ("een ruime meerderheid van de {types}", "a large majority of the {types}"),
    "prose_q_nearly_all": ("vrijwel alle {types}", "almost all {types}"),
    "prose_q_all": ("alle {types}", "all {types}"),
    "prose_q_majority": ("een meerderheid van de {types}", "a majority of the {types}"),
    # slides (export/pptx.py)
    "slides_source": ("Bron: {publisher}, {title}", "Source: {publisher}, {title}"),
    "slides_source_title": ("Bron: {title}", "Source: {title}"),
    "slides_response": ("Respons", "Response"),
    "slides_fieldwork": ("Veldwerk: {fieldwork}", "Fieldwork: {fieldwork}"),
}

PHRASES: dict[str, tuple[str, str]] = {**_CODEBOOK, **_ESTIMATE, **_COMPARE, **_RENDER, **_REPORT, **_PROSE}


def say(key: str, lang: str = "nl", **fields) -> str:
    """The phrase ``key`` in ``lang`` (``"nl"`` or ``"en"``), its ``{fields}`` filled.

    Examples
    --------
    >>> say("figure", "nl")
    'Figuur'
    """
    text = PHRASES[key][1 if lang == "en" else 0]
    return text.format(**fields) if fields else text
