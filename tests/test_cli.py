"""The `talentbot` command: in-process through `main(argv)`, and the installed console script
as a real process once, the way staff and scripts run it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli import talentbot, talentbot_process
from tests.conftest import FIXTURE_CATALOGUE


def test_catalogue_check_accepts_a_valid_folder(sqlite_database: str) -> None:
    result = talentbot("catalogue", "check", str(FIXTURE_CATALOGUE), database_url=sqlite_database)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout and "7 events" in result.stdout


def test_catalogue_check_reports_file_line_field_and_exits_1(
    tmp_path: Path, sqlite_database: str
) -> None:
    directory = tmp_path / "cat"
    shutil.copytree(FIXTURE_CATALOGUE, directory)
    events = directory / "events.yaml"
    events.write_text(events.read_text().replace("capacity: 10\n", "capacity: veel\n", 1))
    result = talentbot("catalogue", "check", str(directory), database_url=sqlite_database)
    assert result.returncode == 1
    line = next(i for i, text in enumerate(events.read_text().splitlines(), 1) if "veel" in text)
    assert f"{events}:{line}: events[0].capacity: " in result.stderr


def test_import_is_idempotent_and_bad_yaml_leaves_the_database_untouched(
    tmp_path: Path, database_url: str
) -> None:
    first = talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=database_url)
    assert first.returncode == 0, first.stderr
    assert "events: 7 created" in first.stdout
    second = talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=database_url)
    assert second.returncode == 0 and "no changes" in second.stdout

    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE_CATALOGUE, broken)
    (broken / "events.yaml").write_text(
        (broken / "events.yaml").read_text().replace("Saxofoon spelen", "Sax: [kapot", 1)
    )
    (broken / "activities.yaml").write_text(
        (broken / "activities.yaml").read_text().replace("Saxofoon", "Altsax", 1)
    )
    failed = talentbot("catalogue", "import", str(broken), database_url=database_url)
    assert failed.returncode == 1 and "events.yaml:" in failed.stderr
    listed = talentbot(
        "events", "list", "--from", "2026-11-24", "--json", database_url=database_url
    )
    titles = {row["title"] for row in json.loads(listed.stdout)}
    assert "Saxofoon spelen" in titles


def test_events_list_json_has_the_agreed_fields(sqlite_database: str) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=sqlite_database)
    result = talentbot(
        "events", "list", "--from", "2026-11-24", "--json", database_url=sqlite_database
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == [
        "ws-snorkelen",
        "ws-saxofoon",
        "lezing-schermtijd",
        "dag-2027",
        "dag-r1-saxofoon",
        "dag-r1-schaken",
        "dag-r2-snorkelen",
    ]
    snorkel = rows[0]
    for field in (
        "id",
        "kind",
        "title",
        "activity",
        "start",
        "end",
        "capacity",
        "spots_left",
        "min_age",
        "max_age",
        "status",
    ):
        assert field in snorkel
    assert snorkel["start"] == "2026-12-12T14:00:00+01:00"
    assert (snorkel["capacity"], snorkel["spots_left"], snorkel["status"]) == (10, 10, "scheduled")
    assert (snorkel["min_age"], snorkel["max_age"], snorkel["activity"]) == (9, 12, "snorkelen")
    later = talentbot(
        "events", "list", "--from", "2027-02-01", "--json", database_url=sqlite_database
    )
    assert next(row["id"] for row in json.loads(later.stdout)) == "dag-2027"


def test_events_list_prints_a_readable_table(sqlite_database: str) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=sqlite_database)
    result = talentbot("events", "list", "--from", "2026-11-24", database_url=sqlite_database)
    assert "2026-12-12 14:00  workshop" in result.stdout
    assert "10/10  ws-snorkelen  Snorkelen proberen" in result.stdout


def test_chat_loads_the_catalogue_and_presses_numbered_buttons(
    tmp_path: Path, sqlite_database: str
) -> None:
    script = "/start\n1\n2\n1\n"  # the console script, piped input: a real process
    result = talentbot_process("chat", input=script, database_url=sqlite_database, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1] 👩 Ik ben ouder of verzorger" in out
    assert "Waarmee kan ik je helpen?" in out
    assert "Wat wil je bekijken?" in out
    assert "🧪 Workshops om uit te proberen:" in out
    assert "Snorkelen proberen" in out


def test_chat_in_english_and_a_number_without_a_button_is_text(sqlite_database: str) -> None:
    result = talentbot(
        "chat", "--lang", "en", input="/start\n1\n42\n/agenda\n", database_url=sqlite_database
    )
    assert "How can I help you?" in result.stdout
    assert "I'm not sure about that" in result.stdout  # 42 was read as a message
    assert "What would you like to see?" in result.stdout


def test_the_default_database_is_a_sqlite_file_in_the_working_directory(tmp_path: Path) -> None:
    result = talentbot("chat", input="/start\n", database_url="", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Welkom bij de Talentenkwekerij" in result.stdout
    assert (tmp_path / "talentbot.sqlite3").exists()


def test_run_without_a_token_and_without_a_terminal_says_what_is_missing(tmp_path: Path) -> None:
    result = talentbot("run", input="", database_url="", cwd=tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr
    assert "talentbot chat" in result.stderr


def test_a_config_file_is_read_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "talentbot.toml"
    config.write_text('database_url = "sqlite:///from-file.sqlite3"\n')
    result = talentbot(
        "--config", str(config), "chat", input="/start\n", database_url="", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-file.sqlite3").exists()
    config.write_text('database_ur = "x"\n')
    result = talentbot("--config", str(config), "chat", input="", database_url="", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown setting(s) database_ur" in result.stderr


def test_quiet_hours_and_lease_settings_are_read_and_checked() -> None:
    from bot.config import ConfigError, Settings

    assert Settings.from_env({}).quiet_hours == (21, 8)
    assert Settings.from_env({"TALENTBOT_QUIET_HOURS": "22-7"}).quiet_hours == (22, 7)
    assert Settings.from_env({"TALENTBOT_QUIET_HOURS": "off"}).quiet_hours is None
    assert Settings.from_env({"TALENTBOT_OUTBOX_LEASE": "30"}).outbox_lease == 30.0
    for wrong in ("21", "25-8", "avond"):
        with pytest.raises(ConfigError, match="TALENTBOT_QUIET_HOURS"):
            Settings.from_env({"TALENTBOT_QUIET_HOURS": wrong})


def test_desk_registrations_add_list_and_cancel(database_url: str) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=database_url)

    def add(name: str, age: str, *extra: str) -> tuple[int, dict]:
        result = talentbot(
            "registrations",
            "add",
            "--event",
            "ws-saxofoon",
            "--child",
            name,
            "--age",
            age,
            "--json",
            *extra,
            database_url=database_url,
        )
        return result.returncode, json.loads(result.stdout)

    code, first = add("Ann", "10", "--parent-telegram-id", "5551")
    assert (code, first["status"], first["child"]) == (0, "confirmed", "Ann")
    assert add("Bo", "11")[1]["status"] == "confirmed"
    code, third = add("Cas", "10")
    assert (code, third["status"], third["position"]) == (0, "waitlisted", 1)
    code, refused = add("Dirk", "6")
    assert (code, refused["status"], refused["reason"]) == (1, "refused", "age")
    code, again = add("Ann", "10", "--parent-telegram-id", "5551")
    assert again["already_registered"] and again["registration_id"] == first["registration_id"]

    listed = talentbot(
        "registrations", "list", "--event", "ws-saxofoon", "--json", database_url=database_url
    )
    rows = json.loads(listed.stdout)
    assert [(r["child"], r["status"], r["position"]) for r in rows] == [
        ("Ann", "confirmed", None),
        ("Bo", "confirmed", None),
        ("Cas", "waitlisted", 1),
    ]
    cancelled = talentbot(
        "registrations",
        "cancel",
        str(first["registration_id"]),
        "--json",
        database_url=database_url,
    )
    outcome = json.loads(cancelled.stdout)
    assert outcome["status"] == "cancelled" and outcome["moved_up"] == [third["registration_id"]]
    table = talentbot("registrations", "list", "--event", "ws-saxofoon", database_url=database_url)
    assert "offered" in table.stdout and "Cas" in table.stdout


def test_privacy_purge_forgets_nobody_active(sqlite_database: str) -> None:
    talentbot("chat", input="/start\n", database_url=sqlite_database)
    result = talentbot("privacy", "purge", "--days", "30", database_url=sqlite_database)
    assert result.returncode == 0 and "forgot 0 families" in result.stdout


def test_outbox_status_and_retry_failed(sqlite_database: str) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=sqlite_database)
    talentbot(
        "registrations",
        "add",
        "--event",
        "ws-saxofoon",
        "--child",
        "Ann",
        "--age",
        "10",
        "--parent-telegram-id",
        "42",
        database_url=sqlite_database,
    )
    status = talentbot("outbox", "status", "--json", database_url=sqlite_database)
    table = json.loads(status.stdout)
    assert table["reminder"]["pending"] == 2 and table["rating"]["pending"] == 1
    readable = talentbot("outbox", "status", database_url=sqlite_database)
    assert "reminder" in readable.stdout and "pending" in readable.stdout
    retried = talentbot("outbox", "retry-failed", database_url=sqlite_database)
    assert "0 failed messages will be tried again" in retried.stdout


def test_an_unknown_event_id_exits_1_and_says_where_ids_are(sqlite_database: str) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=sqlite_database)
    hint = "event ids are in `talentbot events list` (find one with --search TEXT)"
    for command in (
        ("registrations", "list", "--event", "nonexistent"),
        ("registrations", "list", "--event", "nonexistent", "--json"),
        ("registrations", "export", "--event", "nonexistent", "--format", "csv"),
        ("broadcast", "send", "--audience", "event:nonexistent", "--text", "Hoi"),
    ):
        ran = talentbot(*command, database_url=sqlite_database)
        assert (ran.returncode, ran.stdout) == (1, ""), command
        assert ran.stderr == f"talentbot: no event 'nonexistent'; {hint}\n", command
        assert "No registrations" not in ran.stdout
    # The desk's JSON answer stays as it was; the reason is added on stderr.
    add = ("registrations", "add", "--event", "nonexistent", "--child", "Ann", "--age", "10")
    ran = talentbot(*add, "--json", database_url=sqlite_database)
    assert ran.returncode == 1 and json.loads(ran.stdout) == {"status": "refused", "reason": "gone"}
    assert ran.stderr == f"talentbot: no event 'nonexistent'; {hint}\n"
    empty = talentbot(
        "registrations", "list", "--event", "ws-snorkelen", database_url=sqlite_database
    )
    assert (empty.returncode, empty.stdout, empty.stderr) == (0, "No registrations.\n", "")


def test_events_list_search_and_pages(sqlite_database: str) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=sqlite_database)

    def ids(*options: str) -> list[str]:
        ran = talentbot(
            "events",
            "list",
            "--from",
            "2026-11-24",
            "--json",
            *options,
            database_url=sqlite_database,
        )
        assert ran.returncode == 0, ran.stderr
        return [row["id"] for row in json.loads(ran.stdout)]

    every = ids()
    assert len(every) == 7
    assert ids("--limit", "4") == every[:4]
    assert ids("--limit", "4", "--page", "2") == every[4:]
    assert ids("--limit", "4", "--page", "3") == []
    # Title, hobby or partner, without case or accents; the round's own title too.
    assert ids("--search", "SNORKEL") == ["ws-snorkelen", "dag-r2-snorkelen"]
    assert ids("--search", "sportbedrijf teststad") == ["ws-snorkelen", "dag-r2-snorkelen"]
    text = talentbot(
        "events", "list", "--from", "2026-11-24", "--limit", "4", database_url=sqlite_database
    ).stdout.splitlines()
    assert len(text) == 5 and text[0].startswith("2026-12-12 14:00  workshop")
    assert text[-1] == "Events 1–4 of 7 (page 1 of 2); next: --page 2."
    last = talentbot(
        "events",
        "list",
        "--from",
        "2026-11-24",
        "--limit",
        "4",
        "--page",
        "2",
        database_url=sqlite_database,
    ).stdout.splitlines()
    assert last[-1] == "Events 5–7 of 7 (page 2 of 2)." and len(last) == 4
    # Without paging options a list prints whole and without a footer, as before.
    whole = talentbot("events", "list", "--from", "2026-11-24", database_url=sqlite_database)
    assert len(whole.stdout.splitlines()) == 7 and "page" not in whole.stdout
    nothing = talentbot("events", "list", "--search", "quegelpum", database_url=sqlite_database)
    assert nothing.stdout == "No events match 'quegelpum'.\n"
    wrong = talentbot("events", "list", "--limit", "0", database_url=sqlite_database)
    assert wrong.returncode == 2 and "must be 1 or more" in wrong.stderr


def test_registrations_list_search_and_pages(sqlite_database: str) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=sqlite_database)
    for name in ("Ann", "Bo", "Zoë"):
        add = ("registrations", "add", "--event", "ws-snorkelen", "--child", name, "--age", "10")
        assert talentbot(*add, database_url=sqlite_database).returncode == 0
    listing = ("registrations", "list", "--event", "ws-snorkelen")

    def children(*options: str) -> list[str]:
        ran = talentbot(*listing, "--json", *options, database_url=sqlite_database)
        assert ran.returncode == 0, ran.stderr
        return [row["child"] for row in json.loads(ran.stdout)]

    assert children() == ["Ann", "Bo", "Zoë"]
    assert children("--search", "zoe") == ["Zoë"]
    assert children("--limit", "2", "--page", "2") == ["Zoë"]
    text = talentbot(*listing, "--limit", "2", database_url=sqlite_database).stdout.splitlines()
    assert [line.split()[2] for line in text[:2]] == ["Ann", "Bo"]
    assert text[2] == "Registrations 1–2 of 3 (page 1 of 2); next: --page 2."
    none = talentbot(*listing, "--search", "Dirk", database_url=sqlite_database)
    assert (none.returncode, none.stdout) == (0, "None match 'Dirk'.\n")
