"""The restore drill of docs/operations.md, for real: seed a PostgreSQL database, back it up with
scripts/backup.sh, restore it with scripts/restore.sh into a new database, compare every table."""
import os
import subprocess
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from conftest import REPO, binary, run

SERVER_URL = os.environ.get("WAVE3_PG_URL")


def database_url(name: str) -> str:
    parts = urlsplit(SERVER_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def psql(url: str, sql: str) -> str:
    plain = url.split("?")[0]
    result = run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", plain, "-c", sql])
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def fresh_databases():
    if not SERVER_URL:
        pytest.fail("WAVE3_PG_URL is not set: scripts/test-deploy.sh runs under scripts/postgres.sh")
    suffix = str(int(time.time() * 1000))
    names = [f"drill_src_{suffix}", f"drill_dst_{suffix}"]
    for name in names:
        psql(SERVER_URL, f"CREATE DATABASE {name}")
    yield [database_url(name) for name in names]
    for name in names:
        psql(SERVER_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def row_counts(url: str) -> dict:
    tables = psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split()
    return {t: int(psql(url, f'SELECT count(*) FROM "{t}"')) for t in tables}


def test_backup_restore_drill_round_trips_a_seeded_database(fresh_databases, workdir):
    source, target = fresh_databases
    env = {**os.environ, "WAVE3_DATABASE_URL": source, "WAVE3_MIGRATIONS_DIR": str(REPO / "migrations"),
           "WAVE3_LOG_LEVEL": "warning"}
    for command in (["migrate"], ["seed", "--demo"]):
        result = subprocess.run([str(binary("wave3")), *command], env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    before = row_counts(source)
    assert before["lessons"] > 0 and before["users"] > 0 and before["schema_migrations"] > 0

    backups = workdir / "backups"
    result = run([REPO / "scripts" / "backup.sh", source], env={**os.environ, "BACKUP_DIR": str(backups)})
    assert result.returncode == 0, result.stderr
    dump = result.stdout.strip().splitlines()[-1]
    checksum = (backups / (os.path.basename(dump) + ".sha256")).read_text().split()[0]
    assert run(["sha256sum", dump]).stdout.split()[0] == checksum

    result = run([REPO / "scripts" / "restore.sh", dump, target])
    assert result.returncode == 0, result.stderr
    assert row_counts(target) == before
    # Same content, not only the same counts: a digest of every lesson row on both sides.
    digest = "SELECT md5(string_agg(l::text, '|' ORDER BY l.id)) FROM lessons l"
    assert psql(target, digest) == psql(source, digest)


def test_restore_refuses_a_corrupted_dump_and_retention_keeps_the_newest(fresh_databases, workdir):
    source, target = fresh_databases
    psql(source, "CREATE TABLE drill (id int); INSERT INTO drill VALUES (1), (2)")
    backups = workdir / "backups"
    env = {**os.environ, "BACKUP_DIR": str(backups), "BACKUP_RETENTION": "2"}
    dumps = []
    for _ in range(3):
        result = run([REPO / "scripts" / "backup.sh", source], env=env)
        assert result.returncode == 0, result.stderr
        dumps.append(result.stdout.strip().splitlines()[-1])
    kept = sorted(p.name for p in backups.glob("*.dump"))
    assert kept == sorted(os.path.basename(d) for d in dumps[1:])
    assert len(list(backups.glob("*.sha256"))) == 2

    with open(dumps[-1], "r+b") as f:
        f.seek(100)
        f.write(b"corrupt")
    result = run([REPO / "scripts" / "restore.sh", dumps[-1], target])
    assert result.returncode != 0 and "checksum mismatch" in result.stderr
    assert psql(target, "SELECT count(*) FROM pg_tables WHERE tablename = 'drill'") == "0"
