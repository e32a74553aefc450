"""The service-user pages' handlers: read the form, call one action, render.

Every handler takes plain form posts (no JavaScript needed) and answers a
page; nothing here touches the database or keeps anything about the person.
Successful posts answer 303 to a one-time page (see ``handoff``), so the
browser's history never holds a form that can be sent again.

Posts are URL-encoded forms and nothing else (``only_forms``), and a form whose
bytes are not UTF-8 is shown again with a plain error rather than stored
damaged. The two forms that carry text take up to ``FORM_MAX_BODY_BYTES``, so
10,000 characters fit in any script.
"""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.exceptions import ClientException
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_415_UNSUPPORTED_MEDIA_TYPE

from feedback.actions.submission import add_submitter_message, follow_up, submit_feedback
from feedback.api.public import runtime_of
from feedback.errors import FeedbackError, Overloaded, ReceiptMistyped, TooManyAttempts
from feedback.web.forms import (
    FORM_MAX_BODY_BYTES,
    UNREADABLE,
    FeedbackForm,
    FieldError,
    FollowUpForm,
    ReplyForm,
    check_text,
    readable,
    ticked,
    to_submission,
)
from feedback.web.rendering import PublicPages, ReceiptHandoff, ReplyHandoff, Where
from feedback.web.wording import error_message

AnyRequest = Request[object, object, State]
# Where ``request.state`` keeps a posted page's ``Where`` (see ``posted_where``).
WHERE_KEY = "public_where"
# The pages' long-lived parts, injected by name (see ``build_router``).
Pages = NamedDependency[PublicPages]


def _where(request: AnyRequest, pages: PublicPages, explicit: str | None, kiosk: bool) -> Where:
    lang = pages.language(explicit, request.headers.get("accept-language"))
    # Language links are GETs: from a posted page they lead to the page that starts it.
    path = request.url.path
    if request.method == "POST":
        path = "/followup" if path.startswith("/followup") else "/"
    return Where(lang=lang, kiosk=kiosk, path=path)


def query_where(request: AnyRequest, pages: PublicPages, *, kiosk: bool = False) -> Where:
    """Where a page is, from ``?lang``, ``?kiosk`` and the browser's language.

    Forms post to an address that carries ``?lang`` too, so a post refused
    before its fields are read (too large, say) still gets a page in the
    language the person chose.
    """
    query = request.query_params
    return _where(request, pages, query.get("lang"), kiosk or ticked(query.get("kiosk", "")))


def posted_where(request: AnyRequest, pages: PublicPages, lang: str, kiosk: str) -> Where:
    """Where a posted page is: the form's hidden fields, else the address's ``?lang``.

    Kept on the request too (``WHERE_KEY``), so that if something fails after
    this point the error page (``error_pages``) is in the same language.
    """
    query = request.query_params
    explicit = lang or query.get("lang")
    where = _where(request, pages, explicit, ticked(kiosk) or ticked(query.get("kiosk", "")))
    request.state[WHERE_KEY] = where
    return where


async def only_forms(request: AnyRequest) -> None:
    """``before_request`` for posts: refuse anything but a URL-encoded form.

    The pages only ever send that; other encodings (multipart above all) would
    reach parsers whose failures are not the person's to fix.
    """
    content_type, _ = request.content_type
    if content_type and content_type != RequestEncodingType.URL_ENCODED:
        raise ClientException(status_code=HTTP_415_UNSUPPORTED_MEDIA_TYPE)


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
        return self._form_page(pages, state, query_where(request, pages))

    @get("/kiosk")
    async def kiosk(self, request: AnyRequest, pages: Pages, state: State) -> Template:
        """The start page on a shared ward tablet: it clears itself when left idle."""
        return self._form_page(pages, state, query_where(request, pages, kiosk=True))

    @post(
        "/",
        status_code=303,
        before_request=only_forms,
        request_max_body_size=FORM_MAX_BODY_BYTES,
    )
    async def send(
        self,
        request: AnyRequest,
        pages: Pages,
        state: State,
        data: URLEncodedBody[FeedbackForm],
    ) -> Redirect | Template:
        """Store the feedback, then send the browser to the one-time receipt page."""
        where = posted_where(request, pages, data.lang, data.kiosk)
        if not readable(await request.body()):
            unreadable = [FieldError("text", UNREADABLE)]
            return self._form_page(pages, state, where, form=data, errors=unreadable)
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
            where = query_where(request, pages)
            return pages.render("public/gone.html", where, status_code=410)
        where = Where(lang=shown.lang, kiosk=shown.kiosk, path="/")
        # No language links here: following one would ask for this page again, and
        # the receipt has already been handed over.
        return pages.render("public/thanks.html", where, switch_language=False, shown=shown)

    @get("/followup")
    async def followup_start(self, request: AnyRequest, pages: Pages) -> Template:
        """Where a person types their receipt code."""
        return pages.render("public/followup.html", query_where(request, pages))

    @post("/followup", status_code=200, before_request=only_forms)
    async def followup_view(
        self,
        request: AnyRequest,
        pages: Pages,
        state: State,
        data: URLEncodedBody[FollowUpForm],
    ) -> Template:
        """Status and conversation for a code typed into the page (never in the URL)."""
        where = posted_where(request, pages, data.lang, data.kiosk)
        if not readable(await request.body()):
            return self._unreadable_code(pages, where, data.code)
        try:
            view = await follow_up(runtime_of(state), data.code)
        except FeedbackError as exc:
            return self._code_error(pages, where, data.code, exc)
        return pages.render("public/conversation.html", where, view=view, code=data.code)

    @post(
        "/followup/reply",
        status_code=303,
        before_request=only_forms,
        request_max_body_size=FORM_MAX_BODY_BYTES,
    )
    async def reply(
        self,
        request: AnyRequest,
        pages: Pages,
        state: State,
        data: URLEncodedBody[ReplyForm],
    ) -> Redirect | Template:
        """Add the person's reply, then show the conversation once without the code."""
        where = posted_where(request, pages, data.lang, data.kiosk)
        if not readable(await request.body()):
            # The code may be damaged too, so ask for it again rather than look it up.
            return self._unreadable_code(pages, where, data.code)
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
            return pages.render("public/gone.html", query_where(request, pages), status_code=410)
        where = Where(lang=sent.lang, kiosk=sent.kiosk, path="/followup")
        return pages.render(
            "public/conversation.html", where, switch_language=False, view=sent.view, sent=True
        )

    @get("/help")
    async def help_page(self, request: AnyRequest, pages: Pages) -> Template:
        """Every place to get help now, with phone links."""
        return pages.render("public/help.html", query_where(request, pages))

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

    def _unreadable_code(self, pages: PublicPages, where: Where, code: str) -> Template:
        _ = pages.catalogues.gettext(where.lang)
        return pages.render(
            "public/followup.html",
            where,
            status_code=400,
            code=code,
            errors={"code": _(UNREADABLE)},
            error_kind="unreadable",
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
