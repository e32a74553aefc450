"""The service-user forms as msgspec Structs, and turning them into actions' inputs.

Browsers send every field as text, and leave out a checkbox that is not
ticked, so every field is a string with an empty default. ``lang`` and
``kiosk`` ride along as hidden fields: the pages keep no cookie, so a form is
the only way to carry them from one page to the next.

Checks here exist to tell a person which field to fix, in their language;
the actions check again and stay the authority.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

import msgspec

from feedback import text_input
from feedback.actions.submission import MAX_TEXT_LENGTH, Submission
from feedback.catalogue import ServiceCatalogue
from feedback.models import Kind
from feedback.web.language import mark

TICKED = frozenset({"on", "yes", "true", "1"})
# The largest form post a page takes, in bytes. Browsers send a form URL-encoded,
# so one character of text can cost 12 bytes (an emoji is 4 bytes of UTF-8,
# each sent as %XX): 10,000 characters of any script is 120,000 bytes, and the
# rest leaves room for the other fields. Other routes keep the service-wide
# limit (FEEDBACK_MAX_BODY_BYTES, 64 KiB unless set).
FORM_MAX_BODY_BYTES = 128 * 1024
UNREADABLE = mark("Some of what you sent could not be read. Please check it and send it again.")


class FieldError(msgspec.Struct, frozen=True):
    """One problem with one field: the field's name and an English message id."""

    field: str
    message: str


class FeedbackForm(msgspec.Struct, kw_only=True):
    """The start page's form."""

    text: str = ""
    service: str = ""
    kind: str = ""
    wants_reply: str = ""
    quote_consent: str = ""
    on_behalf: str = ""
    lang: str = ""
    kiosk: str = ""


class FollowUpForm(msgspec.Struct, kw_only=True):
    """The receipt code, to see what happened."""

    code: str = ""
    lang: str = ""
    kiosk: str = ""


class ReplyForm(msgspec.Struct, kw_only=True):
    """A reply from the follow-up page: the code again (a hidden field) and the text."""

    code: str = ""
    text: str = ""
    lang: str = ""
    kiosk: str = ""


def readable(body: bytes) -> bool:
    """Whether a URL-encoded form body is UTF-8 text once its ``%XX`` escapes are undone.

    Litestar reads a form with Python's defaults, which put U+FFFD in place of
    bytes that are not UTF-8, so the text would be stored already damaged.
    The pages are UTF-8 and browsers send forms in the page's encoding, so
    such bytes come from a broken client or a copied form; the person is asked
    to look and send again instead. Undoing the escapes of the whole body at
    once is enough: the ``&`` and ``=`` between fields can never continue a
    UTF-8 character.
    """
    try:
        unquote_to_bytes(body.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def ticked(value: str) -> bool:
    """Whether a checkbox was ticked (browsers send its value, ``on`` by default)."""
    return value.strip().lower() in TICKED


def check_text(text: str, field: str = "text") -> list[FieldError]:
    """Empty or too long: the two ways a text box can be wrong.

    Counted as :func:`feedback.actions.submission.clean_text` counts, after
    :func:`feedback.text_input.normalise`, so a line break is one character
    here as it is in the box's own counter.
    """
    cleaned = text_input.normalise(text)
    if text_input.looks_empty(cleaned):
        return [FieldError(field, mark("Please write something before you send it."))]
    if len(cleaned) > MAX_TEXT_LENGTH:
        return [
            FieldError(
                field, mark("This is too long. Please make it shorter, or send it in two parts.")
            )
        ]
    return []


def to_submission(form: FeedbackForm, catalogue: ServiceCatalogue) -> Submission | list[FieldError]:
    """The action's input, or the fields a person needs to fix."""
    errors = check_text(form.text)
    service = form.service.strip() or None
    if service is not None and service not in catalogue:
        errors.append(FieldError("service", mark("Please choose a place from the list.")))
    kind: Kind | None = None
    if form.kind.strip():
        try:
            kind = Kind(form.kind.strip())
        except ValueError:
            errors.append(FieldError("kind", mark("Please choose one of the options.")))
    if errors:
        return errors
    return Submission(
        text=form.text,
        service=service,
        kind=kind,
        wants_reply=ticked(form.wants_reply),
        on_behalf=ticked(form.on_behalf),
        quote_consent=ticked(form.quote_consent),
    )
