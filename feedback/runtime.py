"""Everything a running service needs, built once at start and closed at stop.

The web app, the CLI and the tests all build a :class:`Runtime` the same way,
so a command such as ``feedback demo`` writes through exactly the same actions
as the API does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from feedback.catalogue import ServiceCatalogue
from feedback.clock import Clock, utc_now
from feedback.hasher import Argon2Hasher
from feedback.ingest import NoLabels, RightsModel, TextClassifier
from feedback.settings import ClassifierMode, Settings, ensure_secret_key
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
        """Close the database and stop the hashing threads."""
        await self.store.close()
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
    """The rights classifier, or one that flags nothing when switched off."""
    if settings.classifier is ClassifierMode.NONE:
        return NoLabels()
    return RightsModel(settings.classifier_model, possible_share=settings.possible_share)


async def open_runtime(
    settings: Settings,
    *,
    classifier: TextClassifier | None = None,
    clock: Clock = utc_now,
) -> Runtime:
    """Open the database (migrating it), load the classifier and services list."""
    catalogue = ServiceCatalogue.from_file(settings.services_catalogue_file)
    chosen_classifier = classifier or build_classifier(settings)
    secret_key = ensure_secret_key(settings)
    store = await SQLiteStore.open(settings.database_file)
    return Runtime(
        settings=settings,
        store=store,
        hasher=build_hasher(settings),
        classifier=chosen_classifier,
        catalogue=catalogue,
        throttle=GuessThrottle(
            per_code_limit=settings.followup_failures_per_code,
            per_code_window=timedelta(minutes=settings.followup_failures_per_code_window_minutes),
            global_per_minute=settings.followup_failures_global_per_minute,
            clock=clock,
        ),
        secret_key=secret_key,
        clock=clock,
    )
