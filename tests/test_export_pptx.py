"""Slides (survey_inventory.export.pptx), read back with python-pptx."""
from __future__ import annotations

import struct
import zlib

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from output_readers import _key
from survey_inventory.export.pptx import SlideFigure, fit_box, png_size, write_pptx


def _png(width: int, height: int) -> bytes:
    """A grey RGB PNG of the given size, built by hand (an independent writer)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


SIZES = {"2.3": (1600, 400), "2.4": (400, 1200), "A.1": (900, 900)}
RESPONSE = pd.DataFrame({"Type respondent": ["Provincies", "Arbeidsmarktregio's", "Respons"],
                         "Beoogde respons": [12, 35, 77], "Feitelijke respons": [9, 27, 65],
                         "Responspercentage": [75.0, 77.14, "84%"]})


@pytest.fixture
def figures(tmp_path):
    out = []
    for number, (w, h) in SIZES.items():
        path = tmp_path / f"fig_{number}.png"
        path.write_bytes(_png(w, h))
        out.append(SlideFigure(number, f"Figuur {number} Bekendheid met regionale wgo's, onder provincies (N = 9)",
                               path, [f"Noot bij {number}.", "Populatieomvang: 12."]))
    out[-1] = out[-1]._replace(png=out[-1].png.read_bytes(), notes=())   # bytes work as well as a path
    return out


def test_slides_read_back(tmp_path, figures, bundled_codebook):
    path = write_pptx(tmp_path / "report.pptx", figures, RESPONSE, bundled_codebook, "nl",
                      response_caption="Tabel 1.1 Respons, naar type respondent")
    prs = Presentation(path)
    assert prs.slide_width * 9 == pytest.approx(prs.slide_height * 16, rel=1e-3)
    slides = list(prs.slides)
    assert len(slides) == len(figures) + 2

    cover = slides[0]
    assert cover.shapes.title.text == "Inventarisatie regionale sectorale samenwerkingsverbanden"
    subtitle = cover.placeholders[1].text
    assert "Bureau Bartels, in opdracht van de ministeries van SZW en OCW" in subtitle
    assert "september 2024 - maart 2025" in subtitle

    response = slides[1]
    assert response.shapes.title.text == "Tabel 1.1 Respons, naar type respondent"
    [table] = [s.table for s in response.shapes if s.has_table]
    cells = [[table.cell(r, c).text for c in range(4)] for r in range(len(table.rows))]
    assert cells[0] == list(RESPONSE.columns)
    assert cells[1] == ["Provincies", "12", "9", "75"]
    assert cells[2][3] == "77,1" and cells[3][3] == "84%"
    formatted = write_pptx(tmp_path / "formatted.pptx", figures, RESPONSE.iloc[:2], bundled_codebook, "nl",
                           response_formats={"Responspercentage": "pct0", "Feitelijke respons": "int"})
    table = next(s.table for s in list(Presentation(formatted).slides)[1].shapes if s.has_table)
    assert [table.cell(r, 3).text for r in (1, 2)] == ["75%", "77%"]
    assert table.cell(2, 2).text == "27"

    for slide, fig in zip(slides[2:], figures):
        assert slide.shapes.title.text == fig.caption
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        pic = pictures[0]
        assert 0 < pic.left and pic.left + pic.width < prs.slide_width
        assert pic.top >= slide.shapes.title.top + slide.shapes.title.height
        assert pic.top + pic.height < prs.slide_height
        w, h = SIZES[fig.number]
        assert pic.width / pic.height == pytest.approx(w / h, rel=0.01)
        for shape in slide.shapes:       # nothing leaves the slide
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
        text = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
        footer = "\n".join(text)
        assert "Bron: Bureau Bartels, in opdracht van de ministeries van SZW en OCW, Inventarisatie regionale " \
               "sectorale samenwerkingsverbanden" in footer
        for note in fig.notes:
            assert note in footer


def test_pictures_fill_the_free_area(tmp_path, figures, bundled_codebook):
    """A wide figure spans the width between the margins, a tall one the free height."""
    prs = Presentation(write_pptx(tmp_path / "r.pptx", figures, None, bundled_codebook))
    assert len(prs.slides) == len(figures) + 1          # no response slide without a table
    wide, tall = [next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
                  for slide in list(prs.slides)[1:3]]
    assert wide.width == pytest.approx(prs.slide_width - 2 * 0.4 * 914400, rel=0.01)
    assert tall.height > 0.55 * prs.slide_height


def test_same_bytes_every_run(tmp_path, figures, bundled_codebook):
    a = write_pptx(tmp_path / "a.pptx", figures, RESPONSE, bundled_codebook).read_bytes()
    b = write_pptx(tmp_path / "b.pptx", figures, RESPONSE, bundled_codebook).read_bytes()
    assert a == b
    props = Presentation(tmp_path / "a.pptx").core_properties
    assert props.created is None and props.modified is None  # no time stamps in the file
    assert props.title == "Inventarisatie regionale sectorale samenwerkingsverbanden"


def test_english(tmp_path, figures, bundled_codebook):
    prs = Presentation(write_pptx(tmp_path / "en.pptx", figures, RESPONSE, bundled_codebook, "en"))
    slides = list(prs.slides)
    assert slides[0].shapes.title.text == "Inventory of regional sectoral collaborations"
    assert "Fieldwork: September 2024 - March 2025" in slides[0].placeholders[1].text
    assert slides[1].shapes.title.text == "Response"
    footer = [s.text_frame.text for s in slides[2].shapes if s.has_text_frame]
    assert any(t.endswith("Source: Bureau Bartels, commissioned by the ministries of SZW and OCW, "
                          "Inventory of regional sectoral collaborations") for t in footer)


def test_not_a_png(tmp_path, bundled_codebook):
    with pytest.raises(ValueError, match="not a PNG"):
        write_pptx(tmp_path / "x.pptx", [("1", "Figuur 1", b"GIF89a....", ())], None, bundled_codebook)


def test_png_size_and_fit():
    assert png_size(_png(37, 11)) == (37, 11)
    assert fit_box(200, 100, 10, 10) == (10, 5)
    assert fit_box(100, 200, 10, 10) == (5, 10)
    with pytest.raises(ValueError):
        fit_box(0, 1, 1, 1)


def test_the_runs_deck_has_one_slide_per_figure_with_its_caption_notes_and_picture(bundled_run):
    """report.pptx of an analyze run: title, response (Tabel 1.1), then every figure of the run (the
    captioned figure files) in report order, each slide titled with the figure's caption, its picture
    the figure's bare PNG, inside the slide, and its notes and the source line below."""
    import hashlib

    out, _ = bundled_run
    dist = pd.read_csv(out / "distributions.csv", dtype={"figure": str})
    prs = Presentation(str(out / "report.pptx"))
    slides = list(prs.slides)
    figures = sorted(p for p in (out / "figures").glob("fig_*.png") if not p.stem.endswith("_bare"))
    assert len(slides) == 2 + len(figures)
    assert slides[1].shapes.title.text == "Tabel 1.1 Respons, naar type respondent"
    titles = [s.shapes.title.text for s in slides[2:]]
    firsts = dist.drop_duplicates("figure")
    captions = [c for _, c in sorted(zip(firsts["figure"], firsts["caption"]), key=lambda x: _key(x[0]))]
    assert [t for t in titles if t in captions] == captions and len(set(titles)) == len(titles)   # report order
    assert sum(t.startswith("Figuur A.") for t in titles) == dist["measure"].nunique()
    bare = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (out / "figures").glob("fig_*_bare.png")}
    for slide in slides[2:]:
        [picture] = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert hashlib.sha256(picture.image.blob).hexdigest() in bare, slide.shapes.title.text
        assert 0 <= picture.left and picture.left + picture.width <= prs.slide_width
        assert 0 <= picture.top and picture.top + picture.height <= prs.slide_height
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
        assert any(t.rstrip().endswith("Inventarisatie regionale sectorale samenwerkingsverbanden") for t in texts)
