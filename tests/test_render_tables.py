"""render/tables.py: display tables in the reader's language."""
import pandas as pd

from survey_inventory.export.items import cell_text
from survey_inventory.render.tables import response_table


def test_response_rate_is_rounded_once_from_the_counts(bundled_codebook):
    """Tabel 1.1 prints the rate of achieved / targeted rounded once: 4 447 of 10 000 is 44%, not the 45% that
    rounding response_table.csv's one-decimal 44.5 again would print; a row without targets keeps the CSV's."""
    resp = pd.DataFrame({"label": ["Provincies", "AMR's", "Totaal"], "row_type": ["type", "type", "total"],
                         "targeted": [10_000, 0, 10_000], "achieved": [4_447, 0, 4_447],
                         "response_rate": [44.5, float("nan"), 44.5]})
    table = response_table(resp, bundled_codebook, "nl")
    rates = table.frame.iloc[:, 3]
    assert rates.iloc[0] == 44.47 and pd.isna(rates.iloc[1])
    assert [cell_text(v, table.formats[table.frame.columns[3]], "nl") for v in rates] == ["44%", "–", "44%"]
