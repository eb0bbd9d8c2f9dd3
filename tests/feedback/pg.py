"""A real PostgreSQL server for the tests, from Debian's packages, on loopback in a
temporary folder. As root it runs as the ``postgres`` user (runuser); otherwise as the
current user. Skips, with the reason, only when PostgreSQL is not installed."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throw-away server; yield its postgresql:// URL; stop and delete it."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL is not installed (scripts/test.sh installs Debian's "
                    "postgresql when run as root)")
    prefix: list[str] = []
    user = os.environ.get("USER") or "postgres"
    base = Path(tempfile.mkdtemp(prefix="triage-pg-"))
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        prefix, user = [runuser, "-u", "postgres", "--"], "postgres"
        os.chmod(base, 0o755)
        shutil.chown(base, "postgres", "postgres")
    data, port = base / "data", _free_port()
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    try:
        subprocess.run([*prefix, initdb, "-D", str(data), "-A", "trust", "-U", user, "-E",
                        "UTF8", "--no-sync"], check=True, capture_output=True, env=env,
                       timeout=120)
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-l", str(base / "log"), "-w",
                        "-t", "60", "-o", f"-c listen_addresses=127.0.0.1 -p {port} "
                        f"-k {base} -c fsync=off -c max_connections=60", "start"],
                       check=True, capture_output=True, env=env, timeout=90)
        try:
            yield f"postgresql://{user}@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
                           capture_output=True, env=env, timeout=60)
    finally:
        shutil.rmtree(base, ignore_errors=True)
