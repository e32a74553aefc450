"""The services and wards a service user can pick from, read from a TOML file.

The list is configuration, not data: a trust edits the file and restarts. Ids are
stable short slugs so that reports keep counting the same service when its
display name changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec

ServiceId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]


class Service(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One ward or team."""

    id: ServiceId
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    group: str = ""


class _CatalogueFile(msgspec.Struct, forbid_unknown_fields=True):
    services: list[Service]


class ServiceCatalogue:
    """The configured services, in the order the file lists them."""

    def __init__(self, services: list[Service]) -> None:
        ids = [service.id for service in services]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"services listed twice: {', '.join(duplicates)}")
        self.services = tuple(services)
        self._by_id = {service.id: service for service in services}

    @classmethod
    def from_file(cls, path: Path) -> ServiceCatalogue:
        """Load and validate a services file; errors name the file and the problem."""
        try:
            parsed = msgspec.toml.decode(path.read_bytes(), type=_CatalogueFile)
        except (OSError, msgspec.DecodeError) as exc:
            raise ValueError(f"cannot read services file {path}: {exc}") from None
        return cls(parsed.services)

    def __contains__(self, service_id: object) -> bool:
        return service_id in self._by_id

    def get(self, service_id: str) -> Service | None:
        """The service with this id, or ``None``."""
        return self._by_id.get(service_id)

    def name_of(self, service_id: str | None) -> str:
        """A display name for reports and pages, tolerant of retired ids."""
        if service_id is None:
            return "Not given"
        service = self._by_id.get(service_id)
        return service.name if service else service_id
