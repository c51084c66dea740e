"""Sign-in to the back-office without passwords: a one-time link (15 minutes) opens a browser
session (8 hours). Tokens are random; only their SHA-256 is stored, so neither a database
copy nor a log line can be turned into a session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.db.models import StaffMember, WebSession, WebSignIn

LINK_LIFETIME = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=8)
SIGN_IN_PATH = "/beheer/inloggen"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(session: Session, member: StaffMember, base_url: str, now: datetime) -> str:
    """A new sign-in link for this staff member; earlier unused links stay valid until they
    expire (a librarian may ask twice)."""
    token = secrets.token_urlsafe(32)
    session.add(
        WebSignIn(
            token_hash=_hash(token),
            staff_id=member.id,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
        )
    )
    session.flush()
    return f"{base_url.rstrip('/')}{SIGN_IN_PATH}?token={token}"


def link_is_open(session: Session, token: str, now: datetime) -> bool:
    """Whether the link can still be used (shown before the sign-in button is pressed)."""
    found = session.scalar(select(WebSignIn).where(WebSignIn.token_hash == _hash(token)))
    return found is not None and found.used_at is None and found.expires_at > now


def redeem(
    session: Session, token: str, language: str, now: datetime
) -> tuple[str, WebSession] | None:
    """The link used: a new session and its cookie token, or None when the link is unknown,
    used or expired. One UPDATE decides, so two presses (or two tabs) open one session."""
    used = session.execute(
        update(WebSignIn)
        .where(
            WebSignIn.token_hash == _hash(token),
            WebSignIn.used_at.is_(None),
            WebSignIn.expires_at > now,
        )
        .values(used_at=now)
        .returning(WebSignIn.staff_id)
    ).first()
    if used is None:
        return None
    cookie = secrets.token_urlsafe(32)
    web_session = WebSession(
        token_hash=_hash(cookie),
        staff_id=used.staff_id,
        form_token=secrets.token_urlsafe(24),
        language=language,
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    session.add(web_session)
    session.flush()
    return cookie, web_session


def current(session: Session, cookie: str | None, now: datetime) -> WebSession | None:
    """The open session of this cookie, if any (not ended, not expired, staff still staff)."""
    if not cookie:
        return None
    found = session.scalar(
        select(WebSession).where(
            WebSession.token_hash == _hash(cookie),
            WebSession.ended_at.is_(None),
            WebSession.expires_at > now,
        )
    )
    return found


def end(session: Session, cookie: str | None, now: datetime) -> None:
    if cookie:
        session.execute(
            update(WebSession).where(WebSession.token_hash == _hash(cookie)).values(ended_at=now)
        )


def purge(session: Session, now: datetime) -> int:
    """Forget links and sessions a day after they expired or ended (the retention job)."""
    before = now - timedelta(days=1)
    links = session.execute(delete(WebSignIn).where(WebSignIn.expires_at < before)).rowcount
    sessions = session.execute(
        delete(WebSession).where(or_(WebSession.expires_at < before, WebSession.ended_at < before))
    ).rowcount
    return int(links or 0) + int(sessions or 0)
