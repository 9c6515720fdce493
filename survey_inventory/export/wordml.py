"""WordprocessingML that python-docx has no API for: fields, document language, table widths.

* **Fields.** Page numbers (``PAGE``), the table of contents and the lists of figures and
  tables (``TOC``), and caption numbers (``SEQ``) are Word fields. Each is written with
  a result already in place (the TOC lists its entries, without page numbers), marked
  dirty, and the document's settings ask Word to update all fields on opening
  (``w:updateFields``), so Word fills in page numbers and LibreOffice shows the entries.
* **Captions keep the study's numbers.** A Word caption numbers figures 1, 2, 3; the
  report's are 2.3, 4.2a and A.1. So the caption's text is the study's ("Figuur 2.3
  ...") and a *hidden* ``SEQ Figuur \\h`` field makes it a caption for Word: its list
  of figures (``TOC \\c "Figuur"``) collects the caption paragraphs with their text, the
  study's numbers included. The field's result is the study's number ("2.3"), the field
  locked (``w:fldLock``) so that updating fields keeps it, its runs hidden. A visible
  SEQ field would not do: LibreOffice counts SEQ fields itself (1, 2, 3), locked or
  not, and shows its own numbers; with the field hidden it shows the caption as written.
* **Language.** The document's default language (``w:lang`` in the style defaults and
  in every style that sets one), so Word checks the spelling of Dutch as Dutch.
* **Table widths.** Fixed column widths from the longest word of each column
  (:func:`column_widths`), so that Word and LibreOffice never break a word.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

__all__ = ["W_NS", "field_runs", "seq_field", "toc_paragraphs", "page_field_paragraph", "set_language",
           "set_update_fields", "column_widths", "LANG_TAGS"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f'xmlns:w="{W_NS}"'
#: The report language -> Word's language tag.
LANG_TAGS = {"nl": "nl-NL", "en": "en-GB"}


def field_runs(instruction: str, result: str = "", hidden: bool = False, rpr: str = "", locked: bool = False) -> str:
    """The runs of one complex field (begin, instruction, separate, result, end), marked dirty or locked.

    Parameters
    ----------
    instruction : str
        E.g. ``"PAGE"``, ``'SEQ Figuur \\h'``.
    result : str
        The text shown until the field is updated.
    hidden : bool
        Mark every run hidden (``w:vanish``).
    rpr : str
        Extra run properties (WordprocessingML).
    locked : bool
        Lock the field (Word keeps ``result`` when it updates fields) instead of marking it dirty.

    Returns
    -------
    str
        ``<w:r>`` elements (without a namespace declaration: for a paragraph that has one).

    Examples
    --------
    >>> runs = field_runs("PAGE", "1")
    >>> runs.count("<w:fldChar"), "PAGE" in runs, ">1</w:t>" in runs
    (3, True, True)
    """
    props = f"<w:rPr>{'<w:vanish/>' if hidden else ''}{rpr}</w:rPr>"
    state = 'w:fldLock="true"' if locked else 'w:dirty="true"'
    out = (f'<w:r>{props}<w:fldChar w:fldCharType="begin" {state}/></w:r>'
           f'<w:r>{props}<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
           f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>')
    if result:
        out += f'<w:r>{props}<w:t xml:space="preserve">{escape(result)}</w:t></w:r>'
    return out + f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'


def seq_field(label: str, number: str) -> str:
    """A hidden caption-number field: ``SEQ <label> \\h``, locked, the study's number its result.

    Parameters
    ----------
    label : str
        "Figuur", "Tabel", "Figure", "Table": the caption label Word's lists collect.
    number : str
        The study's number of the figure or table ("2.3", "4.2a", "A.1").

    Returns
    -------
    str
        ``<w:r>`` elements, every one hidden.

    Examples
    --------
    >>> runs = seq_field("Figuur", "4.2a")
    >>> 'SEQ Figuur \\\\h' in runs, 'w:fldLock="true"' in runs, ">4.2a</w:t>" in runs, runs.count("<w:vanish/>")
    (True, True, True, 5)
    """
    return field_runs(f"SEQ {label} \\h", number, hidden=True, locked=True)


def toc_paragraphs(instruction: str, entries: list[tuple[str, str]], placeholder: str) -> list[str]:
    """A TOC field over paragraphs: one per entry (style, text), already filled in.

    Parameters
    ----------
    instruction : str
        E.g. ``'TOC \\o "1-2" \\h \\z \\u'`` (headings) or ``'TOC \\h \\z \\c "Figuur"'`` (captions).
    entries : list of (str, str)
        The paragraph style id ("TOC1") and text of each entry.
    placeholder : str
        The text when there are no entries.

    Returns
    -------
    list of str
        ``<w:p>`` elements, each with the namespace declared.

    Examples
    --------
    >>> ps = toc_paragraphs('TOC \\\\o "1-2"', [("TOC1", "Respons"), ("TOC1", "Zorg")], "-")
    >>> len(ps), 'fldCharType="begin"' in ps[0], 'fldCharType="end"' in ps[-1]
    (2, True, True)
    """
    entries = entries or [("Normal", placeholder)]
    out = []
    for k, (style, text) in enumerate(entries):
        runs = ""
        if k == 0:
            runs += field_runs(instruction).rsplit("<w:r>", 1)[0]  # begin, instruction, separate
        runs += f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        if k == len(entries) - 1:
            runs += '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        out.append(f'<w:p {_W}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>')
    return out


def page_field_paragraph(prefix: str = "") -> str:
    """A centred footer paragraph with the page number (``PAGE`` field).

    Examples
    --------
    >>> "PAGE" in page_field_paragraph("Pagina ")
    True
    """
    text = f'<w:r><w:t xml:space="preserve">{escape(prefix)}</w:t></w:r>' if prefix else ""
    return f'<w:p {_W}><w:pPr><w:jc w:val="center"/></w:pPr>{text}{field_runs("PAGE", "1")}</w:p>'


def set_language(doc, tag: str) -> None:
    """The document's language: ``w:lang`` in the style defaults and in every style that sets one.

    Parameters
    ----------
    doc : docx.document.Document
    tag : str
        "nl-NL", "en-GB".

    Examples
    --------
    >>> from docx import Document
    >>> doc = Document()
    >>> set_language(doc, "nl-NL")
    >>> from docx.oxml.ns import qn
    >>> doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang")).get(qn("w:val"))
    'nl-NL'
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)


