"""The PostgreSQL server the tests and benchmarks start runs with production's settings file
(deploy/postgresql/silkbridge.conf), as docs/operations.md says."""

# ruff: noqa: S603, S607 - the test starts the repository's own script with bash

import re
import subprocess
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[2]
SETTINGS = REPO / "deploy" / "postgresql" / "silkbridge.conf"


def settings_in_file() -> dict[str, str]:
    pairs = re.findall(r"^\s*(\w+)\s*=\s*(\S+)", SETTINGS.read_text(), flags=re.MULTILINE)
    return dict(pairs)


def test_the_throwaway_server_uses_the_production_settings():
    wanted = settings_in_file()
    assert {"shared_buffers", "random_page_cost", "jit"} <= wanted.keys()
    started = subprocess.run(
        ["bash", str(REPO / "scripts" / "postgres-start")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    found = dict(line.split("=", 1) for line in started.splitlines() if "=" in line)
    try:
        with psycopg.connect(found["DATABASE_URL"]) as connection:
            for name, value in wanted.items():
                shown = connection.execute(f"SHOW {name}").fetchone()[0]  # names from our file
                assert shown == value, f"{name} is {shown}, the file says {value}"
    finally:
        subprocess.run(
            ["bash", str(REPO / "scripts" / "postgres-start"), "--stop", found["PG_DIR"]],
            check=True,
            timeout=120,
        )
