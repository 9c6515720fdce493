"""Export: write results to files, all or nothing, safe to open.

* :mod:`~survey_inventory.export.files` - the atomic output folder, the output-folder
  check, formula-safe CSV, time-stamp-free Office containers;
* :mod:`~survey_inventory.export.safe` - formula neutralisation, XML-safe text, safe file names;
* :mod:`~survey_inventory.export.manifest` - manifest.json (input hashes, versions, options);
* :mod:`~survey_inventory.export.items` - the report's order and its printed cells;
* :mod:`~survey_inventory.export.guide` - the reading guide of the Word and HTML reports;
* :mod:`~survey_inventory.export.xlsx`, :mod:`~survey_inventory.export.docx`,
  :mod:`~survey_inventory.export.html` - tables.xlsx, report.docx, report.html;
* :mod:`~survey_inventory.export.write_all` - everything ``analyze`` writes besides the CSVs.

A new output format (slides, say) is one module here that takes the same figures and
display tables in the order of :func:`report_items`, called from :func:`write_all`.
"""
from __future__ import annotations

from .docx import write_docx
from .files import atomic_output_dir, check_output_dir, check_writable, normalised_zip, write_csv
from .guide import reading_guide
from .html import write_html
from .items import cell_text, report_items
from .manifest import MANIFEST_NAME, file_sha256, manifest, write_manifest
from .safe import neutralise, neutralise_frame, safe_filename, xml_safe
from .write_all import write_all
from .xlsx import write_xlsx

__all__ = ["atomic_output_dir", "check_output_dir", "check_writable", "write_csv", "normalised_zip", "neutralise", "neutralise_frame",
           "safe_filename", "xml_safe", "manifest", "write_manifest", "file_sha256", "MANIFEST_NAME",
           "report_items", "cell_text", "reading_guide", "write_all", "write_xlsx", "write_docx", "write_html"]