def set_update_fields(doc) -> None:
    """Ask Word to update every field (contents, lists, page numbers) when the document opens.

    Examples
    --------
    >>> from docx import Document
    >>> doc = Document()
    >>> set_update_fields(doc)
    >>> from docx.oxml.ns import qn
    >>> doc.settings.element.find(qn("w:updateFields")).get(qn("w:val"))
    'true'
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    element = settings.find(qn("w:updateFields"))
    if element is None:
        element = OxmlElement("w:updateFields")
        # w:updateFields comes after these in CT_Settings' sequence (ECMA-376 Part 1, 17.15.1.78)
        before = [qn(f"w:{t}") for t in ("writeProtection", "view", "zoom", "removePersonalInformation",
                                          "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
                                          "printPostScriptOverText", "printFractionalCharacterWidth",
                                          "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
                                          "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
                                          "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
                                          "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
                                          "proofState", "formsDesign", "attachedTemplate", "linkStyles",
                                          "stylePaneFormatFilter", "stylePaneSortMethod", "documentType",
                                          "mailMerge", "revisionView", "trackRevisions", "doNotTrackMoves",
                                          "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
                                          "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
                                          "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps",
                                          "showEnvelope", "summaryLength", "clickAndTypeStyle",
                                          "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting",
                                          "bookFoldPrinting", "bookFoldPrintingSheets",
                                          "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
                                          "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
                                          "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
                                          "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
                                          "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
                                          "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
                                          "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
                                          "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
                                          "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt",
                                          "showXMLTags", "alwaysMergeEmptyNamespace")]
        last = None
        for child in settings:
            if child.tag in before:
                last = child
        if last is None:
            settings.insert(0, element)
        else:
            last.addnext(element)
    element.set(qn("w:val"), "true")


def column_widths(minimum: list[float], natural: list[float], available: float) -> list[float]:
    """Column widths: each at least its minimum (its longest word), the rest shared out.

    When the natural widths (the longest cell of each column unbroken) fit, they are the
    widths; otherwise every column gets its minimum and the room left is shared in
    proportion to what each column lacks of its natural width. When even the minima do
    not fit, the minima are the widths (the table then runs into the margin rather than
    break a word; the writer first tries a smaller font).

    Parameters
    ----------
    minimum, natural : list of float
        Per column, in any one unit.
    available : float
        The text width, in the same unit.

    Returns
    -------
    list of float

    Examples
    --------
    >>> column_widths([1, 1], [2, 3], 10)
    [2, 3]
    >>> [round(w, 3) for w in column_widths([1, 1], [3, 5], 4)]   # 2 to share: 2/6 and 4/6 of it
    [1.667, 2.333]
    >>> column_widths([3, 3], [4, 4], 5)
    [3, 3]
    """
    natural = [max(n, m) for n, m in zip(natural, minimum)]
    if sum(natural) <= available:
        return natural
    room = available - sum(minimum)
    if room <= 0:
        return list(minimum)
    lack = [n - m for n, m in zip(natural, minimum)]
    return [m + room * d / sum(lack) for m, d in zip(minimum, lack)]
