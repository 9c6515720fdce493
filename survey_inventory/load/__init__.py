"""Load: survey exports to one tidy long table.

:func:`load_study` reads every source a codebook names into a :class:`Study`
(``responses``: the tidy table; ``respondents``; ``multi_response``; ``open_text``;
``problems``: the load-time problems). :func:`load_responses` returns just the tidy
table. Files are opened read-only; nothing is ever written back.

One idea per module:

``schema``        the tables' columns and statuses, :class:`LoadError`, a problem row
``text``          decoding text files (encodings, byte-order marks, cp1252)
``read_csv``, ``read_xlsx``, ``read_sav``, ``read_parquet``   one reader per format
``sources``       reading one source: the reader for its format, header checks
``cells``         cleaning cells, once per distinct value
``respondents``   respondent ids and types; duplicate ids, second header rows, SPSS labels,
                  answers from respondent types a column is not read for
``tidy``          the one tidy-table builder
``extras``        multi-response sets and open questions
``study``         :class:`Study` and :func:`load_study`
``inventory``     the inventory of collaborations

>>> from survey_inventory.codebook import load_codebook
>>> load_study(load_codebook("codebooks/bartels-2025.yaml")).responses.shape
(360, 15)
"""
from __future__ import annotations

from .inventory import INVENTORY_COLUMNS, inventory_path, load_inventory
from .schema import OPEN_TEXT_COLUMNS, PROBLEM_COLUMNS, STATUSES, TIDY_COLUMNS, LoadError
from .sources import read_source
from .study import Study, load_responses, load_study

__all__ = ["LoadError", "Study", "load_study", "load_responses", "read_source", "PROBLEM_COLUMNS", "STATUSES",
           "OPEN_TEXT_COLUMNS", "TIDY_COLUMNS", "load_inventory", "inventory_path", "INVENTORY_COLUMNS"]
