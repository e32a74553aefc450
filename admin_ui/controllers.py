"""The staff pages' routes: thin handlers that call reads and actions, then render.

No handler writes to storage. A change is a POST handled by one named action,
answered with a redirect back to the page (POST, redirect, GET), which works
without JavaScript; HTMX follows the redirect and swaps the page's main part
in place. Every route is guarded (:func:`admin_ui.sessions.staff_guard`),
and the permission each needs is in its ``opt``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Stream, Template

from admin_ui.forms import (
    AssigneeForm,
    AssigneeQuery,
    EscalationForm,
    IdQuery,
    LabelForm,
    NewAccountForm,
    OutcomeForm,
    OverdueQuery,
    PasswordChangeForm,
    ResetPasswordForm,
    SignInForm,
    StatusForm,
    SuggestionForm,
    TextForm,
    UrgencyForm,
    empty_as_none,
    is_true_choice,
)
from admin_ui.highlight import evidence_pieces
from admin_ui.rendering import STATUS_ACTION_NAMES, back_to, render
from admin_ui.resubmission import SingleUseForms
from admin_ui.sessions import runtime_of, start_session
from feedback.actions import staff as staff_actions
from feedback.actions import triage
from feedback.casework import (
    AGENCY_NAMES,
    TAXONOMY_LABELS,
    Agency,
    LabelDecision,
    Outcome,
    QueueKey,
    StaffMember,
)
from feedback.catalogue import ServiceCatalogue
from feedback.deadlines import WorkingCalendar
from feedback.errors import FeedbackError, InvalidInput, TooManyAttempts
from feedback.exports import open_confirmed_labels_jsonl, open_queue_csv
from feedback.flag_review import MIN_DECIDED, flag_review
from feedback.login_throttle import LoginThrottle
from feedback.models import Role, Status
from feedback.permissions import Permission, allows
from feedback.queue import QueueRequest, audit_page, case_file, queue_page, staff_directory

Actor = NamedDependency[StaffMember]
Calendar = NamedDependency[WorkingCalendar]
Throttle = NamedDependency[LoginThrottle]
Forms = NamedDependency[SingleUseForms]
SIGNED_OUT_REASONS = {
    "idle": "You were signed out after a period without activity.",
    "ended": "Your session has ended. Please sign in again.",
    "out": "You have signed out.",
}


def _safe_next(target: str) -> str:
    # Only our own pages: never an absolute or protocol-relative address.
    if target.startswith("/staff/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/staff/"


def _item_path(item_id: int) -> str:
    return f"/staff/items/{item_id}"


ALREADY_SENT = "This form was already sent, so nothing was added again."


class SignInController(Controller):
    """Sign in and out: the only staff pages an anonymous visitor may open."""

    path = "/"

    @get("/login", opt={"public": True}, name="staff-login")
    async def login_form(
        self, request: Request[Any, Any, Any], reason: FromQuery[str] = ""
    ) -> Template | Redirect:
        """The sign-in form (or straight on, for someone already signed in)."""
        session = request.scope.get("session")
        if isinstance(session, dict) and "staff_id" in session:
            return Redirect(path="/staff/", status_code=303)
        return render(request, "staff/login.html", notice=SIGNED_OUT_REASONS.get(reason))

    @post("/login", opt={"public": True})
    async def login(
        self,
        request: Request[Any, Any, Any],
        throttle: Throttle,
        data: URLEncodedBody[SignInForm],
    ) -> Template | Redirect:
        """Check the password (throttled), start a fresh session, go on to ``next``."""
        runtime = runtime_of(request)
        try:
            member = await staff_actions.sign_in(runtime, throttle, data.username, data.password)
        except FeedbackError as exc:
            page = render(
                request,
                "staff/login.html",
                status_code=exc.status_code,
                error=exc.message,
                username=data.username,
            )
            if isinstance(exc, TooManyAttempts):
                page.headers["Retry-After"] = str(exc.retry_after_seconds)
            return page
        start_session(request, member, runtime.clock().timestamp())
        return Redirect(path=_safe_next(data.next), status_code=303)

    @post("/logout")
    async def logout(self, request: Request[Any, Any, Any], actor: Actor) -> Redirect:
        """End the session (the server forgets it) and record the sign-out."""
        await staff_actions.sign_out(runtime_of(request), actor)
        request.clear_session()
        return Redirect(path="/staff/login?reason=out", status_code=303)


class QueueController(Controller):
    """The triage queue, exports, the audit log and one's own password."""

    path = "/"

    @get("/")
    async def home(self, actor: Actor) -> Redirect:
        """Each role's starting page."""
        if allows(actor.role, Permission.VIEW_ITEMS):
            return Redirect(path="/staff/queue", status_code=303)
        return Redirect(path="/staff/accounts", status_code=303)

    @get("/queue", opt={"permission": Permission.VIEW_ITEMS})
    async def queue(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        calendar: Calendar,
        status: FromQuery[str | None] = None,
        label: FromQuery[str | None] = None,
        service: FromQuery[str | None] = None,
        assignee: FromQuery[AssigneeQuery] = None,
        overdue: FromQuery[OverdueQuery] = None,
        after: FromQuery[str | None] = None,
    ) -> Template:
        """Urgent and high-severity first, oldest first; filters, counts, next page."""
        runtime = runtime_of(request)
        filters = _queue_request(runtime.catalogue, status, label, service, assignee, overdue)
        cursor = QueueKey.decode(after) if after else None
        if after and cursor is None:
            raise InvalidInput("That page link is damaged. Go back to the first page of the queue.")
        page = await queue_page(runtime, actor, calendar, filters, after=cursor)
        return render(
            request,
            "staff/queue.html",
            actor=actor,
            page=page,
            filters=filters,
            chosen={
                "status": filters.status.value if filters.status else "",
                "label": label or "",
                "service": service or "",
                "assignee": str(assignee or ""),
                "overdue": filters.overdue,
            },
            query=request.url.query or "",
            statuses=list(Status),
            labels=TAXONOMY_LABELS,
            services=runtime.catalogue.services,
            staff=await staff_directory(runtime, actor),
            catalogue=runtime.catalogue,
            now=runtime.clock(),
        )

    @get("/exports/queue.csv", opt={"permission": Permission.EXPORT})
    async def export_queue(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        calendar: Calendar,
        status: FromQuery[str | None] = None,
        label: FromQuery[str | None] = None,
        service: FromQuery[str | None] = None,
        assignee: FromQuery[AssigneeQuery] = None,
        overdue: FromQuery[OverdueQuery] = None,
    ) -> Stream:
        """The filtered queue as CSV.

        Filters are checked, the first page read and the export recorded before
        the answer starts: an error after that could only cut the file short.
        """
        runtime = runtime_of(request)
        filters = _queue_request(runtime.catalogue, status, label, service, assignee, overdue)
        lines = await open_queue_csv(runtime, actor, calendar, filters)
        return Stream(
            lines,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="queue.csv"'},
        )

    @get("/exports/labels.jsonl", opt={"permission": Permission.EXPORT})
    async def export_labels(self, request: Request[Any, Any, Any], actor: Actor) -> Stream:
        """Confirmed labels as JSON lines, for ``python -m classifiers train --extra``."""
        lines: AsyncIterator[bytes] = await open_confirmed_labels_jsonl(runtime_of(request), actor)
        return Stream(
            lines,
            media_type="application/x-ndjson",
            headers={"Content-Disposition": 'attachment; filename="confirmed-labels.jsonl"'},
        )

    @get("/flags", opt={"permission": Permission.VIEW_ITEMS})
    async def flags(self, request: Request[Any, Any, Any], actor: Actor) -> Template:
        """How each classifier version's flags fared with the leads who decided them."""
        versions = await flag_review(runtime_of(request), actor)
        return render(
            request, "staff/flags.html", actor=actor, versions=versions, min_decided=MIN_DECIDED
        )

    @get("/audit", opt={"permission": Permission.VIEW_AUDIT})
    async def audit(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item: FromQuery[IdQuery] = None,
        before: FromQuery[IdQuery] = None,
    ) -> Template:
        """The audit log, newest first, optionally for one item."""
        events = await audit_page(runtime_of(request), actor, item_id=item, before_id=before)
        return render(request, "staff/audit.html", actor=actor, events=events, item=item)

    @get("/password")
    async def password_form(self, request: Request[Any, Any, Any], actor: Actor) -> Template:
        """Change one's own password."""
        return render(request, "staff/password.html", actor=actor)

    @post("/password")
    async def change_password(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        data: URLEncodedBody[PasswordChangeForm],
    ) -> Redirect:
        """Every other session of this account ends; this one carries on."""
        if data.new != data.repeat:
            raise InvalidInput("The two new passwords differ. Nothing was changed.")
        runtime = runtime_of(request)
        member = await staff_actions.change_password(
            runtime, actor, current=data.current, new=data.new
        )
        start_session(request, member, runtime.clock().timestamp() + 1)
        return back_to("/staff/password", "Your password has been changed.", request)


