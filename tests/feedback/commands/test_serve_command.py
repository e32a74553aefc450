"""``feedback serve`` checks its settings before it listens, and says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.feedback.commands.cli_runner import feedback_cli, one_error_line


@pytest.mark.parametrize(
    ("model", "says"),
    [
        ("missing.skops", "FEEDBACK_CLASSIFIER_MODEL: no file at {path}"),
        ("notes.txt", "FEEDBACK_CLASSIFIER_MODEL: {path} is not a readable skops file"),
    ],
)
def test_an_unusable_model_stops_serve_with_one_sentence_naming_the_variable(
    tmp_path: Path, model: str, says: str
) -> None:
    path = tmp_path / model
    if model.endswith(".txt"):
        path.write_text("not a model\n", encoding="utf-8")
    data = tmp_path / "data"
    # Port 0: were the check to miss, the server would start, and the timeout fail the test.
    result = feedback_cli(
        data,
        "serve",
        "--port",
        "0",
        env={"FEEDBACK_CLASSIFIER": "model", "FEEDBACK_CLASSIFIER_MODEL": str(path)},
        timeout=60,
    )
    assert result.returncode == 2
    assert one_error_line(result).startswith("feedback: " + says.format(path=path))
    assert "Uvicorn running" not in result.stderr


def test_a_bad_services_file_stops_serve_naming_the_variable(tmp_path: Path) -> None:
    services = tmp_path / "services.toml"
    services.write_text("services = [\n", encoding="utf-8")
    result = feedback_cli(
        tmp_path / "data",
        "serve",
        "--port",
        "0",
        env={"FEEDBACK_SERVICES_FILE": str(services)},
        timeout=60,
    )
    assert result.returncode == 2
    assert one_error_line(result).startswith(
        f"feedback: FEEDBACK_SERVICES_FILE: cannot read services file {services}"
    )
