"""``feedback serve``: run the web service."""

from __future__ import annotations

import argparse
from typing import Any

from feedback.settings import load_settings


def register(subparsers: Any) -> None:
    """Add ``serve`` to the command line."""
    parser = subparsers.add_parser("serve", help="run the web service")
    parser.add_argument("--host", help="address to listen on (default FEEDBACK_HOST)")
    parser.add_argument("--port", type=int, help="port to listen on (default FEEDBACK_PORT)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Start uvicorn with no access log, no proxy headers and no server banner."""
    import uvicorn

    from feedback.app import create_app
    from feedback.logs import configure_logging

    settings = load_settings(host=args.host, port=args.port)
    configure_logging(settings.log_level)
    app = create_app(settings)
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
