"""``feedback serve``: run the web service.

Everything the service needs is opened once, and closed again, before the
server starts: a missing model, a damaged database or a wrong path then stops
``serve`` with one sentence naming the setting, instead of failing inside the
web server's start-up with a long traceback after it has begun to listen.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from feedback.ingest import TextClassifier
from feedback.runtime import build_classifier, open_runtime
from feedback.settings import Settings, load_settings


def register(subparsers: Any) -> None:
    """Add ``serve`` to the command line."""
    parser = subparsers.add_parser("serve", help="run the web service")
    parser.add_argument("--host", help="address to listen on (default FEEDBACK_HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default FEEDBACK_PORT)")
    parser.set_defaults(handler=run)


def check_startup(settings: Settings, classifier: TextClassifier) -> None:
    """Open the runtime (creating and migrating the database) and close it again."""

    async def go() -> None:
        runtime = await open_runtime(settings, classifier=classifier, create=True)
        await runtime.close()

    asyncio.run(go())


def run(args: argparse.Namespace) -> int:
    """Start uvicorn with no access log, no proxy headers and no server banner."""
    import uvicorn

    from feedback.app import create_app
    from feedback.logs import configure_logging

    settings = load_settings(host=args.host, port=args.port)
    configure_logging(settings.log_level)
    # Loaded once here and handed to the app, which would otherwise load it again.
    classifier = build_classifier(settings)
    check_startup(settings, classifier)
    app = create_app(settings, classifier=classifier)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        log_config=None,
        log_level=settings.log_level.lower(),
    )
    return 0
