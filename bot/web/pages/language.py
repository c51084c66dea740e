"""Dutch by default, English on choice: the choice is kept with the browser's session."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from bot.content.texts import LANGUAGES
from bot.web.visit import Visit, page


@page()
def choose_language(visit: Visit) -> Response:
    chosen = visit.form.get("taal", "")
    if chosen in LANGUAGES:
        visit.web.language = chosen
    back = visit.form.get("terug", "")
    # Only a page of the back-office: a form cannot send the visitor elsewhere.
    safe = back.startswith("/beheer") and "//" not in back and "\\" not in back
    return visit.redirect(back if safe else "/beheer")


ROUTES = [Route("/beheer/taal", choose_language, methods=["POST"])]
