"""export/html.py: report.html of one analyze run, read back with html.parser: self-contained,
and the same captions and numbers as Word and the CSV files."""
import re

from output_readers import _csv, run, page, docx, _doc_captions


# -- HTML ------------------------------------------------------------------------------------

def test_html_is_self_contained(page):
    parser, text = page
    assert parser.srcs and all(s.startswith("data:image/png;base64,") for s in parser.srcs)
    assert all(h.startswith("#") for h in parser.hrefs)
    rest = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)
    assert not re.search(r"(https?:)?//[a-z0-9]", rest, re.I)          # no URL of any kind
    assert "@import" not in text and "<script" not in text and "<link" not in text


def test_html_has_the_same_captions_and_numbers_as_word(page, docx, run):
    parser, _ = page
    out, _ = run
    captions = _doc_captions(docx)
    assert parser.figcaptions == [c for c in captions if c.startswith("Figuur")]
    assert parser.captions == [c for c in captions if c.startswith("Tabel")]
    dist = _csv(out, "distributions.csv")
    b2 = next(t for t in parser.tables if t["caption"].startswith("Tabel B.2"))
    header = b2["rows"][0]
    printed = {(r[0], r[header.index("Categorie")]): r for r in b2["rows"][1:]}
    for r in dist[(dist["measure"] == "involvement") & dist["figure"].notna()].itertuples():
        row = printed[(r.figure, r.category_label)]
        assert row[header.index("Percentage")] == f"{r.percent}%" and row[header.index("Basis (N)")] == str(r.base_n)
    resp = _csv(out, "response_table.csv")
    t11 = next(t for t in parser.tables if t["caption"].startswith("Tabel 1.1"))
    assert [r[2] for r in t11["rows"][1:]] == [str(a) for a in resp["achieved"]]
