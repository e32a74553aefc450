"""What an anonymous service user can do: submit, follow up, reply.

Nothing here sees or stores who the person is. Times are rounded before they
are stored; the receipt code leaves this module only inside the result of
:func:`submit_feedback`, to be shown once.
"""

from __future__ import annotations

import secrets
from datetime import date

import msgspec

from feedback import audit, text_input
from feedback.clock import round_down
from feedback.errors import InvalidInput, ReceiptMistyped, ReceiptNotFound, UnknownService
from feedback.models import PUBLIC_STATUS, Author, Kind, NewItem, PublicStatus, Status
from feedback.receipts import ALPHABET, ReceiptCode, ReceiptFormatError, new_receipt, parse_receipt
from feedback.runtime import Runtime

MAX_TEXT_LENGTH = 10_000
REOPENING_STATUSES = frozenset({Status.RESPONDED, Status.CLOSED})
NOT_FOUND_MESSAGE = (
    "We could not find feedback with this code. Please check the code against your note "
    "and try again."
)


class Submission(msgspec.Struct, frozen=True, kw_only=True):
    """What a service user (or an advocate typing in a paper form) sends."""

    text: str
    service: str | None = None
    kind: Kind | None = None
    wants_reply: bool = False
    on_behalf: bool = False
    quote_consent: bool = False


class SubmissionResult(msgspec.Struct, frozen=True, kw_only=True):
    """What the submitter is told once: the reference, and the receipt if they asked."""

    reference: str
    receipt: ReceiptCode | None
    received: date
    urgent: bool


class ConversationEntry(msgspec.Struct, frozen=True):
    """One message as the submitter sees it, dated only to the day."""

    author: str
    text: str
    date: date


class FollowUp(msgspec.Struct, frozen=True, kw_only=True):
    """What a receipt holder sees."""

    reference: str
    status: PublicStatus
    received: date
    feedback: str
    conversation: tuple[ConversationEntry, ...]


def clean_text(text: str, *, field: str = "text") -> str:
    """Normalise ``text`` (:mod:`feedback.text_input`); refuse it when blank or too long."""
    cleaned = text_input.normalise(text)
    if text_input.looks_empty(cleaned):
        raise InvalidInput(f"'{field}' is empty. Please write something before sending.")
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise InvalidInput(
            f"'{field}' is {len(cleaned)} characters long; the most we can take is "
            f"{MAX_TEXT_LENGTH}. Please shorten it or send it in two parts."
        )
    return cleaned


