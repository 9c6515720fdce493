"""export/files.py and what analyze writes with it: all or nothing, never over an input, never
into a folder that is not ours, inputs untouched."""
import copy
import csv
import json
import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import BUNDLED, MINI_ROWS, ROOT, write_study
from survey_inventory import export
from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.cli import main
from survey_inventory.errors import SurveyInputError
from survey_inventory.export import file_sha256
from survey_inventory.export import files


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): file_sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """One complete run of the mini study (analyze with every output format is slow)."""
    base = tmp_path_factory.mktemp("previous")
    cb = write_study(base / "study")
    analyze(cb, base / "mini")
    return cb, base / "mini"


@pytest.fixture
def study(tmp_path, previous):
    """The mini study and a previous, complete output folder (a copy of one run on
    other answers, so that a file written over it would show)."""
    cb = write_study(tmp_path / "study", MINI_ROWS[:-1] + ["a2;2;1;1"])
    out = tmp_path / "results" / "mini"
    shutil.copytree(previous[1], out)
    return cb, out


def _break_writer(monkeypatch, exc, after=1):
    """Make the (after+1)-th CSV written raise ``exc``: a failure half-way through."""
    real, calls = export.write_csv, []

    def flaky(frame, path):
        calls.append(path)
        if len(calls) > after:
            raise exc
        return real(frame, path)
    monkeypatch.setattr(export, "write_csv", flaky)
    return calls


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), RuntimeError("disk full"), OSError(28, "No space left")])
def test_failure_mid_write_leaves_previous_outputs_intact(study, monkeypatch, exc):
    """Protects: an error or Ctrl-C while writing leaves the previous outputs byte for
    byte as they were, and no temporary or backup folder behind."""
    cb, out = study
    before = _snapshot(out)
    assert "manifest.json" in before and len(before) >= 4
    calls = _break_writer(monkeypatch, exc)
    with pytest.raises(type(exc)):
        analyze(cb, out)
    assert len(calls) == 2                     # one file was written, the second failed
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["mini"]


def test_failure_while_moving_into_place_restores_the_previous_outputs(study, monkeypatch):
    """The fallback swap (no renameat2 exchange) uses two renames; a Ctrl-C between them
    must put the previous outputs back."""
    _, out = study
    before = _snapshot(out)
    monkeypatch.setattr(files, "_exchange", lambda a, b: False)   # the fallback, as on macOS
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:                    # old -> backup done; new -> out interrupted
            raise KeyboardInterrupt
        return real(src, dst)
    monkeypatch.setattr(files.os, "replace", flaky)
    with pytest.raises(KeyboardInterrupt):
        with files.atomic_output_dir(out) as tmp:
            (tmp / "distributions.csv").write_text("new")
    monkeypatch.undo()
    assert len(calls) == 3                     # the third rename restored the backup
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["mini"]


def test_ctrl_c_on_the_command_line(study, monkeypatch):
    cb, out = study
    before = _snapshot(out)
    _break_writer(monkeypatch, KeyboardInterrupt())
    result = CliRunner().invoke(main, ["analyze", str(cb), "--out", str(out), "-q"])
    assert result.exit_code == 130
    assert result.stderr.splitlines() == ["error: interrupted; previous outputs left as they were"]
    assert _snapshot(out) == before


def test_a_new_folder_is_not_created_on_failure(tmp_path, monkeypatch):
    cb = write_study(tmp_path / "study")
    _break_writer(monkeypatch, RuntimeError("boom"))
    with pytest.raises(RuntimeError):
        analyze(cb, tmp_path / "new" / "out")
    assert list((tmp_path / "new").iterdir()) == []


def test_success_replaces_the_previous_outputs(study):
    _, out = study
    with files.atomic_output_dir(out) as tmp:
        (tmp / "distributions.csv").write_text("new")
        assert not (out / "distributions.csv").read_text() == "new"   # not visible before the end
    assert _snapshot(out).keys() == {"distributions.csv"} and (out / "distributions.csv").read_text() == "new"
    assert sorted(p.name for p in out.parent.iterdir()) == ["mini"]


