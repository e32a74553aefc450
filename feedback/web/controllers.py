"""The service-user pages' handlers: read the form, call one action, render.

Every handler takes plain form posts (no JavaScript needed) and answers a
page; nothing here touches the database or keeps anything about the person.
Successful posts answer 303 to a one-time page (see ``handoff``), so the
browser's history never holds a form that can be sent again.
"""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from feedback.actions.submission import add_submitter_message, follow_up, submit_feedback
from feedback.api.public import runtime_of
from feedback.errors import FeedbackError, Overloaded, ReceiptMistyped, TooManyAttempts
from feedback.web.forms import (
    FeedbackForm,
    FieldError,
    FollowUpForm,
    ReplyForm,
    check_text,
    ticked,
    to_submission,
)
from feedback.web.rendering import PublicPages, ReceiptHandoff, ReplyHandoff, Where
from feedback.web.wording import error_message

AnyRequest = Request[object, object, State]
# The pages' long-lived parts, injected by name (see ``build_router``).
Pages = NamedDependency[PublicPages]


def _where(request: AnyRequest, pages: PublicPages, explicit: str | None, kiosk: bool) -> Where:
    lang = pages.language(explicit, request.headers.get("accept-language"))
    # Language links are GETs: from a posted page they lead to the page that starts it.
    path = request.url.path
    if request.method == "POST":
        path = "/followup" if path.startswith("/followup") else "/"
    return Where(lang=lang, kiosk=kiosk, path=path)


def _query_where(request: AnyRequest, pages: PublicPages, *, kiosk: bool = False) -> Where:
    query = request.query_params
    return _where(request, pages, query.get("lang"), kiosk or ticked(query.get("kiosk", "")))


def _retry_after(exc: FeedbackError) -> dict[str, str] | None:
    if isinstance(exc, TooManyAttempts | Overloaded):
        return {"Retry-After": str(exc.retry_after_seconds)}
    return None


