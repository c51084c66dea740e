"""Staff management and the audit log in the back-office (admins only): add, change a role,
remove after a confirmation, the refusals said in words, every change in the library's own
audit log. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.content.texts import LANGUAGES, Texts, placeholders
from bot.db.models import AuditEntry, Library, Partner, StaffMember, WebSession
from bot.engine.core import Engine
from bot.services import staff
from tests.cli import talentbot
from tests.conftest import DIALOGS
from tests.office import add_member, form_token, office_client, sign_in

ADMIN, LIBRARIAN, PARTNER, NEWCOMER = "7000", "7100", "7200", "7300"


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    add_member(any_engine, ADMIN, "admin")
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, PARTNER, "partner", "sportbedrijf")
    return any_engine


def signed_in(engine: Engine, telegram_id: str) -> TestClient:
    client, _ = office_client(engine)
    sign_in(client, engine, telegram_id)
    return client


def member_id(engine: Engine, telegram_id: str) -> int:
    with engine.db.transaction() as session:
        member = staff.staff_member(session, telegram_id)
        assert member is not None
        return member.id


def roles(engine: Engine) -> dict[str, tuple[str, str, str | None]]:
    with engine.db.transaction() as session:
        return {
            m.telegram_id: (m.role, m.library_id, m.partner_id)
            for m in session.scalars(select(StaffMember))
        }


def post(client: TestClient, path: str, **fields: str):  # type: ignore[no-untyped-def]
    token = fields.pop("csrf_token", None) or form_token(client.get("/beheer").text)
    return client.post(path, data={"csrf_token": token, **fields})


def audit_actions(engine: Engine) -> list[tuple[str, str, str | None]]:
    with engine.db.transaction() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        return [(e.actor, e.action, e.target) for e in session.scalars(query)]


def test_staff_and_partners_get_a_404_on_staff_management_and_the_log(office: Engine) -> None:
    before = roles(office)
    target = member_id(office, LIBRARIAN)
    for who in (LIBRARIAN, PARTNER):
        client = signed_in(office, who)
        agenda = client.get("/beheer").text
        assert 'href="/beheer/medewerkers"' not in agenda and 'href="/beheer/logboek"' not in agenda
        for path in (
            "/beheer/medewerkers",
            "/beheer/logboek",
            f"/beheer/medewerkers/{target}/verwijderen",
        ):
            assert client.get(path).status_code == 404, (who, path)
        added = post(client, "/beheer/medewerkers", telegram_id=NEWCOMER, role="admin", partner="")
        assert added.status_code == 404
        assert post(client, f"/beheer/medewerkers/{target}/verwijderen").status_code == 404
        assert post(client, f"/beheer/medewerkers/{target}/rol", role="admin").status_code == 404
    assert roles(office) == before
    assert audit_actions(office) == []
    admin = signed_in(office, ADMIN).get("/beheer").text
    assert 'href="/beheer/medewerkers"' in admin and 'href="/beheer/logboek"' in admin


def test_an_admin_adds_a_partner_who_signs_in_sees_their_events_and_is_signed_out_on_removal(
    office: Engine,
) -> None:
    admin = signed_in(office, ADMIN)
    page = admin.get("/beheer/medewerkers")
    assert page.status_code == 200
    assert "Medewerkers" in page.text and "Bibliotheek Teststad" in page.text
    added = post(
        admin,
        "/beheer/medewerkers",
        telegram_id=f" {NEWCOMER} ",
        role="partner",
        partner="sportbedrijf",
    )
    assert added.status_code == 303
    assert added.headers["location"] == "/beheer/medewerkers?melding=office_staff.notice.added"
    listed = admin.get(added.headers["location"]).text
    assert "Medewerker toegevoegd. Inloggen gaat door /beheer te sturen" in listed
    row = listed.split(f'<th scope="row">{NEWCOMER}</th>', 1)[1].split("</tr>", 1)[0]
    assert '<td data-label="Rol">Partner</td>' in row and "Sportbedrijf Teststad" in row
    assert roles(office)[NEWCOMER] == ("partner", "teststad", "sportbedrijf")

    newcomer = signed_in(office, NEWCOMER)
    agenda = newcomer.get("/beheer").text
    assert "Snorkelen proberen" in agenda and "Saxofoon" not in agenda

    number = member_id(office, NEWCOMER)
    confirm = admin.get(f"/beheer/medewerkers/{number}/verwijderen")
    assert confirm.status_code == 200
    assert f"Medewerker {NEWCOMER} verwijderen?" in confirm.text
    assert "wordt meteen uitgelogd" in confirm.text and f"Ja, verwijder {NEWCOMER}" in confirm.text
    assert NEWCOMER in roles(office)  # asking is not removing
    assert newcomer.get("/beheer").status_code == 200

    removed = post(admin, f"/beheer/medewerkers/{number}/verwijderen")
    assert removed.status_code == 303
    assert "Medewerker verwijderd en uitgelogd." in admin.get(removed.headers["location"]).text
    assert NEWCOMER not in roles(office)
    assert newcomer.get("/beheer").status_code == 303  # to the sign-in page
    with office.db.transaction() as session:
        sessions = session.scalar(
            select(func.count()).select_from(WebSession).where(WebSession.staff_id == number)
        )
    assert sessions == 0

    log = admin.get("/beheer/logboek").text
    removal = log.index("Medewerker verwijderd")
    addition = log.index("Medewerker toegevoegd")
    assert removal < addition  # newest first
    assert log.count(f"{ADMIN} (beheeromgeving)") == 2
    assert "<dt>partner</dt><dd>sportbedrijf</dd>" in log and "<dt>role</dt><dd>partner</dd>" in log
    assert audit_actions(office) == [
        (f"web:{ADMIN}", "staff.add", NEWCOMER),
        (f"web:{ADMIN}", "staff.remove", NEWCOMER),
    ]


def test_an_admin_changes_a_role_with_its_partner(office: Engine) -> None:
    admin = signed_in(office, ADMIN)
    librarian = signed_in(office, LIBRARIAN)
    number = member_id(office, LIBRARIAN)
    path = f"/beheer/medewerkers/{number}/rol"
    needs_partner = post(admin, path, role="partner", partner="")
    assert needs_partner.status_code == 422
    assert "Kies bij de rol partner ook de partner." in needs_partner.text
    only_partner = post(admin, path, role="staff", partner="sportbedrijf")
    assert only_partner.status_code == 422
    assert "Een partner kies je alleen bij de rol partner." in only_partner.text
    unknown_role = post(admin, path, role="baas", partner="")
    assert unknown_role.status_code == 422 and "Kies een rol uit de lijst." in unknown_role.text
    same = post(admin, path, role="staff", partner="")
    assert same.headers["location"] == "/beheer/medewerkers?melding=office_staff.notice.unchanged"
    assert roles(office)[LIBRARIAN] == ("staff", "teststad", None)
    assert audit_actions(office) == []
    assert librarian.get("/beheer/medewerkers").status_code == 404

    promoted = post(admin, path, role="admin", partner="")
    assert promoted.headers["location"] == (
        "/beheer/medewerkers?melding=office_staff.notice.role_changed"
    )
    assert roles(office)[LIBRARIAN] == ("admin", "teststad", None)
    assert librarian.get("/beheer/medewerkers").status_code == 200  # the role counts at once
    post(admin, path, role="partner", partner="bieb")
    assert roles(office)[LIBRARIAN] == ("partner", "teststad", "bieb")
    assert "Saxofoon" in librarian.get("/beheer").text  # bieb's workshop, only that
    assert "Snorkelen proberen" not in librarian.get("/beheer").text
    with office.db.transaction() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.action, e.details) for e in entries] == [
            ("staff.role", {"role": "admin", "was_role": "staff"}),
            ("staff.role", {"role": "partner", "partner": "bieb", "was_role": "admin"}),
        ]
    assert "Rol gewijzigd" in admin.get("/beheer/logboek").text


def test_an_admin_cannot_remove_or_demote_themself(office: Engine) -> None:
    admin = signed_in(office, ADMIN)
    own = member_id(office, ADMIN)
    listed = admin.get("/beheer/medewerkers").text
    row = listed.split(f'<th scope="row">{ADMIN} (jij)</th>', 1)[1].split("</tr>", 1)[0]
    assert "Je eigen rol wijzig je niet en jezelf verwijder je niet" in row
    assert "verwijderen" not in row and "<form" not in row
    confirm = admin.get(f"/beheer/medewerkers/{own}/verwijderen").text
    assert (
        "Je kunt jezelf niet verwijderen: zo houdt de bibliotheek altijd een beheerder." in confirm
    )
    assert "Ja, verwijder" not in confirm
    removed = post(admin, f"/beheer/medewerkers/{own}/verwijderen")
    assert removed.status_code == 422
    assert "Je kunt jezelf niet verwijderen" in removed.text
    demoted = post(admin, f"/beheer/medewerkers/{own}/rol", role="staff", partner="")
    assert demoted.status_code == 422
    assert "Je kunt je eigen beheerdersrol niet afgeven" in demoted.text
    assert roles(office)[ADMIN] == ("admin", "teststad", None)
    assert admin.get("/beheer/medewerkers").status_code == 200
    assert audit_actions(office) == []


def _another_library(engine: Engine) -> None:
    with engine.db.transaction() as session:
        session.add(Library(id="elders", name="Bieb Elders", city="Elders", address="Weg 1"))
        session.flush()
        session.add(Partner(id="elders-club", name="Club Elders", kind="club", library_id="elders"))
        session.flush()
        staff.add_staff(session, "7900", "staff", "elders")


def test_refusals_are_said_in_dutch_and_nobody_is_taken_from_another_library(
    office: Engine,
) -> None:
    _another_library(office)
    admin = signed_in(office, ADMIN)
    before = roles(office)
    cases = {
        "Een Telegram-id bestaat alleen uit cijfers": dict(telegram_id="@anna", role="staff"),
        f"{LIBRARIAN} is al medewerker van deze bibliotheek": dict(
            telegram_id=LIBRARIAN, role="admin"
        ),
        "7900 is al medewerker van een andere bibliotheek": dict(telegram_id="7900", role="admin"),
        "Die partner hoort bij een andere bibliotheek.": dict(
            telegram_id=NEWCOMER, role="partner", partner="elders-club"
        ),
    }
    for said, fields in cases.items():
        refused = post(admin, "/beheer/medewerkers", **{"partner": "", **fields})
        assert refused.status_code == 422 and said in refused.text, said
        assert 'role="alert"' in refused.text
        assert f'value="{fields["telegram_id"]}"' in refused.text  # what was typed stays
    assert roles(office) == before  # 7900 stays with Bieb Elders
    assert "7900" not in admin.get("/beheer/medewerkers").text
    elsewhere = member_id(office, "7900")
    for path in (f"/beheer/medewerkers/{elsewhere}/verwijderen", "/beheer/medewerkers/99999999999"):
        assert admin.get(path).status_code == 404
    assert post(admin, f"/beheer/medewerkers/{elsewhere}/verwijderen").status_code == 404
    assert post(admin, f"/beheer/medewerkers/{elsewhere}/rol", role="admin").status_code == 404
    assert roles(office) == before
    assert audit_actions(office) == []


def test_every_staff_error_has_a_text_in_both_languages() -> None:
    """The back-office says each refusal in words; a text may leave out a detail the CLI's
    English message gives, never ask for one the error does not carry."""
    texts = Texts.load(DIALOGS)
    for key, message in staff.ERRORS.items():
        for language in LANGUAGES:
            entry = texts._catalogs[language].entries.get(f"office_staff.error.{key}")
            assert isinstance(entry, str), (key, language)
            assert placeholders(entry) <= placeholders(message), (key, language)
    error = staff.StaffError("partner_elsewhere", partner="x")
    assert (error.key, error.params) == ("partner_elsewhere", {"partner": "x"})
    assert str(error) == "partner 'x' belongs to another library"  # the CLI's words


def test_a_forged_form_token_changes_nothing(office: Engine) -> None:
    admin = signed_in(office, ADMIN)
    before = roles(office)
    target = member_id(office, LIBRARIAN)
    for path, fields in (
        ("/beheer/medewerkers", dict(telegram_id=NEWCOMER, role="admin", partner="")),
        (f"/beheer/medewerkers/{target}/rol", dict(role="admin", partner="")),
        (f"/beheer/medewerkers/{target}/verwijderen", {}),
    ):
        forged = admin.post(path, data={"csrf_token": "forged", **fields})
        assert forged.status_code == 403 and "Dit formulier is verlopen" in forged.text
    assert roles(office) == before
    assert audit_actions(office) == []


def test_the_audit_log_is_the_librarys_own_newest_first_and_paged(office: Engine) -> None:
    _another_library(office)
    url = office.db.engine.url.render_as_string(hide_password=False)
    added = talentbot(
        "staff",
        "add",
        "--telegram-id",
        "7400",
        "--role",
        "staff",
        "--library",
        "teststad",
        database_url=url,
    )
    assert added.returncode == 0, added.stderr
    with office.db.transaction() as session:
        cli_at = session.scalars(select(AuditEntry.at)).one()  # the command's own clock
        staff.audit(session, "7900", "event.cancel", "geheim-elders", {"families": 3}, cli_at)
        for n in range(32):
            at = cli_at + timedelta(minutes=n + 1)
            staff.audit(session, LIBRARIAN, "checkin", str(1000 + n), {"status": "attended"}, at)
        staff.refuse(session, "6001", "rapport", cli_at)  # a family trying: hashed, no library
    admin = signed_in(office, ADMIN)
    first = admin.get("/beheer/logboek").text
    assert "Pagina 1 van 2" in first and 'href="/beheer/logboek?pagina=2"' in first
    targets = re.findall(r'data-label="Waarop">(\d+)</td>', first)
    assert targets == [str(1000 + n) for n in range(31, 1, -1)]  # newest first, 30 a page
    assert f"{LIBRARIAN} (chat)" in first and "Aangemeld bij de deur" in first
    assert "<dt>status</dt><dd>attended</dd>" in first
    second = admin.get("/beheer/logboek", params={"pagina": "2"}).text
    assert re.findall(r'data-label="Waarop">(\d+)</td>', second) == ["1001", "1000", "7400"]
    assert "Opdrachtregel" in second and "Medewerker toegevoegd" in second
    for page in (first, second):
        assert "geheim-elders" not in page and "Geweigerd" not in page
    assert "Pagina 2 van 2" in second


def test_old_audit_entries_get_the_library_of_their_actor(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Migration 0018: entries from before it belong to their actor's library."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from bot.db import alembic_config

    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    command.upgrade(alembic_config(engine), "0016")
    now = "2026-11-24 09:00:00.000000"
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO libraries (id, name, city, address, opening_hours) "
            "VALUES ('bieb', 'Bieb', 'Stad', 'Plein 1', '{}')",
            "INSERT INTO staff_members (telegram_id, role, library_id, created_at) "
            f"VALUES ('42', 'admin', 'bieb', '{now}')",
            "INSERT INTO audit_log (at, actor, action, target, details) VALUES "
            f"('{now}', '42', 'export', 'ws', '{{}}'), "
            f"('{now}', 'web:42', 'staff.add', '43', '{{}}'), "
            f"('{now}', 'cli', 'staff.chat', 'bieb', '{{}}')",
        ):
            connection.execute(text(statement))
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT actor, library_id FROM audit_log ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [("42", "bieb"), ("web:42", "bieb"), ("cli", None)]
