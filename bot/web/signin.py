"""/beheer/inloggen: a sign-in link opens a page with one button; pressing it uses the link.
A link preview (Telegram fetches links it shows) or a virus scanner opening the link
therefore never uses it up. /beheer/uitloggen ends the session."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot.services import web_sign_in
from bot.services.web_sign_in import SESSION_LIFETIME
from bot.web.render import Translator
from bot.web.visit import COOKIE, RETURN_COOKIE, Visit, page, returnable

TOKEN_LENGTH = 100  # tokens are 43 characters; anything much longer is not one


def _page(request: Request, status: int = 200, **values: object) -> HTMLResponse:
    office = request.app.state.office
    t = Translator(office.texts, office.language)
    body = office.env.get_template("signin.html").render(t=t, **values)
    return HTMLResponse(body, status_code=status)


async def sign_in_page(request: Request) -> Response:
    token = request.query_params.get("token", "")[:TOKEN_LENGTH]
    if not token:
        return _page(request, state="ask")
    office = request.app.state.office

    def check() -> bool:
        with office.db.transaction() as session:
            return web_sign_in.link_is_open(session, token, office.clock())

    if not await run_in_threadpool(check):
        return _page(request, 410, state="expired")
    return _page(request, state="confirm", token=token)


async def sign_in(request: Request) -> Response:
    """The button pressed. A POST from another site is refused: it could sign a librarian's
    browser in to someone else's account (this form cannot carry a session's form token)."""
    if _from_elsewhere(request):
        return _page(request, 403, state="expired")
    form = await request.form()
    token = str(form.get("token", ""))[:TOKEN_LENGTH]
    office = request.app.state.office
    earlier = request.cookies.get(COOKIE)

    def redeem() -> str | None:
        with office.db.transaction() as session:
            opened = web_sign_in.redeem(session, token, office.language, office.clock())
            if opened is not None:  # the browser's earlier session ends with the new one
                web_sign_in.end(session, earlier, office.clock())
            return opened[0] if opened else None

    cookie = await run_in_threadpool(redeem) if token else None
    if cookie is None:
        return _page(request, 410, state="expired")
    back = request.cookies.get(RETURN_COOKIE)
    response = RedirectResponse(back if returnable(back) else "/beheer", status_code=303)
    response.delete_cookie(RETURN_COOKIE, path="/beheer")
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/beheer",
        httponly=True,
        samesite="lax",
        secure=_secure(request, office.base_url),
    )
    return response


@page()
def sign_out(visit: Visit) -> Response:
    """A POST with the page's form token, like every form: a forged one ends nothing."""
    web_sign_in.end(visit.session, visit.request.cookies.get(COOKIE), visit.now)
    response = _page(visit.request, state="signed_out")
    response.delete_cookie(COOKIE, path="/beheer")
    return response


def _from_elsewhere(request: Request) -> bool:
    """What the browser says of where the form was sent from (Sec-Fetch-Site, Origin)."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return True
    # "null": the browser hides the origin (our pages send no referrer); Sec-Fetch-Site said.
    origin = request.headers.get("origin", "null")
    return origin != "null" and urlsplit(origin).netloc != request.url.netloc


def _secure(request: Request, base_url: str) -> bool:
    """Secure cookies behind HTTPS: the request's scheme (uvicorn reads X-Forwarded-Proto
    from a proxy on this machine) or a configured https address."""
    return request.url.scheme == "https" or base_url.startswith("https://")