@pytest.mark.parametrize("where", ["inputs_folder", "codebook_folder", "parent_of_inputs"])
def test_refuses_an_output_folder_holding_the_inputs(tmp_path, where):
    """Protects the inputs: replacing the output folder would delete them."""
    cb = write_study(tmp_path / "study" / "codebooks")
    shutil.move(str(tmp_path / "study" / "codebooks" / "data.csv"), tmp_path / "study" / "data.csv")
    data = yaml.safe_load(cb.read_text())
    data["sources"][0]["file"] = "../data.csv"
    cb.write_text(yaml.safe_dump(data))
    out = {"inputs_folder": tmp_path / "study", "codebook_folder": cb.parent,
           "parent_of_inputs": tmp_path}[where]
    before = _snapshot(tmp_path)
    with pytest.raises(SurveyInputError, match="contains the input"):
        analyze(cb, out)
    assert _snapshot(tmp_path) == before


def test_refuses_a_folder_that_is_not_ours(tmp_path):
    cb = write_study(tmp_path / "study")
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_text("years of work")
    with pytest.raises(SurveyInputError, match="not empty and was not written by survey-inventory"):
        analyze(cb, out)
    assert (out / "chapter1.docx").read_text() == "years of work"
    (tmp_path / "file").write_text("x")
    with pytest.raises(SurveyInputError, match="is not a folder"):
        analyze(cb, tmp_path / "file")


def test_inputs_are_never_modified(bundled_run_min_cell):
    """Protects the raw exports and the codebooks: same bytes, same modification times and no
    new files beside them after a full analyze of the bundled study (the session's run with
    --min-cell 5 --include-open-text: every output format; conftest.py records the state of
    ``codebooks/`` and ``surveys/`` just before and after it)."""
    from conftest import input_state

    before, after = bundled_run_min_cell.inputs_before, bundled_run_min_cell.inputs_after
    assert {"codebooks/bartels-2025.yaml", "surveys/bartels-2025/digital_questionnaire.csv",
            "surveys/bartels-2025/fund_interviews.xlsx"} <= set(before)
    assert after == before
    assert input_state() == before      # nor by any run of the session since


@pytest.mark.parametrize("key", ["inventory", "published"])
def test_refuses_an_output_folder_holding_the_inventory_or_the_published_figures(tmp_path, key):
    """Protects every input, not only the data files: a previous output folder (it has
    our manifest, so it would be replaced) where someone keeps the inventory or the
    report's published figures."""
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    for source in data["sources"]:
        source["file"] = str((BUNDLED.parent / source["file"]).resolve())
    for k in ("inventory", "published"):
        data[k] = str((BUNDLED.parent / data[k]).resolve())
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "manifest.json").write_text("{}")
    kept = shared / Path(data[key]).name
    shutil.copy(data[key], kept)
    data[key] = str(kept)
    cb = tmp_path / "cb.yaml"
    cb.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = _snapshot(shared)
    with pytest.raises(SurveyInputError, match="contains the input"):
        analyze(cb, shared)
    assert _snapshot(shared) == before


# -- issue 13: the swap at every instant, two runs, stale temporaries, permissions ----------

