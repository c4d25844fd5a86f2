"""`kamdocs init [DIR] [--lang de|en]`: a complete example that checks cleanly; never overwrites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamdocs.cli import main
from kamdocs.errors import KamdocsError, Severity
from kamdocs.load import load_project
from kamdocs.resources import example_dir
from kamdocs.scaffold import init_project


def example_ready(lang: str) -> bool:
    return (example_dir(lang) / "kamdocs.yaml").is_file()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_init_then_check_has_no_error_and_no_warning(tmp_path: Path, lang: str) -> None:
    target = tmp_path / "playbook"
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(target), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote ")
    check = runner.invoke(main, ["check", str(target), "--strict"])
    assert [line for line in check.output.splitlines() if ": note: " not in line] == [check.output.splitlines()[-1]], (
        check.output
    )
    assert check.exit_code == 0
    assert check.output.splitlines()[-1].startswith("0 errors, 0 warnings")
    loaded = load_project(target)
    assert loaded.playbook is not None
    assert loaded.playbook.config.language == lang
    assert [p for p in loaded.problems if p.severity > Severity.NOTE] == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_init_copies_only_the_playbook(tmp_path: Path, lang: str) -> None:
    written = init_project(tmp_path / "p", lang)
    top = sorted(p.name for p in (tmp_path / "p").iterdir())
    assert top == [".gitignore", "content", "data", "kamdocs.yaml"]
    assert written == sorted(written)
    assert all(p.is_file() and p.is_relative_to(tmp_path / "p") for p in written)
    rel = {p.relative_to(tmp_path / "p").as_posix() for p in written}
    assert "data/company.yaml" in rel
    rel.discard(".gitignore")  # written by init itself, not copied
    assert not any(part.startswith(".") for r in rel for part in r.split("/"))
    source = example_dir(lang)
    for name in rel:
        assert (tmp_path / "p" / name).read_bytes() == (source / name).read_bytes()


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    init_project(target, "de")
    assert (target / "kamdocs.yaml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["empty"]  # no staging folder left behind


def test_init_into_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "content", "data", "kamdocs.yaml"]


def test_non_empty_folder_is_refused_and_nothing_written(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert result.output == (
        f"error: {target} is not empty; kamdocs init writes a new playbook only into a new or empty folder, "
        "so that nothing is overwritten — choose another folder, e.g. 'kamdocs init my-playbook'\n"
    )
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]


def test_a_file_as_target_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(KamdocsError, match="is a file"):
        init_project(target, "de")


def test_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--lang", "fr"])
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_failure_midway_leaves_no_half_written_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real_copy = shutil.copy2

    def failing_copy(src: str, dst: str, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        return real_copy(src, dst)

    monkeypatch.setattr(shutil, "copy2", failing_copy)
    target = tmp_path / "new"
    with pytest.raises(KamdocsError, match="cannot write the playbook to .*: No space left on device"):
        init_project(target, "de")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_failure_while_moving_into_place_is_undone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    real_replace = os.replace

    def failing_replace(src: str, dst: str) -> None:
        if str(dst).endswith("content"):
            raise OSError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    target = tmp_path / "kept"
    target.mkdir()
    with pytest.raises(KamdocsError, match="Permission denied"):
        init_project(target, "de")
    assert list(target.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["kept"]


def test_init_writes_a_gitignore_for_outputs_and_personal_data(tmp_path: Path) -> None:
    target = tmp_path / "pb"
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    ignore = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/site/" in ignore
    assert "*.xlsx" in ignore
