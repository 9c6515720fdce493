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
    # who enters a test (column population) and the primary family (column family)
    "compare_population_not_routed": ("alle respondenten met een geldig antwoord (niet gerouteerd)",
                                      "all respondents with a valid answer (item not routed)"),
    "compare_population_all": ("alle respondenten die de filtervraag beantwoordden (niet gevraagd telt als '{category}')",
                               "all respondents who answered the filter question (routed-out counted as "
                               "'{category}')"),
    "compare_population_asked": ("alleen wie gevraagd werd (voorwaardelijk op gevraagd worden)",
                                 "only those asked (conditional on being asked)"),
    "compare_population_sectors": ("respondenten die de filtervraag van elke sector beantwoordden (niet gevraagd "
                                   "telt als niet actief betrokken)",
                                   "respondents who answered every sector's filter question (routed-out counted "
                                   "as not actively involved)"),
    "compare_population_complete": ("respondenten met een geldig antwoord voor elke sector",
                                    "respondents with a valid answer for every sector"),
    "compare_population_both": ("alleen wie gevraagd werd en beide vragen beantwoordde (voorwaardelijk)",
                                "only those asked who answered both (conditional on being asked)"),
    "compare_adjustment_primary": ("Holm over de primaire familie ({m} toetsen)",
                                   "Holm across the primary family ({m} tests)"),
    "compare_p_conditional": ("voorwaardelijk op de waargenomen antwoorden (permutatie; geen eindige-populatiecorrectie)",
                              "conditional on the observed answers (permutation; no finite population correction)"),
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
    "routed": ("{rule} (N = {base} van {sample} {types}).", "{rule} (N = {base} of {sample} {types})."),
    "routed_generated": ("Alleen gevraagd aan wie {clauses}", "Only asked of those who {clauses}"),
    "routed_rule": ("Alleen gevraagd als: {rule}", "Only asked if: {rule}"),
    "clause_codes": ("bij '{question}' antwoordde: {codes}", "answered '{question}' with: {codes}"),
    "clause_answered": ("'{question}' beantwoordde", "answered '{question}'"),
    "and_join": (" en ", " and "),
    "or_last": (" of ", " or "),
    "question_label": ("de vraag '{label}'", "the question '{label}'"),
    "question_about": ("de vraag over {measure}", "the question on {measure}"),
    "nonresponse": ("N = {base} van {sample} {types}; geen antwoord op deze vraag: {k}.",
                    "N = {base} of {sample} {types}; no answer to this question: {k}."),
    "nonresponse_filter": ("N = {base} van {sample} {types}; geen antwoord op {question}: {k}.",
                           "N = {base} of {sample} {types}; no answer to {question}: {k}."),
    "nonresponse_more": ("Geen antwoord op deze vraag: {k}.", "No answer to this question: {k}."),
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
    "overview_routed": ("{measures}: niet iedereen kreeg deze vraag (zie de noot onder de figuren); N is het aantal "
                        "antwoorden.",
                        "{measures}: not everybody was asked this question (see the note below the figures); N is "
                        "the number of answers."),
    "overview_without_sector": ("Vragen zonder sector staan niet in dit overzicht: figuur {figures}.",
                                "Questions without a sector are not in this overview: figure {figures}."),
    "not_numbered": ("Figuur {number} heeft geen eigen nummer in het codeboek; het nummer volgt op figuur {previous}.",
                     "Figure {number} has no number of its own in the codebook; it is numbered after figure "
                     "{previous}."),
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
    "table_note:mentions_closed": ("Meer antwoorden mogelijk.", "More than one answer possible."),
    "table_note:participants": ("x = neemt deel als aangesloten partij (geen externe partner).",
                                "x = takes part as an affiliated party (not an external partner)."),
    "table_note:inventory": ("Bron: inventarisatie van de samenwerkingsverbanden ({file}).",
                             "Source: inventory of the collaborations ({file})."),
    "table_note:methods": ("Intervalmethode: {methods}.", "Interval method: {methods}."),
    "table_note:source_language": ("", "Region and member descriptions are in Dutch, as in the source."),
    "table_note:routed": ("{measure}: niet iedereen kreeg deze vraag (zie de noot onder figuur {figures}); de basis "
                          "is het aantal antwoorden.",
                          "{measure}: not everybody was asked this question (see the note below figure {figures}); "
                          "the base is the number of answers."),
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
    "report:other_questions": ("Overige vragen", "Other questions"),   # the chapter of items without a sector
    # the reading guide at the top of the Word and HTML reports
    "guide:title": ("Leeswijzer", "How to read this report"),
    "guide:bars": ("Elke figuur is één balk van 100%. De antwoorden staan in de volgorde van de antwoordschaal, met "
                   "in elke figuur dezelfde kleur voor hetzelfde antwoord.",
                   "Each figure is one bar of 100%. The answers are in the order of the answer scale, with the same "
                   "colour for the same answer in every figure."),
    "guide:colours_ordinal": ("Bij een geordende schaal loopt de kleur van donker- naar lichtblauw, ook leesbaar in "
                              "grijs afgedrukt.",
                              "On an ordered scale the colour runs from dark to light blue, readable when printed in "
                              "grey."),
    "guide:colours_nominal": ("Bij een ongeordende schaal heeft elk antwoord een eigen kleur en arcering, ook te "
                              "onderscheiden bij kleurenblindheid en in grijs.",
                              "On an unordered scale each answer has a colour and hatching of its own, told apart "
                              "with colour blindness and in grey."),
    "guide:zero": ("Een antwoord dat niemand gaf, blijft in de legenda staan met '(0%)' en krijgt een segment van "
                   "breedte nul; balken en kleuren verschuiven dus nooit.",
                   "An answer nobody gave stays in the legend, marked '(0%)', with a segment of zero width; so bars "
                   "and colours never shift."),
    "guide:apart": ("Antwoorden buiten de inhoudelijke schaal ({labels}) staan grijs en gearceerd, los van de schaal.",
                    "Answers outside the substantive scale ({labels}) are grey and hatched, apart from the scale."),
    "guide:half-up": ("Percentages zijn half naar boven afgerond; een balk kan daardoor optellen tot 99% of 101% (dat "
                      "staat dan onder de figuur). De balk zelf is getekend met de onafgeronde percentages.",
                      "Percentages are rounded half up; a bar may therefore sum to 99% or 101% (the figure then says "
                      "so). The bar itself is drawn with the unrounded percentages."),
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
    "guide:rounding_as_report": ("Zo rondt ook het rapport af.", "The report rounds the same way."),
    "guide:base": ("N is het aantal antwoorden waarop de percentages rusten; wie een vraag niet beantwoordde, telt "
                   "niet mee, en de figuur zegt hoeveel dat er zijn.",
                   "N is the number of answers the percentages rest on; who did not answer a question does not "
                   "count, and the figure says how many did not."),
    "guide:routed": ("Is een vraag alleen gesteld aan wie een eerdere vraag op een bepaalde manier beantwoordde, dan "
                     "zegt de figuur dat eronder, met het aantal dat de vraag kreeg.",
                     "Where a question was only asked of those who answered an earlier question in a certain way, "
                     "the figure says so below it, with the number who were asked."),
    "guide:numbers_report": ("Figuren en tabellen die het rapport heeft, houden het nummer uit het rapport.",
                             "Figures and tables the report has keep the report's number."),
    "guide:numbers_codebook": ("Figuren houden het nummer dat het codeboek ze geeft.",
                               "Figures keep the number the codebook gives them."),
    "guide:letters_report": ("Wat het rapport niet heeft, krijgt het nummer ervoor plus een letter (bijvoorbeeld "
                             "{example}).",
                             "What the report lacks gets the number before it plus a letter (for example {example})."),
    "guide:letters_codebook": ("Een figuur zonder eigen nummer krijgt het nummer ervoor plus een letter "
                               "(bijvoorbeeld {example}).",
                               "A figure without a number of its own gets the number before it plus a letter (for "
                               "example {example})."),
    "guide:numbers_per_sector": ("Hoofdstuk 1 is de respons; elke sector is een volgend hoofdstuk, met de figuren "
                                 "daarin genummerd {first}, {second}, enzovoort.",
                                 "Chapter 1 is the response; each sector is a chapter of its own, its figures "
                                 "numbered {first}, {second} and so on."),
    "guide:numbers_other": ("Vragen zonder sector staan in het laatste hoofdstuk.",
                            "Questions without a sector are in the last chapter."),
    "guide:numbers_flat": ("De figuren zijn doorlopend genummerd (1, 2, 3, ...).",
                           "The figures are numbered straight through (1, 2, 3, ...)."),
    "guide:appendix_a": ("Bijlage A zet alle sectoren naast elkaar, met betrouwbaarheidsintervallen.",
                         "Appendix A puts all sectors side by side, with confidence intervals."),
    "guide:appendix_b": ("Bijlage B geeft alle aantallen, percentages en intervallen.",
                         "Appendix B gives every count, percentage and interval."),
    # Word: contents, lists of figures and tables (fields Word fills in on opening)
    "report:list_of_figures": ("Lijst van figuren", "List of figures"),
    "report:list_of_tables": ("Lijst van tabellen", "List of tables"),
    "report:update_fields": ("(Word vult deze lijst bij het openen; in LibreOffice: Extra > Bijwerken > Alles "
                             "bijwerken.)",
                             "(Word fills in this list when the document is opened; in LibreOffice: Tools > Update "
                             "> Update All.)"),
    "report:page": ("Pagina", "Page"),
    "report:chart_data": ("Gegevens van {caption}", "Data of {caption}"),
    "report:chart_data_note": ("Onafgeronde percentages; de getalnotatie toont ze afgerond. De grafiek is een "
                               "gestapelde staaf van 100%, in dezelfde kleuren als de figuur.",
                               "Unrounded percentages; the number format shows them rounded. The chart is a 100% "
                               "stacked bar, in the colours of the figure."),
    "report:chart_row": ("Groep", "Group"),
    "report:sheet_contents": ("Inhoud", "Contents"),
    "report:sheet_link": ("Blad", "Sheet"),
    # low response: fewer than half of a type's population answered
    "lowresp:note": ("Lage respons: {sample} van {population} {types} deden mee ({rate}). Het interval gaat uit van "
                     "willekeurige non-respons; zonder die aanname ligt elk percentage binnen de grenzen voor het "
                     "slechtste geval (alle niet-deelnemers wel of niet in de categorie): {bounds}.",
                     "Low response: {sample} of {population} {types} took part ({rate}). The interval assumes "
                     "non-response at random; without that assumption each percentage lies within the worst-case "
                     "bounds (all non-participants in or out of the category): {bounds}."),
    "lowresp:guide": ("Waar minder dan de helft van een groep meedeed, zegt de figuur dat eronder en geeft zij de "
                      "grenzen voor het slechtste geval: wat het percentage zou zijn als alle niet-deelnemers wel of "
                      "juist niet in de categorie vielen. Bijlage B geeft die grenzen voor elke figuur. Dit geldt "
                      "voor: {groups}.",
                      "Where fewer than half of a group took part, the figure says so below it and gives the "
                      "worst-case bounds: what the percentage would be if all non-participants were, or were not, in "
                      "the category. Appendix B gives these bounds for every figure. This applies to: {groups}."),
    "lowresp:group": ("{types} ({sample} van {population})", "{types} ({sample} of {population})"),
    "lowresp:wc_lower": ("Slechtste geval, ondergrens", "Worst case, lower"),
    "lowresp:wc_upper": ("Slechtste geval, bovengrens", "Worst case, upper"),
    "lowresp:sim_lower": ("Simultaan {level}%-interval, ondergrens", "Simultaneous {level}% interval, lower"),
    "lowresp:sim_upper": ("Simultaan {level}%-interval, bovengrens", "Simultaneous {level}% interval, upper"),
    "lowresp:wc_table_note": ("Slechtste geval: het percentage als alle niet-deelnemers van de groep wel "
                              "(bovengrens) of niet (ondergrens) in de categorie vielen; deze grenzen vragen geen "
                              "aanname over wie niet meedeed.",
                              "Worst case: the percentage if all of the group's non-participants were (upper) or were "
                              "not (lower) in the category; these bounds need no assumption about who did not take "
                              "part."),
    "lowresp:sim_table_note": ("Simultaan: intervallen die samen gelden voor alle categorieën van een verdeling "
                               "({methods}).",
                               "Simultaneous: intervals that hold jointly for all categories of a distribution "
                               "({methods})."),
    # tables.xlsx where the run's rounding is not the number format's (half up): published and unrounded
    "report:unrounded_column": ("{column} (onafgerond)", "{column} (unrounded)"),
    "report:unrounded_note": ("De kolom '(onafgerond)' bevat de percentages zoals berekend; de kolom ervoor de "
                              "afgeronde percentages zoals het rapport ze drukt.",
                              "The '(unrounded)' column holds the percentages as computed; the column before it the "
                              "rounded percentages as the report prints them."),
    "report:chart_rounding_note": ("De getalnotatie rondt half naar boven af; de percentages van het rapport zijn "
                                   "{rule}, dus enkele wijken af van wat dit blad toont. Bijlage B geeft ze zoals "
                                   "gedrukt.",
                                   "The number format rounds half up; the report's percentages are {rule}, so some "
                                   "differ from what this sheet shows. Appendix B gives them as printed."),
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

