"""Load a script of ``bench/`` as a module, so its pieces can be tested without running it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load_script(name: str) -> ModuleType:
    """Import ``bench/<name>.py`` under ``name``."""
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs, as an import would be: msgspec and typing look a
    # class's annotations up through sys.modules.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
