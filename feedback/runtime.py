"""Everything a running service needs, built once at start and closed at stop.

The web app, the CLI and the tests all build a :class:`Runtime` the same way,
so a command such as ``feedback demo`` writes through exactly the same actions
as the API does.

Opening checks what the settings point at (the classifier model, the services
list, the database) and turns each problem into a :class:`SettingsError` that
names the environment variable to fix, so that ``feedback serve`` can refuse
to start with one sentence rather than fail inside the web server's start-up.
Nothing is left open when opening fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from feedback.catalogue import ServiceCatalogue
from feedback.clock import Clock, utc_now
from feedback.hasher import Argon2Hasher
from feedback.ingest import NoLabels, RightsModel, TextClassifier
from feedback.settings import ClassifierMode, Settings, SettingsError, ensure_secret_key
from feedback.storage.database import Database, DatabaseMissing, DatabaseUnusable
from feedback.storage.interface import Store
from feedback.storage.sqlite import SQLiteStore
from feedback.throttle import GuessThrottle


@dataclass
class Runtime:
    """The service's long-lived parts."""

    settings: Settings
    store: Store
    hasher: Argon2Hasher
    classifier: TextClassifier
    catalogue: ServiceCatalogue
    throttle: GuessThrottle
    secret_key: str
    clock: Clock = field(default=utc_now)

    async def close(self) -> None:
        """Close the database and stop the hashing threads (both, even if one fails)."""
        try:
            await self.store.close()
        finally:
            self.hasher.close()


def build_hasher(settings: Settings) -> Argon2Hasher:
    """The argon2id hasher configured by the settings."""
    return Argon2Hasher(
        time_cost=settings.argon2_time_cost,
        memory_kib=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        max_concurrent=settings.argon2_max_concurrent,
        max_waiting=settings.argon2_max_waiting,
    )


def build_classifier(settings: Settings) -> TextClassifier:
    """The rights classifier, or one that flags nothing when switched off.

    A missing or unusable model file is a :class:`SettingsError` naming
    ``FEEDBACK_CLASSIFIER_MODEL`` (or, for the default model, saying how to
    train it or switch the classifier off).
    """
    if settings.classifier is ClassifierMode.NONE:
        return NoLabels()
    # Imported here: the classifier package pulls in numpy, which a service
    # running without the model never needs.
    from classifiers.persistence import ModelFormatError, ModelNotFoundError

    try:
        return RightsModel(settings.classifier_model, possible_share=settings.possible_share)
    except ModelNotFoundError as exc:
        if settings.classifier_model is not None:
            raise SettingsError(
                f"FEEDBACK_CLASSIFIER_MODEL: there is no model file at {exc.path}"
            ) from None
        raise SettingsError(
            f"{exc}, or set FEEDBACK_CLASSIFIER=none to run without the classifier"
        ) from None
    except ModelFormatError as exc:
        if settings.classifier_model is not None:
            raise SettingsError(f"FEEDBACK_CLASSIFIER_MODEL: {exc}") from None
        raise SettingsError(
            f"the rights classifier is not usable: {exc}; "
            "run `python -m classifiers train` to write it again"
        ) from None


def load_catalogue(settings: Settings) -> ServiceCatalogue:
    """The services list, with ``FEEDBACK_SERVICES_FILE`` named if it is the one at fault."""
    try:
        return ServiceCatalogue.from_file(settings.services_catalogue_file)
    except ValueError as exc:
        if settings.services_file is None:
            raise
        raise SettingsError(f"FEEDBACK_SERVICES_FILE: {exc}") from None


def _database_variable(settings: Settings) -> str:
    """The environment variable that chose the database file."""
    return "FEEDBACK_DATABASE_PATH" if settings.database_path else "FEEDBACK_DATA_DIR"


def missing_database(settings: Settings) -> SettingsError:
    """The error for a command that needs a database where there is none."""
    return SettingsError(
        f"no database at {settings.database_file}; run `feedback db upgrade` "
        f"(or `python3 dev.py start`) first, or check {_database_variable(settings)}"
    )


async def open_database(
    settings: Settings, *, create: bool, migrate: bool = True, readers: int = 2
) -> Database:
    """Open the configured database file.

    With ``create`` false a missing file is refused (and nothing is created):
    a mistyped ``FEEDBACK_DATA_DIR`` must not quietly give staff an empty
    database. Errors name the variable behind the path.
    """
    database = Database(settings.database_file, readers=readers)
    try:
        await database.open(migrate=migrate, create=create)
    except DatabaseMissing:
        raise missing_database(settings) from None
    except DatabaseUnusable as exc:
        raise DatabaseUnusable(f"{exc}; check {_database_variable(settings)}") from None
    return database


async def open_runtime(
    settings: Settings,
    *,
    classifier: TextClassifier | None = None,
    clock: Clock = utc_now,
    create: bool = True,
) -> Runtime:
    """Open the database (migrating it), load the classifier and services list.

    ``create`` false is for commands that work on an existing database: when
    there is none they stop before writing anything, not even the secret key.
    """
    if not create and not settings.database_file.exists():
        raise missing_database(settings)
    catalogue = load_catalogue(settings)
    chosen_classifier = classifier or build_classifier(settings)
    hasher = build_hasher(settings)
    throttle = GuessThrottle(
        per_code_limit=settings.followup_failures_per_code,
        per_code_window=timedelta(minutes=settings.followup_failures_per_code_window_minutes),
        global_per_minute=settings.followup_failures_global_per_minute,
        clock=clock,
    )
    # The database before the secret key: a database that cannot be opened
    # leaves no key file (or data folder) behind.
    store = SQLiteStore(await open_database(settings, create=create))
    try:
        secret_key = ensure_secret_key(settings)
    except BaseException:
        await store.close()
        raise
    return Runtime(
        settings=settings,
        store=store,
        hasher=hasher,
        classifier=chosen_classifier,
        catalogue=catalogue,
        throttle=throttle,
        secret_key=secret_key,
        clock=clock,
    )