def _queue_request(
    catalogue: ServiceCatalogue,
    status: str | None,
    label: str | None,
    service: str | None,
    assignee: str | None,
    overdue: OverdueQuery,
) -> QueueRequest:
    # The assignee and overdue values were checked against their types already;
    # a filter naming something that does not exist is refused, not ignored,
    # so nobody reads an unfiltered queue believing it filtered.
    if label and label not in TAXONOMY_LABELS:
        raise InvalidInput(f"'{label}' is not a label of the rights taxonomy.")
    if service and service not in catalogue:
        raise InvalidInput(f"'{service}' is not one of the services on the list.")
    if status and status not in {s.value for s in Status}:
        raise InvalidInput("Choose a status from the list.")
    return QueueRequest(
        status=Status(status) if status else None,
        label=empty_as_none(label),
        service_id=empty_as_none(service),
        assignee_id=int(assignee) if assignee and assignee.isdigit() else None,
        unassigned=assignee == "none",
        overdue=is_true_choice(overdue),
    )


class ItemController(Controller):
    """One item: read it, and every change a lead or reviewer makes to it."""

    path = "/items/{item_id:int}"

    @get("/", opt={"permission": Permission.VIEW_ITEMS})
    async def show(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        calendar: Calendar,
        item_id: FromPath[int],
    ) -> Template:
        """The text with evidence marked, flags, status, conversation, notes, escalations."""
        runtime = runtime_of(request)
        file = await case_file(runtime, actor, calendar, item_id)
        flagged = {p.label for p in file.predictions if p.flagged}
        can_close = allows(actor.role, Permission.CLOSE)
        can_triage = allows(actor.role, Permission.TRIAGE)
        transitions = [
            (status, STATUS_ACTION_NAMES[status])
            for status in triage.TRANSITIONS[file.item.status]
            if (can_close if status in {Status.CLOSED, Status.REOPENED} else can_triage)
        ]
        return render(
            request,
            "staff/item.html",
            actor=actor,
            file=file,
            pieces=evidence_pieces(file.item.text, file.predictions, file.item.urgent_evidence),
            decisions={d.label: d for d in file.decisions},
            addable=[lab for lab in TAXONOMY_LABELS if lab not in flagged],
            labels=TAXONOMY_LABELS,
            transitions=sorted(transitions, key=lambda pair: list(Status).index(pair[0])),
            assignable=[m for m in file.staff if allows(m.role, Permission.VIEW_ITEMS)],
            agencies=[(agency, AGENCY_NAMES[agency]) for agency in Agency],
            outcomes=list(Outcome),
            service_name=runtime.catalogue.name_of(file.item.service_id),
            today=runtime.clock().date().isoformat(),
        )

    @post("/status", opt={"permission": Permission.TRIAGE})
    async def change_status(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item_id: FromPath[int],
        data: URLEncodedBody[StatusForm],
    ) -> Redirect:
        """Acknowledge, investigate, close or reopen."""
        item = await triage.change_status(runtime_of(request), actor, item_id, data.status)
        return back_to(_item_path(item_id), f"Status is now {item.status.value}.", request)

    @post("/labels", opt={"permission": Permission.DECIDE_LABELS})
    async def decide_label(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item_id: FromPath[int],
        data: URLEncodedBody[LabelForm],
    ) -> Redirect:
        """Confirm or reject a flag, or add a label the classifier missed."""
        await triage.decide_label(runtime_of(request), actor, item_id, data.label, data.decision)
        verb = {
            LabelDecision.CONFIRMED: "confirmed",
            LabelDecision.REJECTED: "rejected",
            LabelDecision.ADDED: "added",
        }[data.decision]
        return back_to(_item_path(item_id), f"Label {data.label} {verb}.", request)

    @post("/urgency", opt={"permission": Permission.DECIDE_LABELS})
    async def decide_urgency(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item_id: FromPath[int],
        data: URLEncodedBody[UrgencyForm],
    ) -> Redirect:
        """Keep or clear the classifier's urgent flag, or mark urgent an item it missed."""
        urgent = data.urgent == "yes"
        await triage.decide_urgency(runtime_of(request), actor, item_id, urgent, data.reason)
        message = "Marked urgent." if urgent else "Marked not urgent."
        return back_to(_item_path(item_id), message, request)

    @post("/suggestions", opt={"permission": Permission.SUGGEST_LABEL})
    async def suggest_label(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item_id: FromPath[int],
        forms: Forms,
        data: URLEncodedBody[SuggestionForm],
    ) -> Redirect:
        """A reviewer's suggestion, for a lead to decide."""
        if not await forms.run_once(
            data.form_id,
            lambda: triage.suggest_label(
                runtime_of(request), actor, item_id, data.label, present=data.present == "yes"
            ),
        ):
            return back_to(_item_path(item_id), ALREADY_SENT, request)
        return back_to(_item_path(item_id), "Suggestion saved for a lead to review.", request)

    @post("/notes", opt={"permission": Permission.ADD_NOTE})
    async def add_note(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item_id: FromPath[int],
        forms: Forms,
        data: URLEncodedBody[TextForm],
    ) -> Redirect:
        """An internal note (never shown to the submitter)."""
        if not await forms.run_once(
            data.form_id, lambda: triage.add_note(runtime_of(request), actor, item_id, data.text)
        ):
            return back_to(_item_path(item_id), ALREADY_SENT, request)
        return back_to(_item_path(item_id), "Note added.", request)

    @post("/responses", opt={"permission": Permission.RESPOND})
    async def respond(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item_id: FromPath[int],
        forms: Forms,
        data: URLEncodedBody[TextForm],
    ) -> Redirect:
        """Answer the submitter: they read it with their receipt."""
        if not await forms.run_once(
            data.form_id, lambda: triage.respond(runtime_of(request), actor, item_id, data.text)
        ):
            return back_to(_item_path(item_id), ALREADY_SENT, request)
        return back_to(_item_path(item_id), "Response sent to the submitter.", request)

    @post("/escalations", opt={"permission": Permission.ESCALATE})
    async def escalate(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item_id: FromPath[int],
        forms: Forms,
        data: URLEncodedBody[EscalationForm],
    ) -> Redirect:
        """Record a referral to the local authority, the police or the regulator."""
        if not await forms.run_once(
            data.form_id,
            lambda: triage.escalate(
                runtime_of(request),
                actor,
                item_id,
                agency=data.agency,
                reference=data.reference,
                escalated_on=data.escalated_on,
            ),
        ):
            return back_to(_item_path(item_id), ALREADY_SENT, request)
        return back_to(
            _item_path(item_id), f"Escalation to {AGENCY_NAMES[data.agency]} recorded.", request
        )

    @post("/assignee", opt={"permission": Permission.TRIAGE})
    async def assign(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item_id: FromPath[int],
        data: URLEncodedBody[AssigneeForm],
    ) -> Redirect:
        """Assign the item to someone, or to nobody."""
        assignee = int(data.assignee) if data.assignee else None
        await triage.assign(runtime_of(request), actor, item_id, assignee)
        return back_to(_item_path(item_id), "Assignment saved.", request)

    @post("/outcome", opt={"permission": Permission.TRIAGE})
    async def outcome(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        item_id: FromPath[int],
        data: URLEncodedBody[OutcomeForm],
    ) -> Redirect:
        """Record how a complaint ended."""
        await triage.record_outcome(runtime_of(request), actor, item_id, data.chosen)
        message = "Outcome saved." if data.chosen else "Outcome cleared."
        return back_to(_item_path(item_id), message, request)