def _version(folder: Path, text: str) -> Path:
    """A complete output folder of three files that all say ``text``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("a.csv", "b.csv", "manifest.json"):
        (folder / name).write_text(text)
    return folder


def _state(out: Path):
    """Which complete version ``out`` names: 'old', 'new', or what is wrong with it."""
    if not out.is_dir():
        return "missing"
    texts = {p.name: p.read_text() for p in out.iterdir()}
    if sorted(texts) == ["a.csv", "b.csv", "manifest.json"] and len(set(texts.values())) == 1:
        return texts["a.csv"]
    return f"incomplete {texts}"


_STEPS = {  # the calls of one swap over an existing folder, in order
    "exchange": ["exchange", "rmtree"],
    "fallback": ["exchange (not available)", "replace", "replace", "replace", "rmtree"],
}


@pytest.mark.parametrize("mode, step, when", [(m, k, w) for m, steps in _STEPS.items()
                                              for k in range(1, len(steps) + 1) for w in ("before", "after")])
def test_a_kill_at_any_step_of_the_swap_leaves_a_complete_folder(tmp_path, mode, step, when):
    """Issue 13, item 13: SIGKILL between the two renames of the old swap left no output
    folder at all. A real SIGKILL (in a forked child) before or after each rename, exchange
    or removal: --out names the complete old or new folder (with the exchange: at once;
    with the fallback, killed between its renames: once the next run has moved the old
    one back). The next run removes every leftover (item 15)."""
    import signal

    out = _version(tmp_path / "out", "old")
    pid = os.fork()
    if pid == 0:  # the child: one run, killed at the chosen call
        try:
            calls = [0]

            def killing(real):
                def call(*args, **kwargs):
                    calls[0] += 1
                    if calls[0] == step and when == "before":
                        os.kill(os.getpid(), signal.SIGKILL)
                    result = real(*args, **kwargs)
                    if calls[0] == step and when == "after":
                        os.kill(os.getpid(), signal.SIGKILL)
                    return result
                return call
            if mode == "fallback":
                files._exchange = lambda a, b: False
            files._exchange = killing(files._exchange)
            os.replace = killing(os.replace)
            shutil.rmtree = killing(shutil.rmtree)
            with files.atomic_output_dir(out) as tmp:
                _version(tmp, "new")
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the child was not killed"
    after_kill = _state(out)
    if mode == "exchange" or not (step == 3 and when == "before" or step == 2 and when == "after"):
        assert after_kill in ("old", "new")
    else:
        assert after_kill == "missing"                # the documented window of the fallback
    with pytest.raises(KeyboardInterrupt):            # the next run: stale temporaries go first
        with files.atomic_output_dir(out):
            raise KeyboardInterrupt
    assert _state(out) == (after_kill if after_kill != "missing" else "old")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_exchange_is_one_call_and_out_never_disappears(tmp_path, monkeypatch):
    """Issue 13, item 13: with renameat2 the old folder is never moved away first: the only
    call that touches --out is the exchange, and --out is complete before and after it."""
    out = _version(tmp_path / "out", "old")
    seen, real_exchange, real_replace = [], files._exchange, os.replace

    def exchange(a, b):
        seen.append(("exchange", _state(out)))
        done = real_exchange(a, b)
        seen.append(("after", _state(out)))
        return done

    def replace(src, dst):
        seen.append(("replace", Path(src).name, Path(dst).name))
        return real_replace(src, dst)
    monkeypatch.setattr(files, "_exchange", exchange)
    monkeypatch.setattr(files.os, "replace", replace)
    with files.atomic_output_dir(out) as tmp:
        _version(tmp, "new")
    assert seen == [("exchange", "old"), ("after", "new")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_exchange_leaves_the_old_folder(tmp_path, monkeypatch):
    """Issue 13, item 13: the exchange raising (an I/O error) changes nothing."""
    out = _version(tmp_path / "out", "old")

    def failing(a, b):
        raise OSError(5, "Input/output error", str(b))
    monkeypatch.setattr(files, "_exchange", failing)
    with pytest.raises(OSError):
        with files.atomic_output_dir(out) as tmp:
            _version(tmp, "new")
    assert _state(out) == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_two_runs_into_one_folder_in_the_worst_order_are_serialised(tmp_path):
    """Issue 13, item 14: two runs swapping at the same time ended in a false 'Directory
    not empty; previous outputs left as they were' and a leftover .out.old-PID. Now the
    second waits for the first's lock: both succeed, one after the other, and --out
    ends as the second's complete folder with nothing left beside it."""
    import threading

    out = _version(tmp_path / "out", "old")
    first_inside, second_started, order, errors = threading.Event(), threading.Event(), [], []

    def first():
        try:
            with files.atomic_output_dir(out) as tmp:
                first_inside.set()
                second_started.wait(60)
                time.sleep(0.3)                     # the second run is now waiting on the lock
                _version(tmp, "first")
                order.append("first written")
            order.append("first swapped")
        except BaseException as exc:  # noqa: BLE001  (reported below, not lost in the thread)
            errors.append(exc)
            first_inside.set()

    def second():
        try:
            first_inside.wait(60)
            second_started.set()
            with files.atomic_output_dir(out) as tmp:
                order.append(f"second sees {_state(out)}")
                _version(tmp, "second")
            order.append("second swapped")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [] and not any(t.is_alive() for t in threads)
    # "second sees first" proves the order: the second run got the folder only after the first
    # had swapped its version in. (When the first thread notes "first swapped" after releasing
    # the lock is up to the scheduler, so that entry's position is not part of the claim.)
    assert [e for e in order if e != "first swapped"] == ["first written", "second sees first", "second swapped"]
    assert "first swapped" in order
    assert _state(out) == "second" and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_run_that_cannot_get_the_lock_in_time_is_refused_with_a_true_message(tmp_path):
    """Issue 13, item 14: the second run, when the first holds the folder too long, is
    refused naming the process that holds it; nothing changes."""
    out = _version(tmp_path / "out", "old")
    with files.output_lock(out):
        with pytest.raises(SurveyInputError) as err:
            with files.output_lock(out, wait=0.2):
                pass
    assert str(err.value) == (f"{out}: another survey-inventory run (process {os.getpid()}) is writing this "
                              "output folder; nothing written by this run; try again when it has finished")
    assert _state(out) == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_stale_temporaries_of_killed_runs_are_removed(tmp_path):
    """Issue 13, item 15: .out.tmp-* folders of killed runs were never cleaned up."""
    out = _version(tmp_path / "out", "old")
    _version(tmp_path / ".out.tmp-k1ll3d", "half")
    _version(tmp_path / ".out.old-12345", "older")
    _version(tmp_path / ".other.tmp-x", "not ours")
    with files.atomic_output_dir(out) as tmp:
        _version(tmp, "new")
    assert _state(out) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.tmp-x", "out"]


