"""The visitor token: a random id and its HMAC with the deployment's key (made by migration
0020 in deployment_secrets), kept in a cookie. A forged or changed token is no visitor at all:
whoever sends it gets a new one, never someone else's conversation.

Where the browser keeps no cookie in the widget's frame (Safari blocks third-party cookies),
the page's script keeps the token it was given in the frame's own (partitioned) storage and
sends it in the HEADER; it is checked exactly as the cookie is, which wins when both come.
The script does so only when the server says the cookie did not come back (`"cookie":
false` in the answers of /chat/api); with the cookie it keeps nothing, and it forgets the
token when the family had its data deleted (`"forgotten": true`)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from bot.db import PROCESS_CACHE
from bot.db.models import DeploymentSecret

CHANNEL = "web"
COOKIE = "talentbot_visitor"
HEADER = "x-talentbot-visitor"  # the same token from the page's script (static/chat.js)
KEY_NAME = "web_visitor_key"
VERSION = "v1"
MAX_AGE = 365 * 24 * 3600  # a year, the retention of an inactive family


def visitor_key(session: Session) -> bytes:
    cache = session.info.get(PROCESS_CACHE, {})
    key = cache.get(KEY_NAME)
    if key is None:
        key = session.get(DeploymentSecret, KEY_NAME).value.encode()
        cache[KEY_NAME] = key
    return key


def _mac(key: bytes, visitor_id: str) -> str:
    return hmac.new(key, f"web-visitor:{visitor_id}".encode(), hashlib.sha256).hexdigest()[:32]


def new_token(key: bytes) -> tuple[str, str]:
    """(visitor id, token) for a new visitor."""
    visitor_id = secrets.token_urlsafe(16)
    return visitor_id, f"{VERSION}.{visitor_id}.{_mac(key, visitor_id)}"


def visitor_of(key: bytes, token: str | None) -> str | None:
    """The visitor id of a genuine token, else None."""
    version, _, rest = (token or "").partition(".")
    visitor_id, _, mac = rest.rpartition(".")
    if version != VERSION or not visitor_id or len(visitor_id) > 43:
        return None
    return visitor_id if hmac.compare_digest(mac, _mac(key, visitor_id)) else None


def visitor_in(key: bytes, request: Request) -> str | None:
    """The visitor of a request: its genuine cookie, else its genuine header, else None."""
    return cookie_visitor(key, request) or visitor_of(key, request.headers.get(HEADER, "")[:200])


def cookie_visitor(key: bytes, request: Request) -> str | None:
    """The visitor of a request's genuine cookie: None tells the page's script that the
    cookie did not come back, so it keeps the token itself (static/chat.js)."""
    return visitor_of(key, request.cookies.get(COOKIE))


def set_cookie(response: Response, request: Request, token: str, embedded: bool) -> None:
    """HttpOnly; SameSite=Lax on the library's own page. In a frame on another site the
    browser sends it only with SameSite=None, which needs Secure (https) and is partitioned
    per top site (CHIPS), so the widget's visitor on one site is no visitor on another."""
    secure = request.url.scheme == "https"
    cross_site = embedded and secure
    attributes = [f"{COOKIE}={token}", f"Max-Age={MAX_AGE}", "Path=/chat", "HttpOnly"]
    attributes += ["Secure"] if secure else []
    attributes += ["SameSite=None", "Partitioned"] if cross_site else ["SameSite=Lax"]
    # Written out here: Starlette's set_cookie knows Partitioned only on Python 3.14.
    response.headers.append("set-cookie", "; ".join(attributes))