_WAVES = {
    # follow-up studies: targets, trend figures and the "what changed" section (issue 15)
    "target_reached": ("gehaald", "reached"),
    "target_not_reached": ("niet gehaald", "not reached"),
    "target_not_yet_clear": ("nog niet duidelijk", "not yet clear"),
    "trend_caption": ("{measure}: {collaborations} {sector}, {types}, per meting",
                      "{measure}: {collaborations} in {sector}, {types}, by wave"),
    "change_caption": ("Veranderingen tussen {wave_from} en {wave_to} onder {types}, met "
                       "{level}%-betrouwbaarheidsinterval",
                       "Changes between {wave_from} and {wave_to} among {types}, with {level}% confidence interval"),
    "change_axis": ("Verandering (procentpunten)", "Change (percentage points)"),
    "change_note": ("Punt: verandering; lijn: interval. Een interval dat de nullijn niet raakt, is een verandering "
                    "die toeval met deze aantallen niet verklaart.",
                    "Dot: change; line: interval. An interval that does not touch the zero line is a change that "
                    "chance does not explain with these numbers."),
    "what_changed": ("Wat is er veranderd", "What changed"),
    "what_changed_intro": ("Tussen {wave_from} en {wave_to} zijn {n_real} van de {n_cells} percentages veranderd "
                           "met een {level}%-betrouwbaarheidsinterval dat nul niet bevat:",
                           "Between {wave_from} and {wave_to}, {n_real} of the {n_cells} percentages changed with a "
                           "{level}% confidence interval that excludes zero:"),
    "what_changed_item": ("{category} ({measure}, {sector}, {types}): van {p_from}% naar {p_to}%, {change} "
                          "procentpunt (interval {lower} tot {upper}).",
                          "{category} ({measure}, {sector}, {types}): from {p_from}% to {p_to}%, {change} "
                          "percentage points (interval {lower} to {upper})."),
    "what_changed_rest": ("De andere {n_rest} veranderingen liggen binnen wat toeval met deze aantallen respondenten "
                          "oplevert; ze zijn geen aanwijzing voor een echte verandering.",
                          "The other {n_rest} changes are within what chance produces with these numbers of "
                          "respondents; they are no sign of a real change."),
    "what_changed_none": ("Tussen {wave_from} en {wave_to} heeft geen van de {n_cells} veranderingen een "
                          "{level}%-betrouwbaarheidsinterval dat nul uitsluit: alle verschillen liggen binnen wat "
                          "toeval met deze aantallen respondenten oplevert.",
                          "Between {wave_from} and {wave_to}, none of the {n_cells} changes has a {level}% confidence "
                          "interval that excludes zero: every difference is within what chance produces with these "
                          "numbers of respondents."),
    "wave_axis": ("Meting", "Wave"),
    "percent_axis": ("Percentage", "Percentage"),
}

PHRASES: dict[str, tuple[str, str]] = {**_CODEBOOK, **_ESTIMATE, **_COMPARE, **_RENDER, **_REPORT, **_PROSE,
                                       **_WAVES}


def say(key: str, lang: str = "nl", **fields) -> str:
    """The phrase ``key`` in ``lang`` (``"nl"`` or ``"en"``), its ``{fields}`` filled.

    Examples
    --------
    >>> say("figure", "nl")
    'Figuur'
    """
    text = PHRASES[key][1 if lang == "en" else 0]
    return text.format(**fields) if fields else text
