"""Entry point for ``python -m classifiers``."""

import sys

from classifiers.cli import main

sys.exit(main())