def _no_work(monkeypatch):
    """Loading the data fails the test: the checks must come before any work."""
    import survey_inventory.load as load

    def loading(*args, **kwargs):
        raise AssertionError("the analysis started before the output folder was checked")
    monkeypatch.setattr(load, "load_study", loading)


def test_a_read_only_output_folder_is_refused_before_the_work(study, monkeypatch):
    """Issue 13, item 15: a read-only existing output folder was replaced (exit 0) and its
    old copy left hidden. Now refused before anything is read; nothing changes."""
    cb, out = study
    before = _snapshot(out)
    _no_work(monkeypatch)
    out.chmod(0o555)
    try:
        with pytest.raises(SurveyInputError, match="the output folder is read-only, so its previous outputs"):
            analyze(cb, out)
    finally:
        out.chmod(0o755)
    assert _snapshot(out) == before and sorted(p.name for p in out.parent.iterdir()) == ["mini"]


def test_a_read_only_parent_is_refused_before_the_work_naming_it(tmp_path, monkeypatch):
    """Issue 13, item 15: a read-only parent errored only after the whole analysis, naming
    the hidden temporary folder rather than --out."""
    cb = write_study(tmp_path / "study")
    parent = tmp_path / "locked"
    parent.mkdir()
    _no_work(monkeypatch)
    parent.chmod(0o555)
    try:
        with pytest.raises(SurveyInputError) as err:
            analyze(cb, parent / "new" / "out")
    finally:
        parent.chmod(0o755)
    assert str(err.value) == (f"{parent / 'new' / 'out'}: no permission to write in {parent}, where the output "
                              "folder would be made; choose another --out")
    assert list(parent.iterdir()) == []


def test_an_empty_out_is_refused_before_the_work(tmp_path, monkeypatch):
    """Issue 13, item 15: --out "" ran everything, then failed with 'Device or resource busy'."""
    cb = write_study(tmp_path / "study")
    _no_work(monkeypatch)
    monkeypatch.chdir(tmp_path)
    for empty in ("", "."):
        result = CliRunner().invoke(main, ["analyze", str(cb), "--out", empty, "-q"])
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
        assert result.stderr.splitlines() == ["error: --out is empty or names '.' or '..'; give the output "
                                              "folder a name (e.g. outputs/study)"]


@pytest.mark.parametrize("where", ["out", "source"])
def test_a_symlink_loop_is_one_clear_line(tmp_path, where):
    """Issue 13, item 8: a symlink loop as a source or as --out was a RuntimeError
    traceback from Path.resolve(); now one line naming the path."""
    cb = write_study(tmp_path / "study")
    out = tmp_path / "out"
    if where == "out":
        os.symlink(out, out)
        named = out
    else:
        data = tmp_path / "study" / "data.csv"
        data.unlink()
        os.symlink(data, data)
        named = data
    for command in (["analyze", str(cb), "--out", str(out), "-q"], ["validate", str(cb)]):
        if where == "out" and command[0] == "validate":
            continue
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), repr(result.exception)
        line, = result.stderr.splitlines()
        assert line.startswith(f"error: {named}: ") and line.endswith(
            " is a symbolic link that points back to itself (a link loop); remove the link or choose another path")
