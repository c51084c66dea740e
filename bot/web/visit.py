"""One request to a back-office page: who is signed in, their role and scope, the form (its
CSRF token checked), one database transaction, and rendering. Every page is a `page(...)`;
no handler checks a session or a role by hand."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot.db.models import StaffMember, WebSession
from bot.services import form_keys, staff, web_sign_in
from bot.services.catalogue_copy import lock_catalogue
from bot.web.render import Translator

COOKIE = "talentbot_beheer"
RETURN_COOKIE = "talentbot_terug"  # the page to open after signing in (a scanned code, say)
RETURN_FOR = 30 * 60  # seconds: long enough to ask the bot or the desk for a sign-in link
NOTICE_KEY = re.compile(r"office[a-z_]*\.notice\.[a-z_]+")
ALL_ROLES = ("admin", "staff", "partner")
LIBRARY_ROLES = ("admin", "staff")


class FormFields(dict[str, str]):
    """A POST's fields: the value of each name (its last), and with `every(name)` all values
    of a name that comes more than once (a group of checkboxes)."""

    def __init__(self, pairs: Iterable[tuple[str, Any]] = ()) -> None:
        texts = [(name, value) for name, value in pairs if isinstance(value, str)]
        super().__init__(texts)
        self._every: dict[str, list[str]] = {}
        for name, value in texts:
            self._every.setdefault(name, []).append(value)

    def every(self, name: str) -> list[str]:
        return list(self._every.get(name, ()))


class NotFound(Exception):
    """Unknown, or not this visitor's to see: both are a 404, so ids reveal nothing."""


@dataclass
class Visit:
    request: Request
    session: Session
    member: StaffMember
    web: WebSession
    now: datetime
    t: Translator
    form: FormFields = field(default_factory=FormFields)

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        office = self.request.app.state.office
        body = office.env.get_template(template).render(
            t=self.t,
            member=self.member,
            csrf=self.web.form_token,
            path=self.request.url.path,
            here=_here(self.request),
            nav=office.nav_for(self.member.role),
            notice=self._notice(),
            once=secrets.token_urlsafe(16),  # a form's one-time key (`first_submit`)
            **values,
        )
        return HTMLResponse(body, status_code=status)

    def redirect(self, path: str, notice: str | None = None, **query: Any) -> RedirectResponse:
        """After a POST: to a page, with a notice shown there (a text key `office….notice.…`,
        e.g. "office.notice.saved")."""
        if notice:
            query["melding"] = notice
        target = f"{path}?{urlencode(query)}" if query else path
        return RedirectResponse(target, status_code=303)

    def _notice(self) -> str:
        """Only a known notice text is shown: a forged query shows nothing."""
        key = self.request.query_params.get("melding", "")
        known = NOTICE_KEY.fullmatch(key) and self.t.texts.has(key)
        return self.t(key) if known else ""

    def first_submit(self) -> bool:
        """Whether this POST is the first with its form's one-time key (field `eenmalig`):
        a double tap or a resent form acts once."""
        return form_keys.first_use(self.session, self.form.get("eenmalig", ""), self.now)

    def audit(self, action: str, target: str | None = None, **details: Any) -> None:
        actor = f"web:{self.member.telegram_id}"
        staff.audit(self.session, actor, action, target, details, self.now)


Handler = Callable[[Visit], Response]


def _here(request: Request) -> str:
    """This page with its query (a search, a page number), to come back to after a form."""
    query = request.url.query
    return f"{request.url.path}?{query}" if query and request.method == "GET" else request.url.path


def page(
    roles: tuple[str, ...] = ALL_ROLES, *, changes_catalogue: bool = False
) -> Callable[[Handler], Callable[[Request], Any]]:
    """A back-office route: signed in (else to the sign-in page), one of `roles` (else 404),
    a POST's form token checked (else 403), the handler in a worker thread in one
    transaction. `changes_catalogue`: a POST first takes the catalogue's lock, as an import
    and the chat's changes do, so they wait for each other (no deadlock) and the handler
    reads the rows as the last change left them."""

    def wrap(handler: Handler) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            form = FormFields()
            if request.method == "POST":
                form = FormFields((await request.form()).multi_items())
            locks = changes_catalogue and request.method == "POST"
            return await run_in_threadpool(_handle, request, form, handler, roles, locks)

        endpoint.__name__ = handler.__name__
        return endpoint

    return wrap


def _handle(
    request: Request, form: FormFields, handler: Handler, roles: tuple[str, ...], locks: bool
) -> Response:
    try:
        return _visit(request, form, handler, roles, locks)
    except _Undone as undone:
        return undone.response


def to_sign_in(request: Request) -> RedirectResponse:
    """To the sign-in page; a page opened (GET) is remembered, to come back to after it."""
    response = RedirectResponse(web_sign_in.SIGN_IN_PATH, status_code=303)
    if request.method == "GET" and returnable(_here(request)):
        response.set_cookie(
            RETURN_COOKIE,
            _here(request),
            max_age=RETURN_FOR,
            path="/beheer",
            httponly=True,
            samesite="lax",
        )
    return response


def returnable(path: str | None) -> bool:
    """A back-office page of this site only (never another site, nor the sign-in page)."""
    if not path or not path.startswith("/beheer/") or path.startswith(web_sign_in.SIGN_IN_PATH):
        return False
    return "//" not in path and "\\" not in path and path.isprintable() and len(path) <= 300


class _Undone(Exception):
    """A 404 rendered inside the transaction, raised out of it so that it is rolled back
    (a rollback inside `transaction()` would leave it closed for its own commit)."""

    def __init__(self, response: Response) -> None:
        self.response = response


def _visit(
    request: Request, form: FormFields, handler: Handler, roles: tuple[str, ...], locks: bool
) -> Response:
    office = request.app.state.office
    now = office.clock()
    with office.db.transaction() as session:
        web = web_sign_in.current(session, request.cookies.get(COOKIE), now)
        if web is None:
            return to_sign_in(request)
        t = Translator(office.texts, web.language)
        visit = Visit(request, session, web.staff, web, now, t, form)
        if request.method == "POST" and not secrets.compare_digest(
            form.get("csrf_token", ""), web.form_token
        ):
            return visit.render("problem.html", 403, message=t("office.problem.form_expired"))
        if web.staff.role not in roles:
            return visit.render("problem.html", 404, message=t("office.problem.not_found"))
        if locks:
            lock_catalogue(session)
        try:
            return handler(visit)
        except NotFound:
            raise _Undone(
                visit.render("problem.html", 404, message=t("office.problem.not_found"))
            ) from None
