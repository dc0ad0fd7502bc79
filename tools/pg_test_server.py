#!/usr/bin/env python3
"""A throwaway PostgreSQL server for the regional tests and benchmarks.

    python tools/pg_test_server.py start   # prints {"url", "datadir", "port", "pid"} as JSON
    python tools/pg_test_server.py stop DATADIR

``start`` runs initdb in a new temporary folder and starts the server on a
free loopback port, with no Unix socket and trust authentication on loopback
only: nothing outside this machine can reach it, and it holds test data only.
PostgreSQL refuses to run as root, so when we are root it runs as the
``postgres`` user (created if missing). If PostgreSQL is not installed and we
are root, it is installed with apt-get; otherwise the script fails, and the
caller decides whether that is a skip (a laptop) or a failure (CI).
Also importable: ``start()`` and ``stop(datadir)``.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVICE_USER = "postgres"
SUPERUSER = "postgres"


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    # Debian keeps the server binaries off PATH.
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _install() -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update"], check=False, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "postgresql"], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def find_binaries() -> Path:
    bin_dir = _bin_dir()
    if bin_dir is None and os.geteuid() == 0:
        _install()
        bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        raise PostgresUnavailable("PostgreSQL (initdb, pg_ctl) is not installed, and only root may install it")
    return bin_dir


def _ensure_service_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER], check=True)
        return pwd.getpwnam(SERVICE_USER)


def _as_service_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", SERVICE_USER, "--", *command]
    return ["su", "-s", "/bin/sh", SERVICE_USER, "-c", " ".join(command)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ready(port: int, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def start() -> dict:
    bin_dir = find_binaries()
    root = Path(tempfile.mkdtemp(prefix="localitydesk-pg-"))
    datadir = root / "data"
    if os.geteuid() == 0:
        user = _ensure_service_user()
        os.chown(root, user.pw_uid, user.pw_gid)
    run = lambda command, **kw: subprocess.run(_as_service_user(command), check=True, capture_output=True, text=True, **kw)  # noqa: E731
    try:
        run([str(bin_dir / "initdb"), "-D", str(datadir), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync"])
    except subprocess.CalledProcessError:
        # Old images lack C.UTF-8 in PostgreSQL's eyes; C will do for tests.
        shutil.rmtree(datadir, ignore_errors=True)
        run([str(bin_dir / "initdb"), "-D", str(datadir), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
             "--locale=C", "--no-sync"])
    # Test data only: durability is not worth the time here.
    options = "-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off " \
              "-c full_page_writes=off -c max_connections=200"
    last_error = ""
    for _ in range(5):
        port = _free_port()
        try:
            run([str(bin_dir / "pg_ctl"), "-D", str(datadir), "-l", str(root / "server.log"), "-w", "-t", "60",
                 "-o", f"-p {port} {options}", "start"])
        except subprocess.CalledProcessError as error:
            last_error = (error.stderr or "") + _tail(root / "server.log")
            continue
        if _ready(port, time.monotonic() + 30):
            pid = int((datadir / "postmaster.pid").read_text().split()[0])
            return {"url": f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres", "datadir": str(datadir),
                    "port": port, "pid": pid}
    stop(str(datadir))
    raise PostgresUnavailable(f"PostgreSQL did not start: {last_error}")


def _tail(path: Path) -> str:
    try:
        return path.read_text()[-2000:]
    except OSError:
        return ""


def stop(datadir: str) -> None:
    data = Path(datadir)
    bin_dir = _bin_dir()
    if bin_dir is not None and (data / "postmaster.pid").exists():
        subprocess.run(_as_service_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       check=False, capture_output=True)
    if data.name == "data" and data.parent.name.startswith("localitydesk-pg-"):
        shutil.rmtree(data.parent, ignore_errors=True)


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "start":
        try:
            print(json.dumps(start()))
        except PostgresUnavailable as error:
            print(str(error), file=sys.stderr)
            return 3
        return 0
    if len(argv) == 2 and argv[0] == "stop":
        stop(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