def new_reference() -> str:
    """A short public reference such as ``K7M-2QX``: names an item, unlocks nothing."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


async def submit_feedback(runtime: Runtime, submission: Submission) -> SubmissionResult:
    """Validate, classify and store one piece of feedback; issue a receipt if wanted."""
    text = clean_text(submission.text)
    if submission.service is not None and submission.service not in runtime.catalogue:
        raise UnknownService(
            f"'{submission.service}' is not one of this trust's services. "
            "Leave the service out, or choose one from the list."
        )
    classification = runtime.classifier.classify(text)
    received_at = round_down(runtime.clock(), runtime.settings.timestamp_rounding)
    while True:
        receipt = new_receipt() if submission.wants_reply else None
        # Hash before taking the write lock: argon2 is slow and writes are serialised.
        receipt_hash = await runtime.hasher.hash(receipt.secret) if receipt else None
        async with runtime.store.write() as tx:
            if receipt and await tx.lookup_id_taken(receipt.lookup_id):
                continue  # about one in a billion: draw another code
            reference = new_reference()
            while await tx.reference_taken(reference):
                reference = new_reference()
            item_id = await tx.insert_item(
                NewItem(
                    reference=reference,
                    lookup_id=receipt.lookup_id if receipt else None,
                    receipt_hash=receipt_hash,
                    text=text,
                    service_id=submission.service,
                    kind=submission.kind,
                    wants_reply=submission.wants_reply,
                    on_behalf=submission.on_behalf,
                    quote_consent=submission.quote_consent,
                    received_at=received_at,
                    urgent=classification.urgent,
                    priority=classification.priority,
                    model_version=classification.model_version,
                    predictions=classification.predicted_labels(),
                    urgent_evidence=classification.urgent_evidence,
                )
            )
            await audit.record(
                tx,
                at=received_at,
                action="item.submitted",
                actor=audit.ANONYMOUS_ACTOR,
                item_id=item_id,
                detail={
                    "labels": list(classification.labels),
                    "urgent": classification.urgent,
                    "model_version": classification.model_version,
                    "on_behalf": submission.on_behalf,
                },
            )
        return SubmissionResult(
            reference=reference,
            receipt=receipt,
            received=received_at.date(),
            urgent=classification.urgent,
        )


async def check_receipt(runtime: Runtime, receipt_text: str) -> int:
    """Return the item id this receipt unlocks, or raise a plain-language error.

    A mistyped code is caught by its check characters without touching the
    database. Otherwise one argon2id verification runs whether or not the
    lookup id exists, so timing does not reveal which codes are real.
    """
    try:
        code = parse_receipt(receipt_text)
    except ReceiptFormatError as exc:
        raise ReceiptMistyped(exc.message) from None
    runtime.throttle.check(code.lookup_id)
    async with runtime.store.read() as tx:
        record = await tx.receipt_record(code.lookup_id)
    matched = await runtime.hasher.verify(record.receipt_hash if record else None, code.secret)
    if not matched or record is None:
        runtime.throttle.record_failure(code.lookup_id)
        raise ReceiptNotFound(NOT_FOUND_MESSAGE)
    runtime.throttle.record_success(code.lookup_id)
    return record.item_id


async def follow_up(runtime: Runtime, receipt_text: str) -> FollowUp:
    """What happened to the feedback this receipt belongs to."""
    item_id = await check_receipt(runtime, receipt_text)
    return await _follow_up_view(runtime, item_id)


async def add_submitter_message(runtime: Runtime, receipt_text: str, text: str) -> FollowUp:
    """Add the submitter's reply to the conversation, reopening a finished item."""
    cleaned = clean_text(text)
    item_id = await check_receipt(runtime, receipt_text)
    at = round_down(runtime.clock(), runtime.settings.timestamp_rounding)
    async with runtime.store.write() as tx:
        item = await tx.item(item_id)
        if item is None:  # removed between the check and now
            raise ReceiptNotFound(NOT_FOUND_MESSAGE)
        await tx.insert_message(
            item_id=item_id, author=Author.SUBMITTER, staff_id=None, text=cleaned, at=at
        )
        await audit.record(
            tx, at=at, action="message.from_submitter", actor=audit.ANONYMOUS_ACTOR, item_id=item_id
        )
        if item.status in REOPENING_STATUSES:
            await tx.set_status(item_id, Status.REOPENED)
            await audit.record(
                tx,
                at=at,
                action="item.reopened",
                actor=audit.ANONYMOUS_ACTOR,
                item_id=item_id,
                detail={"from": item.status.value, "reason": "submitter replied"},
            )
    return await _follow_up_view(runtime, item_id)


async def _follow_up_view(runtime: Runtime, item_id: int) -> FollowUp:
    async with runtime.store.read() as tx:
        item = await tx.item(item_id)
        messages = await tx.messages(item_id)
    if item is None:
        raise ReceiptNotFound(NOT_FOUND_MESSAGE)
    return FollowUp(
        reference=item.reference,
        status=PUBLIC_STATUS[item.status],
        received=item.received_at.date(),
        feedback=item.text,
        conversation=tuple(
            ConversationEntry(
                author="you" if message.author is Author.SUBMITTER else "staff",
                text=message.text,
                date=message.created_at.date(),
            )
            for message in messages
        ),
    )
