"""Mutation check of issue 4: every protection has a test that fails without it.

For each protection below, this script switches it off in a *copy* of the working
tree (never in the tree itself: other work goes on there), runs the tests that are
meant to guard it, and records whether they fail. A protection whose tests still
pass is not protected. The table it prints is the one in ``docs/safety.md``.

    .venv/bin/python tests/safety_mutations.py              # all (about 15 minutes)
    .venv/bin/python tests/safety_mutations.py neutralise   # those whose name contains a word

Each mutation names the exact source text it replaces; when that text has changed
(or appears twice) the script says so instead of guessing, so the list cannot rot
silently. Not collected by pytest (the file name does not start with ``test_``).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
if not PYTHON.exists():  # a worktree without its own .venv: the interpreter running this script
    PYTHON = Path(sys.executable)


@dataclass
class Mutation:
    bullet: str                      # the promise of issue 4 it belongs to
    name: str                        # short id, used to select mutations on the command line
    what: str                        # the protection switched off, in words
    file: str                        # path relative to the repository
    edits: list[tuple[str, str]]     # (exact old text, its replacement); each old text occurs once
    tests: list[str]                 # pytest node ids that must fail


def _corpus(case):
    return f"tests/test_bad_inputs.py::test_analyze_gives_one_clear_line[{case}]"


BAD = "Bad input: one clear line, non-zero exit, no traceback"
LOST = "Nothing lost or half-written"
PRIV = "Privacy"
SAFE = "Safety of what we write"

MUTATIONS = [
    # -- bad input -------------------------------------------------------------------------
    Mutation(BAD, "empty-file", "empty CSV check", "survey_inventory/load/read_csv.py",
             [("    if not text.strip():\n        raise LoadError(\"the file is empty\", file=path)",
               "    if False:\n        raise LoadError(\"the file is empty\", file=path)")],
             [_corpus("empty")]),
    Mutation(BAD, "header-only", "'no data rows' check", "survey_inventory/load/sources.py",
             [("    if frame.shape[0] == 0:", "    if False:")], [_corpus("header_only")]),
    Mutation(BAD, "unknown-column", "a column the codebook names but the file lacks is an error",
             "survey_inventory/checks.py",
             [("    Check(MISSING_COLUMN, ERROR,", "    Check(MISSING_COLUMN, WARNING,")],
             [_corpus("unknown_column")]),
    Mutation(BAD, "missing-id-column", "missing respondent-id column check", "survey_inventory/load/respondents.py",
             [("    if source.id_column not in frame.columns:\n        used =",
               "    if False:\n        used =")],
             [_corpus("missing_id_column"), _corpus("wrong_delimiter")]),
    Mutation(BAD, "duplicate-ids", "duplicate respondent ids", "survey_inventory/load/study.py",
             [("    duplicate_ids(respondents, problems)\n", "    pass\n")], [_corpus("duplicate_ids")]),
    Mutation(BAD, "outside-scale", "codes outside the scale are errors", "survey_inventory/checks.py",
             [("    Check(INVALID_CODE, ERROR,", "    Check(INVALID_CODE, WARNING,")], [_corpus("code_outside_scale")]),
    Mutation(BAD, "text-in-numeric", "text in a numeric column is an error", "survey_inventory/checks.py",
             [("    Check(NOT_A_NUMBER, ERROR,", "    Check(NOT_A_NUMBER, WARNING,")], [_corpus("text_in_numeric")]),
    Mutation(BAD, "wrong-delimiter", "the hint that the header uses another delimiter", "survey_inventory/load/respondents.py",
             [("            if used and other != used and any(", "            if False and any(")],
             [_corpus("wrong_delimiter")]),
    Mutation(BAD, "mixed-encodings", "refusing a file with UTF-8 and cp1252 lines", "survey_inventory/load/text.py",
             [("    if _UTF8_MULTIBYTE.search(data):", "    if False:")], [_corpus("mixed_encodings")]),
    Mutation(BAD, "bom", "a UTF-8 BOM against a declared cp1252", "survey_inventory/load/text.py",
             [("        if bom and not codec.startswith(bom):", "        if False:")], [_corpus("bom_wrong_encoding")]),
    Mutation(BAD, "merged-header", "merged Excel header cells", "survey_inventory/load/read_xlsx.py",
             [("        if merged:", "        if False:")], [_corpus("merged_header")]),
    Mutation(BAD, "second-header-row", "a second (multi-row) header row", "survey_inventory/load/study.py",
             [("        second_header_row(codebook, frame, path)\n", "        pass\n")],
             [_corpus("second_header_row"), _corpus("two_header_rows")]),
    Mutation(BAD, "spss-labels", "SPSS value labels against the codebook", "survey_inventory/load/study.py",
             [("        label_mismatches(codebook, frame, path, problems)\n", "        pass\n")], [_corpus("spss_labels")]),
    Mutation(BAD, "dangling-reference", "cross-references (item -> scale, routing -> item)",
             "survey_inventory/codebook/read.py",
             [("    problems = cross_references(cb)", "    problems = []")],
             [_corpus("unknown_scale"), _corpus("unknown_routing_item")]),
    Mutation(BAD, "yaml-line", "the line and column of a YAML syntax error", "survey_inventory/codebook/read.py",
             [('        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""',
               '        where = ""')], [_corpus("yaml_syntax")]),
    Mutation(BAD, "alias-bomb", "refusing YAML that expands past a million values", "survey_inventory/codebook/read.py",
             [("    if size > MAX_NODES:", "    if False:")], [_corpus("alias_bomb")]),
    Mutation(BAD, "no-traceback", "the CLI turning input errors into one line", "survey_inventory/cli.py",
             [("    except SurveyInputError as exc:\n        _fail(str(exc))\n    except KeyboardInterrupt:",
               "    except KeyboardInterrupt:")],
             [_corpus("empty"), _corpus("mixed_encodings"), _corpus("unknown_scale")]),
    Mutation(BAD, "no-traceback-validate", "validate turning input errors into one line", "survey_inventory/cli.py",
             [("        study = load_study(cb)\n    except SurveyInputError as exc:\n        _fail(str(exc))\n",
               "        study = load_study(cb)\n    except ZeroDivisionError as exc:\n        _fail(str(exc))\n")],
             ["tests/test_bad_inputs.py::test_validate_gives_the_same_one_line_for_unreadable_input"]),
    Mutation(BAD, "property-loader", "the loader turning parser errors into LoadError", "survey_inventory/load/sources.py",
             [("    except (ValueError, OSError, KeyError, IndexError) as exc:", "    except (OSError,) as exc:")],
             ["tests/test_property.py::test_random_tables_never_crash",
              "tests/test_property.py::test_random_bytes_never_crash"]),
    Mutation(BAD, "property-routing-depth", "the nesting limit of routing expressions",
             "survey_inventory/codebook/routing.py",
             [("    if _depth(tree) > MAX_DEPTH:", "    if False:")],
             ["tests/test_property.py::test_deeply_nested_routing_is_a_syntax_error_not_a_recursion_error"]),
    # -- bad input, issue 13 -----------------------------------------------------------------
    Mutation(BAD, "spss-read-error", "pyreadstat's errors (cut-short, empty, not SPSS) as one line",
             "survey_inventory/load/read_sav.py",
             [("    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:",
               "    except ZeroDivisionError as exc:")],
             ["tests/test_load_read_sav.py::test_an_unreadable_sav_is_one_clear_error"]),
    Mutation(BAD, "xlsx-sheet-number", "a sheet number past the end named as such", "survey_inventory/load/read_xlsx.py",
             [("        if not 0 <= source.sheet < len(book.worksheets):", "        if False:")],
             ["tests/test_load_read_xlsx.py::test_a_workbook_of_chart_sheets_or_a_sheet_number_past_the_end_is_one_clear_error"]),
    Mutation(BAD, "openpyxl-warnings", "openpyxl's warnings silenced while reading", "survey_inventory/load/read_xlsx.py",
             [('            warnings.simplefilter("ignore")  # "Data Validation extension', '            pass  # "')],
             ["tests/test_load_read_xlsx.py::test_openpyxl_warnings_do_not_reach_the_user"]),
    Mutation(BAD, "one-line-warnings", "Python warnings printed as one 'warning:' line", "survey_inventory/cli.py",
             [("    warnings.showwarning = _one_line_warning\n", "")],
             ["tests/test_robustness_corpus.py::test_python_warnings_become_one_line_warnings"]),
    Mutation(BAD, "shorten", "a long value cut to 80 characters in messages", "survey_inventory/errors.py",
             [('    return value if len(text) <= limit else text[: limit - 1] + "\\u2026"', "    return value")],
             ["tests/test_errors.py::test_a_long_value_is_shortened_in_the_message",
              "tests/test_robustness_corpus.py::test_a_huge_cell_is_not_echoed_whole"]),
    Mutation(BAD, "codebook-regular-file", "only a regular file is read as codebook (a FIFO blocked)",
             "survey_inventory/codebook/read.py",
             [("        if not stat.S_ISREG(info.st_mode):", "        if False:")],
             ["tests/test_codebook_read.py::test_a_fifo_or_a_device_is_refused_at_once"]),
    Mutation(BAD, "codebook-size", "the 5 MB limit on a codebook", "survey_inventory/codebook/read.py",
             [("        if info.st_size > limit:", "        if False:")],
             ["tests/test_codebook_read.py::test_a_codebook_past_the_size_limit_is_refused_quickly"]),
    Mutation(BAD, "c-loader", "libyaml's C parser where installed", "survey_inventory/codebook/read.py",
             [('_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)', "_SafeLoader = yaml.SafeLoader")],
             ["tests/test_codebook_read.py::test_the_c_parser_reads_when_installed"]),
    Mutation(BAD, "draft-only-missing", "codebook init leaves out a variable labelled only for missing codes",
             "survey_inventory/codebook/draft.py",
             [("        if all(_code(k) in missing for k in value_labels):", "        if False:")],
             ["tests/test_codebook_draft.py::test_a_variable_labelled_only_for_missing_codes_is_left_out_and_the_draft_loads"]),
    Mutation(BAD, "draft-id-column", "codebook init takes the first unlabelled variable as id",
             "survey_inventory/codebook/draft.py",
             [("        id_column = (unlabelled or meta.column_names)[0]", "        id_column = meta.column_names[0]")],
             ["tests/test_codebook_draft.py::test_one_labelled_variable_before_the_id_is_an_item_not_the_id"]),
    # -- nothing lost or half-written ------------------------------------------------------
    Mutation(LOST, "inputs-untouched", "the loader leaves its input alone (mutant: a cache file beside it)",
             "survey_inventory/load/study.py",
             [("        frame = read_source(codebook, source)\n",
               "        frame = read_source(codebook, source)\n"
               "        codebook.source_path(source).with_name('.cache').write_bytes(b'')\n")],
             ["tests/test_export_files.py::test_inputs_are_never_modified"]),
    Mutation(LOST, "out-holds-inputs", "refusing an output folder that holds an input", "survey_inventory/export/files.py",
             [("        if p == out or out in p.parents:", "        if False:")],
             ["tests/test_export_files.py::test_refuses_an_output_folder_holding_the_inputs"]),
    Mutation(LOST, "out-holds-other-inputs", "the inventory and published figures count as inputs too",
             "survey_inventory/analyze.py",
             [("        check_output_dir(Path(out_dir), input_paths(cb))",
               "        check_output_dir(Path(out_dir), [cb.path] + [cb.source_path(s) for s in cb.sources])")],
             ["tests/test_export_files.py::test_refuses_an_output_folder_holding_the_inventory_or_the_published_figures"]),
    Mutation(LOST, "out-not-ours", "refusing a non-empty folder without our manifest", "survey_inventory/export/files.py",
             [("        if any(out.iterdir()) and not (out / MANIFEST_NAME).is_file():", "        if False:")],
             ["tests/test_export_files.py::test_refuses_a_folder_that_is_not_ours"]),
    Mutation(LOST, "validate-out-input", "validate --out refusing to overwrite an input", "survey_inventory/cli.py",
             [('            if resolve(out_csv, "--out") in {resolve(p, "input file") for p in input_paths(cb)}:',
               "            if False:")],
             ["tests/test_dropped.py::test_validate_refuses_to_write_its_report_over_an_input"]),
    Mutation(LOST, "atomic-tmp", "writing into a temporary folder (mutant: straight into the output folder)",
             "survey_inventory/export/files.py",
             [('        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))\n        try:\n'
               '            yield tmp\n',
               "        out.mkdir(exist_ok=True)\n        yield out\n        return\n        try:\n            yield out\n")],
             ["tests/test_export_files.py::test_failure_mid_write_leaves_previous_outputs_intact"]),
    Mutation(LOST, "atomic-restore", "putting the previous outputs back when the final move fails",
             "survey_inventory/export/files.py",
             [("        if backup.exists() and not out.exists():\n            os.replace(backup, out)", "        pass")],
             ["tests/test_export_files.py::test_failure_while_moving_into_place_restores_the_previous_outputs"]),
    Mutation(LOST, "swap-exchange", "one renameat2 exchange (mutant: always the two-rename fallback)",
             "survey_inventory/export/files.py",
             [("    if _exchange(tmp, out):\n        return\n", "")],
             ["tests/test_export_files.py::test_the_exchange_is_one_call_and_out_never_disappears"]),
    Mutation(LOST, "swap-lock", "the lock serialising runs into one folder", "survey_inventory/export/files.py",
             [("    with output_lock(out):\n", "    with contextlib.nullcontext():\n")],
             ["tests/test_export_files.py::test_two_runs_into_one_folder_in_the_worst_order_are_serialised"]),
    Mutation(LOST, "swap-stale", "stale temporaries of killed runs removed", "survey_inventory/export/files.py",
             [("        _remove_stale(out)\n", "        pass\n")],
             ["tests/test_export_files.py::test_stale_temporaries_of_killed_runs_are_removed",
              "tests/test_export_files.py::test_a_kill_at_any_step_of_the_swap_leaves_a_complete_folder"]),
    Mutation(LOST, "swap-recover", "the old folder moved back after a kill inside the fallback",
             "survey_inventory/export/files.py",
             [("        os.replace(olds[0], out)  # the fallback swap", "        pass  # the fallback swap")],
             ["tests/test_export_files.py::test_a_kill_at_any_step_of_the_swap_leaves_a_complete_folder"]),
    Mutation(LOST, "read-only-out", "a read-only output folder refused before the work",
             "survey_inventory/export/files.py",
             [("    if out.is_dir() and not _writable(out):", "    if False:")],
             ["tests/test_export_files.py::test_a_read_only_output_folder_is_refused_before_the_work"]),
    Mutation(LOST, "read-only-parent", "a parent without write permission refused before the work",
             "survey_inventory/export/files.py",
             [("    if not _writable(ancestor):", "    if False:")],
             ["tests/test_export_files.py::test_a_read_only_parent_is_refused_before_the_work_naming_it"]),
    Mutation(LOST, "empty-out", "an empty --out refused before the work", "survey_inventory/export/files.py",
             [('    if str(out) == "" or Path(out).name in ("", ".", ".."):', "    if False:")],
             ["tests/test_export_files.py::test_an_empty_out_is_refused_before_the_work"]),
    Mutation(BAD, "symlink-loop", "a symbolic-link loop named as such (it was a RuntimeError)", "survey_inventory/paths.py",
             [("    try:\n        return Path(path).resolve()\n    except (RuntimeError, OSError):",
               "    return Path(path).resolve()\n    if False:")],
             ["tests/test_export_files.py::test_a_symlink_loop_is_one_clear_line"]),
    Mutation(LOST, "ctrl-c", "Ctrl-C on the command line: one line, exit 130", "survey_inventory/cli.py",
             [('    except KeyboardInterrupt:\n        _fail("interrupted; previous outputs left as they were", 130)\n',
               "")],
             ["tests/test_export_files.py::test_ctrl_c_on_the_command_line"]),
    Mutation(LOST, "os-error", "an OS error while writing is one line", "survey_inventory/cli.py",
             [("    except OSError as exc:  # e.g. no permission", "    except ZeroDivisionError as exc:  # e.g. no permission")],
             ["tests/test_dropped.py::test_analyze_to_an_unwritable_place_is_one_line"]),
    Mutation(LOST, "dropped-warnings", "one console warning per dropped answer or respondent", "survey_inventory/cli.py",
             [("        click.echo(format_problem(problem), err=True)", "        pass")],
             ["tests/test_dropped.py::test_analyze_warns_for_each_dropped_answer_and_respondent"]),
    Mutation(LOST, "dropped-counts", "the dropped counts in the manifest", "survey_inventory/analyze.py",
             [('            **{key: int((report["check"] == check).sum()) for check, key in DROPPED_CHECKS.items()},',
               '            "dropped_answers": 0, "dropped_respondents": 0,')],
             ["tests/test_dropped.py::test_analyze_warns_for_each_dropped_answer_and_respondent"]),
    Mutation(LOST, "dropped-other-type", "a warning for an answer from a respondent type the item is not for",
             "survey_inventory/load/study.py",
             [("    answers_of_other_types(codebook, respondents, raw_by_source, files, problems)\n", "")],
             ["tests/test_dropped_other_types.py::test_an_answer_from_another_respondent_type_is_a_dropped_answer"]),
    # -- nothing lost, issue 13 ----------------------------------------------------------------
    Mutation(LOST, "duplicate-keys", "a YAML key given twice refused (the second replaced the first)",
             "survey_inventory/codebook/read.py",
             [("            if len(set(keys)) != len(keys):", "            if False:")],
             ["tests/test_codebook_read.py::test_a_key_given_twice_is_refused_with_its_yaml_path"]),
    Mutation(LOST, "formula-without-value", "a formula without a stored value refused (it was read as empty)",
             "survey_inventory/load/read_xlsx.py",
             [("    if data and _has_formulas(path):", "    if False:")],
             ["tests/test_load_read_xlsx.py::test_a_formula_without_a_stored_value_is_refused_with_its_cell",
              "tests/test_robustness_corpus.py::test_corpus_through_codebook_init_validate_and_analyze"
              "[xlsx_formula_without_value]"]),
    Mutation(LOST, "merged-answers", "merged cells among the answers refused (row 4's answer was lost)",
             "survey_inventory/load/read_xlsx.py",
             [("            if r.min_row <= last_row and r.min_col <= len(header):", "            if False:")],
             ["tests/test_load_read_xlsx.py::test_merged_cells_among_the_answers_are_refused_with_their_range",
              "tests/test_robustness_corpus.py::test_corpus_through_codebook_init_validate_and_analyze"
              "[xlsx_merged_answers]"]),
    Mutation(LOST, "no-usable-answer", "a study without a usable answer is an error, not N = 0 figures",
             "survey_inventory/analyze.py",
             [('    if not (study.responses["status"] == "valid").any():', "    if False:")],
             ["tests/test_robustness_corpus.py::test_a_study_without_a_usable_answer_is_an_error"]),
    Mutation(LOST, "numeric-per-scale", "numeric codes decided per item's scale (one j/n scale made all invalid)",
             "survey_inventory/load/study.py",
             [("            numeric = numeric_codes([c.code for c in scale.codes])",
               "            numeric = numeric_codes([c.code for s in codebook.scales.values() for c in s.codes])")],
             ["tests/test_load_study.py::test_one_text_coded_scale_leaves_the_numeric_items_numeric"]),
    # -- privacy ---------------------------------------------------------------------------
    Mutation(PRIV, "min-cell-blank", "suppressed cells lose their numbers", "survey_inventory/privacy.py",
             [("    mask = reason != \"\"\n    out = _blank(out, mask)\n    out[\"suppressed\"] = mask\n    out[\"suppression\"] = reason\n    return out\n\n\ndef suppress_mentions",
               "    mask = reason != \"\"\n    out[\"suppressed\"] = mask\n    out[\"suppression\"] = reason\n    return out\n\n\ndef suppress_mentions")],
             ["tests/test_privacy.py::test_no_suppressed_number_appears_in_any_output",
              "tests/test_privacy.py::test_no_output_depends_on_a_suppressed_value"]),
    Mutation(PRIV, "min-cell-figures", "figures and reports drawn from the suppressed tables (mutant: from the full ones)",
             "survey_inventory/analyze.py",
             [("        tables = apply_min_cell(tables, options.min_cell)",
               "        full, tables = tables, apply_min_cell(tables, options.min_cell)"),
              ("        extra = write_all(tables, cb, tmp,", "        extra = write_all({**tables, 'distributions': full['distributions']} if options.min_cell else tables, cb, tmp,")],
             ["tests/test_privacy.py::test_figure_labels_show_only_visible_percentages",
              "tests/test_privacy.py::test_no_output_depends_on_a_suppressed_value"]),
    Mutation(PRIV, "min-cell-complement", "a second cell when one alone is suppressed", "survey_inventory/privacy.py",
             [("            if small.sum() == 1:", "            if False:")],
             ["tests/test_privacy.py::test_small_cell_and_its_complement",
              "tests/test_privacy.py::test_no_suppressed_count_can_be_recovered"]),
    Mutation(PRIV, "min-cell-mentions", "suppressed coded answers lose their numbers", "survey_inventory/privacy.py",
             [("        reason[small] = \"small\"\n    mask = reason != \"\"\n    out = _blank(out, mask)\n",
               "        reason[small] = \"small\"\n    mask = reason != \"\"\n")],
             ["tests/test_privacy.py::test_no_suppressed_mention_appears_in_any_output",
              "tests/test_privacy.py::test_no_output_depends_on_a_suppressed_value"]),
    Mutation(PRIV, "ids-validation", "no respondent-id column in validation.csv", "survey_inventory/privacy.py",
             [('    out = out.drop(columns=["respondent_id"], errors="ignore")\n', "")],
             ["tests/test_privacy.py::test_public_validation_has_no_respondent_ids"]),
    Mutation(PRIV, "ids-values", "duplicate-id values and messages scrubbed of ids", "survey_inventory/privacy.py",
             [('    out["value"] = out["value"].astype(object).where(~is_id, None)\n', ""),
              ('    out["message"] = [scrub(t, r) for t, r in zip(out["message"], ids)]\n', "")],
             ["tests/test_privacy.py::test_public_validation_has_no_respondent_ids"]),
    Mutation(PRIV, "ids-everywhere", "respondent ids in no output file (mutant: the full validation report as validation.csv)",
             "survey_inventory/analyze.py",
             [('        write_csv(public_validation(report, options.min_cell), tmp / "validation.csv")',
               '        write_csv(report, tmp / "validation.csv")')],
             ["tests/test_privacy.py::test_respondent_ids_never_appear_in_outputs"]),
    Mutation(PRIV, "open-text-flag", "open answers only with --include-open-text", "survey_inventory/analyze.py",
             [("    if options.include_open_text and cb.open_text:", "    if cb.open_text:")],
             ["tests/test_privacy.py::test_open_answers_are_exported_only_on_request"]),
    Mutation(PRIV, "open-text-ids", "open answers without respondent ids", "survey_inventory/privacy.py",
             [('    out = open_text.drop(columns=["respondent_id"]).copy()', "    out = open_text.copy()"),
              ("    return out[cols]\n", "    return out[cols + ['respondent_id']]\n")],
             ["tests/test_privacy.py::test_open_answers_are_exported_only_on_request",
              "tests/test_privacy.py::test_respondent_ids_never_appear_in_outputs"]),
    Mutation(PRIV, "open-text-order", "open answers not in file order", "survey_inventory/privacy.py",
             [('    out = out.sort_values("_k", kind="stable").drop(columns="_k").reset_index(drop=True)',
               '    out = out.drop(columns="_k").reset_index(drop=True)')],
             ["tests/test_privacy.py::test_open_answers_are_not_in_file_order"]),
    # -- safety of what we write -------------------------------------------------------------
    Mutation(SAFE, "neutralise", "formula starts neutralised (CSV and Excel)", "survey_inventory/export/safe.py",
             [("""    return "'" + value if value.startswith(_FORMULA_START) else value""", "    return value")],
             ["tests/test_export_safe.py::test_csv_outputs_are_formula_safe",
              "tests/test_export_safe.py::test_every_csv_output_is_formula_safe",
              "tests/test_export_safe.py::test_xlsx_outputs_hold_no_formulas",
              "tests/test_export_safe.py::test_every_xlsx_output_holds_no_formula",
              "tests/test_export_safe.py::test_neutralise_every_dangerous_start"]),
    Mutation(SAFE, "neutralise-xlsx", "the Excel writer neutralising its cells", "survey_inventory/export/xlsx.py",
             [("from .safe import neutralise\n",
               "from .safe import xml_safe\n\n\ndef neutralise(v):\n    return xml_safe(v) if isinstance(v, str) else v\n")],
             ["tests/test_export_safe.py::test_xlsx_outputs_hold_no_formulas",
              "tests/test_export_safe.py::test_every_xlsx_output_holds_no_formula"]),
    Mutation(SAFE, "crlf", "CSV lines end in CRLF, so a lone CR in a cell is quoted", "survey_inventory/export/files.py",
             [('lineterminator="\\r\\n"', 'lineterminator="\\n"')],
             ["tests/test_export_safe.py::test_csv_outputs_are_formula_safe"]),
    Mutation(SAFE, "safe-filename", "labels in file names sanitised", "survey_inventory/export/safe.py",
             [('    keep = "".join(ch if ch.isalnum()', '    return str(label)\n    keep = "".join(ch if ch.isalnum()')],
             ["tests/test_export_safe.py::test_safe_filename",
              "tests/test_export_safe.py::test_codebook_text_in_file_names_stays_in_the_output_folder"]),
    Mutation(SAFE, "html-escape", "labels escaped in HTML", "survey_inventory/export/html.py",
             [("        return html.escape(xml_safe(text), quote)", "        return xml_safe(text)")],
             ["tests/test_export_safe.py::test_html_outputs_escape_labels"]),
    Mutation(SAFE, "xml-control", "control characters kept out of xlsx/docx/html", "survey_inventory/export/safe.py",
             [("    if not _XML_ILLEGAL.search(text):\n        return text\n", "    return text\n")],
             ["tests/test_export_safe.py::test_control_characters_in_the_data_reach_no_output"]),
    Mutation(SAFE, "codebook-control", "a codebook with control characters refused",
             "survey_inventory/codebook/read.py",
             [("    if control:  # no output file", "    if False:  # no output file")],
             ["tests/test_export_safe.py::test_a_codebook_with_control_characters_is_refused"]),
    Mutation(SAFE, "safe-loader", "YAML read with the safe loader", "survey_inventory/codebook/read.py",
             [('_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)', "_SafeLoader = yaml.UnsafeLoader")],
             [_corpus("executes")]),
    Mutation(SAFE, "routing-eval", "routing parsed, never evaluated (mutant: Python gets what the grammar refuses)",
             "survey_inventory/codebook/routing.py",
             [("    tokens = _tokenize(text)\n",
               "    try:\n        tokens = _tokenize(text)\n    except RoutingSyntaxError:\n"
               "        eval(text, {}, {})\n        raise\n")],
             [_corpus("routing_executes"), "tests/test_codebook_routing.py::test_syntax_errors"]),
    Mutation(SAFE, "caption-format", "caption templates filled by name, not by str.format",
             "survey_inventory/codebook/captions.py",
             [("    return re.sub(r\"\\{(\\w+)\\}\", lambda m: fields.get(m.group(1), m.group(0)), template).strip()",
               "    return template.format(**fields).strip()")],
             ["tests/test_export_safe.py::test_caption_templates_are_not_format_strings"]),
]

_IGNORE = shutil.ignore_patterns(".venv", ".git", "outputs", "_data", "__pycache__", ".hypothesis",
                                 ".pytest_cache", ".benchmarks", "*.egg-info")


def _pytest(tree: Path, tests: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([str(PYTHON), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header",
                           "-W", "ignore::pytest.PytestUnraisableExceptionWarning", *tests],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=1800)


def main(words: list[str]) -> int:
    chosen = [m for m in MUTATIONS if not words or any(w in m.name for w in words)]
    rows, status = [], 0
    with tempfile.TemporaryDirectory(prefix="safety-mutations-") as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT, tree, ignore=_IGNORE)
        check = subprocess.run([str(PYTHON), "-c", "import survey_inventory; print(survey_inventory.__file__)"],
                               cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, text=True)
        assert check.stdout.strip().startswith(str(tree)), f"the copy is not what is imported: {check.stdout}"
        every = sorted({t for m in chosen for t in m.tests})
        base = _pytest(tree, every)
        if base.returncode != 0:
            print(base.stdout[-3000:])
            print("the guarding tests fail without any mutation; fix that first")
            return 2
        for m in chosen:
            path = tree / m.file
            original = path.read_text(encoding="utf-8")
            text, problem = original, ""
            for old, new in m.edits:
                n = text.count(old)
                if n != 1:
                    problem = f"stale: the text to mutate occurs {n} times in {m.file}"
                    break
                text = text.replace(old, new)
            if problem:
                rows.append((m, problem, 0.0))
                status = 1
                continue
            path.write_text(text, encoding="utf-8")
            start = time.time()
            try:
                result = _pytest(tree, m.tests)
            finally:
                path.write_text(original, encoding="utf-8")
            fails = result.returncode == 1
            failed, passed, errors = (int((re.search(rf"(\d+) {word}", result.stdout) or [0, 0])[1])
                                      for word in ("failed", "passed", "error"))
            verdict = f"yes ({failed + errors} of {failed + passed + errors} tests)" if fails \
                else f"NO (pytest exit {result.returncode})"
            for line in result.stdout.splitlines():
                if line.startswith(("FAILED", "ERROR")):
                    print(f"    {line[:160]}", file=sys.stderr)
            rows.append((m, verdict, time.time() - start))
            status |= 0 if fails else 1
            print(f"{m.name:24} fails: {rows[-1][1]} ({rows[-1][2]:.0f} s)", file=sys.stderr, flush=True)
    print(table([(m, verdict) for m, verdict, _ in rows]))
    return status


def table(rows) -> str:
    """The Markdown table of docs/safety.md: one row per (mutation, verdict)."""
    lines = ["| promise | protection switched off | mutant | guarding test(s) | they fail |",
             "| --- | --- | --- | --- | --- |"]
    for m, verdict in rows:
        tests = "<br>".join(f"`{t.replace('tests/', '').replace('.py', '')}`" for t in m.tests)
        lines.append(f"| {m.bullet} | {m.what} | `{m.name}` in `{m.file.replace('survey_inventory/', '')}` "
                     f"| {tests} | {verdict} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
