"""``python -m feedback`` is the same as the ``feedback`` command."""

import sys

from feedback.cli import main

sys.exit(main())
