"""Estimate: distributions with intervals, the response table and mention counts.

Pure functions on the loaded study (the tidy tables of :mod:`survey_inventory.load`)
plus the codebook, which says what the categories and populations are. They never
read files. Shares are percentages (0 to 100) throughout, as in the report; the
statistics they use (:mod:`survey_inventory.stats`) work on proportions (0 to 1).

* :mod:`.counts` -- :func:`count_responses`, the one pass over the tidy table (counts add up);
  :data:`ESTIMATE_COLUMNS`, the tidy table's columns the estimates read
* :mod:`.distributions` -- :func:`distributions`, ``distributions.csv``
* :mod:`.simultaneous` -- :func:`simultaneous_intervals`, its ``sim_*`` columns
* :mod:`.response` -- :func:`response_table`, report Tabel 1.1
* :mod:`.mentions` -- :func:`mention_counts`, mentions of multi-response codes

>>> from survey_inventory.estimate import DISTRIBUTION_COLUMNS
>>> DISTRIBUTION_COLUMNS[:3]
['figure', 'sector', 'sector_label']
"""
from __future__ import annotations

from .counts import ESTIMATE_COLUMNS, ResponseCounts, count_responses
from .distributions import DISTRIBUTION_COLUMNS, distributions
from .mentions import mention_counts
from .response import response_table
from .simultaneous import SIMULTANEOUS_COLUMNS, simultaneous_intervals

__all__ = ["ESTIMATE_COLUMNS", "ResponseCounts", "count_responses", "DISTRIBUTION_COLUMNS", "SIMULTANEOUS_COLUMNS", "distributions", "simultaneous_intervals",
           "response_table", "mention_counts"]