class AccountsController(Controller):
    """Admins: staff accounts."""

    path = "/accounts"
    opt = {"permission": Permission.MANAGE_STAFF}

    @get("/")
    async def list_accounts(self, request: Request[Any, Any, Any], actor: Actor) -> Template:
        """Every account, with forms to add, disable, enable and reset."""
        members = await staff_actions.list_staff(runtime_of(request), actor=actor)
        return render(
            request, "staff/accounts.html", actor=actor, members=members, roles=list(Role)
        )

    @post("/")
    async def create(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        data: URLEncodedBody[NewAccountForm],
    ) -> Redirect:
        """Create an account with a first password to pass on."""
        member = await staff_actions.create_staff(
            runtime_of(request),
            actor=actor,
            username=data.username,
            password=data.password,
            role=data.role,
        )
        return back_to("/staff/accounts", f"Account {member.username} created.", request)

    @post("/{username:str}/disable")
    async def disable(
        self, request: Request[Any, Any, Any], actor: Actor, username: FromPath[str]
    ) -> Redirect:
        """Stop an account signing in; its sessions end at their next request."""
        await staff_actions.set_disabled(
            runtime_of(request), actor=actor, username=username, disabled=True
        )
        return back_to("/staff/accounts", f"Account {username} disabled.", request)

    @post("/{username:str}/enable")
    async def enable(
        self, request: Request[Any, Any, Any], actor: Actor, username: FromPath[str]
    ) -> Redirect:
        """Let a disabled account sign in again."""
        await staff_actions.set_disabled(
            runtime_of(request), actor=actor, username=username, disabled=False
        )
        return back_to("/staff/accounts", f"Account {username} enabled.", request)

    @post("/{username:str}/password")
    async def reset_password(
        self,
        request: Request[Any, Any, Any],
        actor: Actor,
        username: FromPath[str],
        data: URLEncodedBody[ResetPasswordForm],
    ) -> Redirect:
        """Set a new password (its owner's sessions end)."""
        await staff_actions.reset_password(
            runtime_of(request), actor=actor, username=username, password=data.password
        )
        return back_to("/staff/accounts", f"New password set for {username}.", request)