class PublicPagesController(Controller):
    """``/``, ``/kiosk``, ``/thanks``, ``/followup`` and ``/help``."""

    path = "/"
    include_in_schema = False

    @get("/")
    async def start(self, request: AnyRequest, pages: Pages, state: State) -> Template:
        """The start page: what this is, what anonymous means, and the form."""
        return self._form_page(pages, state, _query_where(request, pages))

    @get("/kiosk")
    async def kiosk(self, request: AnyRequest, pages: Pages, state: State) -> Template:
        """The start page on a shared ward tablet: it clears itself when left idle."""
        return self._form_page(pages, state, _query_where(request, pages, kiosk=True))

    @post("/", status_code=303)
    async def send(
        self,
        request: AnyRequest,
        pages: Pages,
        state: State,
        data: URLEncodedBody[FeedbackForm],
    ) -> Redirect | Template:
        """Store the feedback, then send the browser to the one-time receipt page."""
        where = _where(request, pages, data.lang, ticked(data.kiosk))
        runtime = runtime_of(state)
        checked = to_submission(data, runtime.catalogue)
        if isinstance(checked, list):
            return self._form_page(pages, state, where, form=data, errors=checked)
        try:
            result = await submit_feedback(runtime, checked)
        except FeedbackError as exc:
            field = "service" if exc.code == "unknown_service" else "text"
            message = error_message(exc, where.lang, pages.catalogues)
            return self._form_page(
                pages,
                state,
                where,
                form=data,
                errors=[FieldError(field, message)],
                status_code=exc.status_code,
                headers=_retry_after(exc),
            )
        token = pages.receipts.put(
            ReceiptHandoff(
                reference=result.reference,
                receipt=result.receipt.display if result.receipt else None,
                urgent=result.urgent,
                lang=where.lang,
                kiosk=where.kiosk,
            )
        )
        return Redirect(path=where.link(f"/thanks/{token}"), status_code=303)

    @get("/thanks/{token:str}")
    async def thanks(self, request: AnyRequest, pages: Pages, token: FromPath[str]) -> Template:
        """The receipt, shown once; help comes first when the feedback tells of danger."""
        shown = pages.receipts.take(token)
        if shown is None:
            where = _query_where(request, pages)
            return pages.render("public/gone.html", where, status_code=410)
        where = Where(lang=shown.lang, kiosk=shown.kiosk, path="/")
        # No language links here: following one would ask for this page again, and
        # the receipt has already been handed over.
        return pages.render("public/thanks.html", where, switch_language=False, shown=shown)

    @get("/followup")
    async def followup_start(self, request: AnyRequest, pages: Pages) -> Template:
        """Where a person types their receipt code."""
        return pages.render("public/followup.html", _query_where(request, pages))

    @post("/followup", status_code=200)
    async def followup_view(
        self,
        request: AnyRequest,
        pages: Pages,
        state: State,
        data: URLEncodedBody[FollowUpForm],
    ) -> Template:
        """Status and conversation for a code typed into the page (never in the URL)."""
        where = _where(request, pages, data.lang, ticked(data.kiosk))
        try:
            view = await follow_up(runtime_of(state), data.code)
        except FeedbackError as exc:
            return self._code_error(pages, where, data.code, exc)
        return pages.render("public/conversation.html", where, view=view, code=data.code)

    @post("/followup/reply", status_code=303)
    async def reply(
        self,
        request: AnyRequest,
        pages: Pages,
        state: State,
        data: URLEncodedBody[ReplyForm],
    ) -> Redirect | Template:
        """Add the person's reply, then show the conversation once without the code."""
        where = _where(request, pages, data.lang, ticked(data.kiosk))
        runtime = runtime_of(state)
        problems = check_text(data.text)
        if problems:
            try:
                view = await follow_up(runtime, data.code)
            except FeedbackError as exc:
                return self._code_error(pages, where, data.code, exc)
            return pages.render(
                "public/conversation.html",
                where,
                status_code=400,
                view=view,
                code=data.code,
                reply=data.text,
                errors=_translated(pages, where, problems),
            )
        try:
            view = await add_submitter_message(runtime, data.code, data.text)
        except FeedbackError as exc:
            return self._code_error(pages, where, data.code, exc)
        token = pages.replies.put(ReplyHandoff(view=view, lang=where.lang, kiosk=where.kiosk))
        return Redirect(path=where.link(f"/followup/sent/{token}"), status_code=303)

    @get("/followup/sent/{token:str}")
    async def reply_sent(self, request: AnyRequest, pages: Pages, token: FromPath[str]) -> Template:
        """The conversation after a reply, once; a second visit asks for the code again."""
        sent = pages.replies.take(token)
        if sent is None:
            return pages.render("public/gone.html", _query_where(request, pages), status_code=410)
        where = Where(lang=sent.lang, kiosk=sent.kiosk, path="/followup")
        return pages.render(
            "public/conversation.html", where, switch_language=False, view=sent.view, sent=True
        )

    @get("/help")
    async def help_page(self, request: AnyRequest, pages: Pages) -> Template:
        """Every place to get help now, with phone links."""
        return pages.render("public/help.html", _query_where(request, pages))

    def _form_page(
        self,
        pages: PublicPages,
        state: State,
        where: Where,
        *,
        form: FeedbackForm | None = None,
        errors: list[FieldError] | None = None,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
    ) -> Template:
        return pages.render(
            "public/form.html",
            where,
            status_code=400 if errors and status_code == 200 else status_code,
            headers=headers,
            form=form or FeedbackForm(),
            errors=_translated(pages, where, errors or []),
            service_groups=pages.service_groups(runtime_of(state).catalogue),
        )

    def _code_error(
        self, pages: PublicPages, where: Where, code: str, exc: FeedbackError
    ) -> Template:
        message = error_message(exc, where.lang, pages.catalogues)
        kind = "mistyped" if isinstance(exc, ReceiptMistyped) else exc.code
        return pages.render(
            "public/followup.html",
            where,
            status_code=exc.status_code,
            headers=_retry_after(exc),
            code=code,
            errors={"code": message},
            error_kind=kind,
        )


def _translated(pages: PublicPages, where: Where, errors: list[FieldError]) -> dict[str, str]:
    _ = pages.catalogues.gettext(where.lang)
    # Messages from the form checks are English ids; ones from error_message are
    # already translated, and translating them again leaves them as they are.
    return {error.field: _(error.message) for error in errors}
