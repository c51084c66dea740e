"""/beheer: the agenda, upcoming or past, searchable, a page at a time."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from bot.services.office_agenda import agenda
from bot.web.visit import ALL_ROLES, Visit, page

QUERY_LENGTH = 60


@page()
def agenda_page(visit: Visit) -> Response:
    params = visit.request.query_params
    past = params.get("wanneer") == "voorbij"
    query = " ".join(params.get("zoek", "").split())[:QUERY_LENGTH]
    number = int(params["pagina"]) if params.get("pagina", "").isdigit() else 1
    found = agenda(visit.session, visit.member, visit.now, past=past, query=query, page=number)
    return visit.render("agenda.html", agenda=found, past=past, query=query)


ROUTES = [Route("/beheer", agenda_page, methods=["GET"])]
NAV = [("/beheer", "office.nav.agenda", ALL_ROLES)]
