"""Files exported for others are always new: never over a file (also one someone else
makes between the check and the writing), never half-written, never into a missing
folder; each refusal a ConfigurationError naming the path."""

from __future__ import annotations

from pathlib import Path

import pytest

from umkm_ledger import ConfigurationError
from umkm_ledger.platform.new_files import new_text_file, write_new_file


def test_a_new_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "activity.xml"
    assert write_new_file(target, b"<iati-activities/>") == target
    assert target.read_bytes() == b"<iati-activities/>"


def test_an_existing_file_is_left_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "backup.jsonl"
    target.write_text("the only copy", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="never overwrites") as refused:
        write_new_file(target, b"new")
    assert str(target) in str(refused.value)
    with pytest.raises(ConfigurationError, match="never overwrites"), new_text_file(target):
        pass
    assert target.read_text(encoding="utf-8") == "the only copy"


def test_a_file_made_meanwhile_by_someone_else_is_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "backup.jsonl"
    target.write_text("theirs", encoding="utf-8")
    real_exists = Path.exists
    # The check ran before the other writer made the file.
    monkeypatch.setattr(Path, "exists", lambda p: False if p == target else real_exists(p))
    for write in (
        lambda: write_new_file(target, b"ours"),
        lambda: new_text_file(target).__enter__(),
    ):
        with pytest.raises(ConfigurationError, match="never overwrites"):
            write()
        assert target.read_text(encoding="utf-8") == "theirs"


def test_what_fails_half_way_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "backup.jsonl"

    def export_that_fails() -> None:
        with new_text_file(target) as out:
            out.write("half of it\n")
            assert target.exists()
            raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError, match="disk gone"):
        export_that_fails()
    assert not target.exists()


def test_a_missing_folder_is_said(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "activity.xml"
    with pytest.raises(ConfigurationError, match="does not exist") as refused:
        write_new_file(target, b"x")
    assert "no-such-folder" in str(refused.value)
    assert not target.parent.exists()
