"""/beheer/medewerkers (admins only): the library's staff, add one, change a role, remove one
after a confirmation. The rules are bot/services/staff_admin.py's and staff.py's, as for
the CLI; a refusal is shown as the Dutch (or English) text of its StaffError key; every
change goes to the audit log."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from bot.db.models import Library, StaffMember
from bot.services import staff_admin
from bot.services.staff import StaffError
from bot.web.pages.formats import path_id
from bot.web.visit import NotFound, Visit, page

ADMIN = ("admin",)
LIST = "/beheer/medewerkers"


@page(ADMIN)
def staff_page(visit: Visit) -> Response:
    return _list(visit)


@page(ADMIN)
def add(visit: Visit) -> Response:
    form = visit.form
    role, partner = form.get("role", ""), form.get("partner", "")
    try:
        member = staff_admin.add_member(
            visit.session, visit.member, form.get("telegram_id", ""), role, partner, visit.now
        )
    except StaffError as error:
        return _list(visit, 422, error=_error(visit, error), entered=dict(form))
    visit.audit("staff.add", member.telegram_id, **_role(member))
    return visit.redirect(LIST, notice="office_staff.notice.added")


@page(ADMIN)
def change_role(visit: Visit) -> Response:
    member = _member(visit)
    before = _role(member)
    try:
        changed = staff_admin.change_role(
            visit.session,
            visit.member,
            member,
            visit.form.get("role", ""),
            visit.form.get("partner", ""),
        )
    except StaffError as error:
        return _list(visit, 422, error=_error(visit, error))
    if not changed:
        return visit.redirect(LIST, notice="office_staff.notice.unchanged")
    was = {f"was_{key}": value for key, value in before.items()}
    visit.audit("staff.role", member.telegram_id, **_role(member), **was)
    return visit.redirect(LIST, notice="office_staff.notice.role_changed")


@page(ADMIN)
def remove_page(visit: Visit) -> Response:
    member = _member(visit)
    return visit.render("staff_remove.html", target=member, myself=member.id == visit.member.id)


@page(ADMIN)
def remove(visit: Visit) -> Response:
    member = _member(visit)
    telegram_id, before = member.telegram_id, _role(member)
    try:
        staff_admin.remove_member(visit.session, visit.member, member)
    except StaffError as error:
        return _list(visit, 422, error=_error(visit, error))
    visit.audit("staff.remove", telegram_id, **before)
    return visit.redirect(LIST, notice="office_staff.notice.removed")


def _list(
    visit: Visit, status: int = 200, error: str = "", entered: dict[str, str] | None = None
) -> Response:
    library = visit.session.get(Library, visit.member.library_id)
    return visit.render(
        "staff.html",
        status,
        library=library.name if library else visit.member.library_id,
        members=staff_admin.library_staff(visit.session, visit.member.library_id),
        partners=staff_admin.partners(visit.session, visit.member.library_id),
        error=error,
        entered=entered or {},
    )


def _member(visit: Visit) -> StaffMember:
    member = staff_admin.member_of(visit.session, visit.member, path_id(visit))
    if member is None:
        raise NotFound
    return member


def _role(member: StaffMember) -> dict[str, str]:
    """What the audit log keeps of a member: the role and partner, nothing personal."""
    return {"role": member.role, **({"partner": member.partner_id} if member.partner_id else {})}


def _error(visit: Visit, error: StaffError) -> str:
    return visit.t(f"office_staff.error.{error.key}", **error.params)


ROUTES = [
    Route(LIST, staff_page, methods=["GET"]),
    Route(LIST, add, methods=["POST"]),
    Route(LIST + "/{id}/rol", change_role, methods=["POST"]),
    Route(LIST + "/{id}/verwijderen", remove_page, methods=["GET"]),
    Route(LIST + "/{id}/verwijderen", remove, methods=["POST"]),
]
NAV = [(LIST, "office_staff.nav", ADMIN)]
