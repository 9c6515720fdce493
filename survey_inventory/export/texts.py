"""Draft text files: ``texts.md`` and ``texts.docx``, per figure its caption and the
draft sentences of :mod:`survey_inventory.render.prose`, marked as a draft.

Both files say at the top that the text is a draft to be checked
("Concepttekst — controleer voor gebruik"); the Word file also carries that mark
as its subject. The bytes are the same on every run (no time stamps, see
:func:`survey_inventory.export.files.normalised_zip`).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from ..phrases import say
from .files import normalised_zip

__all__ = ["texts_markdown", "write_texts_md", "write_texts_docx"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _plain(text: str) -> str:
    """One line without the control characters an XML file may not hold."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def _md(text: str) -> str:
    """Text as literal Markdown: markup characters escaped, one line."""
    text = _MD_SPECIAL.sub(r"\\\1", _plain(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _heading(text, lang) -> str:
    return text.caption or (f"{say('figure', lang)} {text.figure}".strip())


def texts_markdown(texts, lang: str = "nl") -> str:
    """The Markdown of ``texts.md``.

    Parameters
    ----------
    texts : sequence of FigureText
        From :func:`survey_inventory.render.prose.draft_texts`.
    lang : {"nl", "en"}
        Language of the title and the draft mark.

    Returns
    -------
    str

    Examples
    --------
    >>> from survey_inventory.render.prose import FigureText
    >>> md = texts_markdown([FigureText("2.7", "Figuur 2.7 Bekendheid (N = 9)", ("Zin één.", "Zin twee."))])
    >>> print(md)  # doctest: +NORMALIZE_WHITESPACE
    # Concepttekst bij de figuren
    <BLANKLINE>
    **Concepttekst — controleer voor gebruik**
    <BLANKLINE>
    De woorden volgen een vaste schaal (docs/draft\\_text.md). Waar het betrouwbaarheidsinterval het woord
    niet draagt, staat alleen het aantal.
    <BLANKLINE>
    ## Figuur 2.7 Bekendheid (N = 9)
    <BLANKLINE>
    Zin één. Zin twee.
    <BLANKLINE>
    """
    lines = [f"# {_md(say('prose_title', lang))}", "", f"**{_md(say('prose_draft_mark', lang))}**", "",
             _md(say("prose_scale_note", lang)), ""]
    for text in texts:
        lines += [f"## {_md(_heading(text, lang))}", "", " ".join(_md(s) for s in text.sentences), ""]
    return "\n".join(lines)


def write_texts_md(texts, path, lang: str = "nl") -> Path:
    """Write ``texts.md`` (UTF-8, ``\\n`` line ends).

    Parameters
    ----------
    texts : sequence of FigureText
        From :func:`survey_inventory.render.prose.draft_texts`.
    path : str or Path
    lang : {"nl", "en"}

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from survey_inventory.render.prose import FigureText
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_texts_md([FigureText("2.7", "Figuur 2.7", ("Zin.",))], pathlib.Path(tmp) / "texts.md", "en")
    ...     p.read_text(encoding="utf-8").splitlines()[2]
    '**Draft text — check before use**'
    """
    path = Path(path)
    path.write_bytes(texts_markdown(texts, lang).encode("utf-8"))
    return path


def _set_language(doc, lang: str) -> None:
    """Proofing language of the Normal style, so Word checks Dutch as Dutch."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), "en-GB" if lang == "en" else "nl-NL")
    rpr.append(tag)


def write_texts_docx(texts, path, lang: str = "nl", *, title: str | None = None) -> Path:
    """Write ``texts.docx``: a title, the draft mark, and per figure its caption as a
    heading and its draft sentences as one paragraph (python-docx; A4, 2.5 cm margins,
    proofing language nl-NL or en-GB).

    Parameters
    ----------
    texts, path
        As in :func:`write_texts_md`.
    lang : {"nl", "en"}
        Language of the fixed words and of the document (nl-NL or en-GB).
    title : str, optional
        The study title, put under the heading and in the document properties.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, docx
    >>> from survey_inventory.render.prose import FigureText
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_texts_docx([FigureText("2.7", "Figuur 2.7", ("Zin.",))], pathlib.Path(tmp) / "t.docx")
    ...     [par.text for par in docx.Document(p).paragraphs]
    ['Concepttekst bij de figuren', 'Concepttekst — controleer voor gebruik', 'De woorden volgen een vaste schaal (docs/draft_text.md). Waar het betrouwbaarheidsinterval het woord niet draagt, staat alleen het aantal.', 'Figuur 2.7', 'Zin.']
    """
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for section in doc.sections:                      # A4, 2.5 cm margins (python-docx's default is Letter)
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.5)
    props = doc.core_properties
    props.title = _plain(title or say("prose_title", lang))
    props.subject = say("prose_draft_mark", lang)
    props.author, props.last_modified_by, props.revision = "survey-inventory", "survey-inventory", 1
    props.language = "en-GB" if lang == "en" else "nl-NL"
    _set_language(doc, lang)
    doc.add_heading(say("prose_title", lang), level=0)
    if title:
        doc.add_paragraph(_plain(title))
    doc.add_paragraph().add_run(say("prose_draft_mark", lang)).bold = True
    doc.add_paragraph(say("prose_scale_note", lang))
    for text in texts:
        doc.add_heading(_plain(_heading(text, lang)), level=2)
        doc.add_paragraph(" ".join(_plain(s) for s in text.sentences))
    buf = io.BytesIO()
    doc.save(buf)
    path = Path(path)
    path.write_bytes(normalised_zip(buf.getvalue()))  # no time stamps: same bytes every run
    return path
