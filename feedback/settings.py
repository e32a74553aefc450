"""One typed settings object, read from the environment.

Every setting is an environment variable named ``FEEDBACK_<FIELD>``; each one is
documented in the README (``tests/test_settings.py`` fails when one is not).
Defaults give a working service on a laptop with no configuration at all.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import msgspec

ENV_PREFIX = "FEEDBACK_"
PACKAGE_DATA = Path(__file__).parent / "data"


class TimestampRounding(StrEnum):
    """How coarsely service-user timestamps are stored (coarser is more anonymous)."""

    HOUR = "hour"
    DAY = "day"


class ClassifierMode(StrEnum):
    """Whether items are classified at ingest by the trained model."""

    MODEL = "model"
    NONE = "none"


PositiveInt = Annotated[int, msgspec.Meta(ge=1)]
Port = Annotated[int, msgspec.Meta(ge=0, le=65535)]


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """All configuration for one running service.

    Paths left as ``None`` are resolved against ``data_dir`` by :func:`load_settings`.
    """

    data_dir: Path = Path("data")
    database_path: Path | None = None
    secret_key: str | None = None
    host: str = "127.0.0.1"
    port: Port = 8000
    argon2_time_cost: PositiveInt = 3
    argon2_memory_kib: Annotated[int, msgspec.Meta(ge=8)] = 65536
    argon2_parallelism: PositiveInt = 4
    argon2_max_concurrent: PositiveInt = 2
    argon2_max_waiting: Annotated[int, msgspec.Meta(ge=0)] = 32
    timestamp_rounding: TimestampRounding = TimestampRounding.HOUR
    services_file: Path | None = None
    classifier: ClassifierMode = ClassifierMode.MODEL
    classifier_model: Path | None = None
    # Share of a label's threshold that puts an unflagged item in "worth a look"; 0 is off.
    possible_share: Annotated[float, msgspec.Meta(ge=0, lt=1)] = 0.5
    followup_failures_per_code: PositiveInt = 5
    followup_failures_per_code_window_minutes: PositiveInt = 15
    followup_failures_global_per_minute: PositiveInt = 120
    max_body_bytes: Annotated[int, msgspec.Meta(ge=1024)] = 65536
    log_level: str = "INFO"
    # Staff accounts and sessions.
    https: bool = False
    session_idle_minutes: PositiveInt = 30
    login_failures_per_user: PositiveInt = 5
    login_failures_window_minutes: PositiveInt = 15
    login_failures_global_per_minute: PositiveInt = 30
    # Triage deadlines.
    urgent_target_hours: PositiveInt = 8
    acknowledge_working_days: PositiveInt = 3
    response_working_days: PositiveInt = 25
    bank_holidays_file: Path | None = None
    # Service-user pages.
    kiosk_idle_minutes: PositiveInt = 3
    help_file: Path | None = None
    default_language: str = "en"

    @property
    def database_file(self) -> Path:
        """The SQLite file, defaulting to ``<data_dir>/feedback.db``."""
        return self.database_path or self.data_dir / "feedback.db"

    @property
    def bank_holidays_path(self) -> Path:
        """Bank holidays skipped by working-day deadlines (England and Wales by default)."""
        return self.bank_holidays_file or PACKAGE_DATA / "bank_holidays.toml"

    @property
    def help_path(self) -> Path:
        """Where-to-get-help-now text and numbers shown on the service-user pages."""
        return self.help_file or PACKAGE_DATA / "help.toml"

    @property
    def services_catalogue_file(self) -> Path:
        """The services/wards list, defaulting to the demo list shipped with the package."""
        return self.services_file or PACKAGE_DATA / "services.toml"


class SettingsError(ValueError):
    """A setting in the environment has a value the service cannot use."""


def setting_names() -> list[str]:
    """Every environment variable the settings object reads, for docs and the docs test."""
    return [ENV_PREFIX + name.upper() for name in Settings.__struct_fields__]


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Read settings from the environment (or ``environ``), then apply ``overrides``.

    Values are converted and validated by msgspec so that a typo such as
    ``FEEDBACK_PORT=80a`` stops the service with a message naming the variable.
    """
    env = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    for name in Settings.__struct_fields__:
        value = env.get(ENV_PREFIX + name.upper())
        if value is not None and value != "":
            raw[name] = value
    raw.update({key: value for key, value in overrides.items() if value is not None})
    try:
        settings = msgspec.convert(raw, Settings, strict=False, dec_hook=_decode_path)
    except msgspec.ValidationError as exc:
        raise SettingsError(_explain(str(exc))) from None
    if settings.log_level.upper() not in logging.getLevelNamesMapping():
        raise SettingsError(
            f"{ENV_PREFIX}LOG_LEVEL: {settings.log_level!r} is not a log level; "
            "use DEBUG, INFO, WARNING, ERROR or CRITICAL"
        )
    if settings.argon2_memory_kib < 8 * settings.argon2_parallelism:
        # argon2 needs 8 KiB per lane; it would refuse only at the first hash.
        raise SettingsError(
            f"{ENV_PREFIX}ARGON2_MEMORY_KIB: {settings.argon2_memory_kib} is too little for "
            f"{ENV_PREFIX}ARGON2_PARALLELISM={settings.argon2_parallelism}; "
            f"give at least {8 * settings.argon2_parallelism}"
        )
    _check_files(settings)
    return settings


def _check_files(settings: Settings) -> None:
    """Refuse a file setting that names no file, so a typo stops the service at once.

    What is in the file is checked by whatever reads it; this only catches the
    commonest mistake (a wrong path) while the variable can still be named.
    """
    files = {
        "services_file": settings.services_file,
        "help_file": settings.help_file,
        "bank_holidays_file": settings.bank_holidays_file,
    }
    if settings.classifier is ClassifierMode.MODEL:
        files["classifier_model"] = settings.classifier_model
    for field, path in files.items():
        if path is not None and not path.is_file():
            problem = f"{path} is a folder, not a file" if path.is_dir() else f"no file at {path}"
            raise SettingsError(f"{ENV_PREFIX}{field.upper()}: {problem}")


def _decode_path(type_: type, obj: Any) -> Any:
    if type_ is Path:
        return Path(obj)
    raise NotImplementedError


def _explain(message: str) -> str:
    # msgspec says "... - at `$.port`"; name the environment variable instead.
    if "`$." in message:
        field = message.split("`$.", 1)[1].rstrip("`")
        return f"{ENV_PREFIX}{field.upper()}: {message.split(' - at ', 1)[0]}"
    return message


def ensure_secret_key(settings: Settings) -> str:
    """Return the configured secret key, or one generated once into the data folder.

    The generated key is written with mode 0600 (in a folder made 0700 when it
    is made here) so that only the service's user can read it; it signs staff
    sessions and CSRF tokens.
    """
    if settings.secret_key:
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    if not settings.data_dir.exists():
        settings.data_dir.mkdir(mode=stat.S_IRWXU, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key
