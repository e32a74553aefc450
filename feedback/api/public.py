"""The anonymous JSON API: submit, follow up, reply.

Handlers are thin: translate the request Struct, call one action, translate the
result. They never read the client address or headers. Bodies are read with
msgspec's strict rules (see ``strict_json``), so ``"wants_reply": "true"`` is an
error rather than a guess.
"""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.params import JSONBody

from feedback import __version__
from feedback.actions.submission import (
    FollowUp,
    Submission,
    add_submitter_message,
    follow_up,
    submit_feedback,
)
from feedback.api.schemas import (
    ConversationEntryResponse,
    FollowUpRequest,
    FollowUpResponse,
    HealthResponse,
    MessageRequest,
    SubmissionRequest,
    SubmissionResponse,
)
from feedback.api.strict_json import strict_json
from feedback.runtime import Runtime
from feedback.web.forms import FORM_MAX_BODY_BYTES

# The routes that carry a text take 10,000 characters of any script: JSON
# written with ASCII escapes spends 12 bytes on an emoji ("\ud83d\ude00").
TEXT_BODY_BYTES = FORM_MAX_BODY_BYTES


def runtime_of(state: State) -> Runtime:
    """The service's runtime, opened at start-up by the app factory."""
    runtime: Runtime = state.runtime
    return runtime


def _follow_up_response(view: FollowUp) -> FollowUpResponse:
    return FollowUpResponse(
        reference=view.reference,
        status=view.status,
        received=view.received,
        feedback=view.feedback,
        conversation=[
            ConversationEntryResponse(author=entry.author, text=entry.text, date=entry.date)
            for entry in view.conversation
        ],
    )


class PublicApiController(Controller):
    """``/api/v1``: what the ward kiosk, the phone page and advocates use."""

    path = "/api/v1"
    tags = ["Service users"]

    @post(
        "/feedback",
        status_code=201,
        summary="Send feedback anonymously",
        before_request=strict_json(SubmissionRequest),
        request_max_body_size=TEXT_BODY_BYTES,
    )
    async def submit(self, data: JSONBody[SubmissionRequest], state: State) -> SubmissionResponse:
        """Store feedback; the receipt (if a reply is wanted) is in this response only."""
        result = await submit_feedback(
            runtime_of(state),
            Submission(
                text=data.text,
                service=data.service,
                kind=data.kind,
                wants_reply=data.wants_reply,
                on_behalf=data.on_behalf,
                quote_consent=data.quote_consent,
            ),
        )
        return SubmissionResponse(
            reference=result.reference,
            received=result.received,
            receipt=result.receipt.display if result.receipt else None,
            help_first=result.urgent,
        )

    @post(
        "/followup",
        status_code=200,
        summary="See what happened, using a receipt code",
        before_request=strict_json(FollowUpRequest),
    )
    async def follow_up(self, data: JSONBody[FollowUpRequest], state: State) -> FollowUpResponse:
        """Status, staff responses and your own messages."""
        return _follow_up_response(await follow_up(runtime_of(state), data.receipt))

    @post(
        "/followup/messages",
        status_code=201,
        summary="Reply, using a receipt code",
        before_request=strict_json(MessageRequest),
        request_max_body_size=TEXT_BODY_BYTES,
    )
    async def add_message(self, data: JSONBody[MessageRequest], state: State) -> FollowUpResponse:
        """Add a message to the conversation; returns the updated follow-up."""
        view = await add_submitter_message(runtime_of(state), data.receipt, data.text)
        return _follow_up_response(view)


@get("/healthz", summary="Is the service up", tags=["Operations"])
async def healthz(state: State) -> HealthResponse:
    """Answers 200 while the service can take requests."""
    runtime = runtime_of(state)
    return HealthResponse(
        status="ok", version=__version__, model_version=runtime.classifier.model_version
    )
