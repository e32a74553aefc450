from __future__ import annotations

from pathlib import Path

from classifiers.shared_data import all_comments, number, positive_comments


def write_both(folder: Path) -> None:
    (folder / "nhs_feedback_phase1.csv").write_text(
        "feedback,criticality\nlovely,3\nawful,-2\n,4\n  padded  ,1\n", encoding="utf-8"
    )
    (folder / "nhs_feedback_v6.csv").write_text(
        "FFT answer,Comment sentiment\ngreat,1\ngood,2\nbad,5\nno score,\n", encoding="utf-8"
    )


def test_positive_comments_follow_each_files_own_marking(tmp_path: Path) -> None:
    write_both(tmp_path)
    selected = {name: texts for name, _, texts in positive_comments(tmp_path)}
    assert selected == {
        "nhs_feedback_phase1.csv": ["lovely", "padded"],
        "nhs_feedback_v6.csv": ["great", "good"],
    }


def test_all_comments_keeps_every_non_empty_comment_stripped(tmp_path: Path) -> None:
    write_both(tmp_path)
    assert all_comments(tmp_path) == {
        "nhs_feedback_phase1.csv": ["lovely", "awful", "padded"],
        "nhs_feedback_v6.csv": ["great", "good", "bad", "no score"],
    }


def test_a_missing_folder_or_file_gives_nothing(tmp_path: Path) -> None:
    assert list(positive_comments(tmp_path / "nowhere")) == []
    assert all_comments(tmp_path / "nowhere") == {}
    (tmp_path / "nhs_feedback_v6.csv").write_text("FFT answer\nonly this\n", encoding="utf-8")
    assert all_comments(tmp_path) == {"nhs_feedback_v6.csv": ["only this"]}


def test_scores_that_are_not_numbers_read_as_none() -> None:
    assert [number(v) for v in ("-3", "", None, "-o", "NA")] == [-3.0, None, None, None, None]
