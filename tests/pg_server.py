"""Start a throwaway PostgreSQL server for the tests from the machine's own binaries.

initdb into a temporary directory, listen on a free loopback port, trust authentication for
local connections only. PostgreSQL refuses to run as root, so when the tests run as root the
server runs as the unprivileged `postgres` user (Debian's postgresql package creates it).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists() and (c / "postgres").exists():
            return c
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found (install Debian's 'postgresql' package)"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    bindir: Path
    datadir: Path
    port: int
    user: str
    run_as: str | None

    @property
    def base_url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}"

    def url(self, dbname: str) -> str:
        return f"{self.base_url}/{dbname}"

    def _cmd(self, args: list[str]) -> list[str]:
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *args]
        return args

    def stop(self) -> None:
        subprocess.run(
            self._cmd([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate",
                       "-w", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_server() -> PgServer:
    bindir = find_bindir()
    run_as = None
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable("running as root and there is no 'postgres' user") from exc
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="voiceapp-pg-"))
    datadir = root / "data"
    sockdir = root / "sock"
    sockdir.mkdir()
    if run_as:
        os.chmod(root, 0o755)
        for p in (root, sockdir):
            os.chown(p, pw.pw_uid, pw.pw_gid)
    server = PgServer(bindir, datadir, _free_port(), "voiceapp", run_as)
    init = subprocess.run(
        server._cmd([str(bindir / "initdb"), "-D", str(datadir), "-U", "voiceapp", "-A", "trust",
                     "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
        capture_output=True, text=True,
    )
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"initdb failed: {init.stderr.strip()[-400:]}")
    opts = (f"-p {server.port} -c listen_addresses=127.0.0.1 -k {sockdir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
    start = subprocess.run(
        server._cmd([str(bindir / "pg_ctl"), "-D", str(datadir), "-o", opts, "-l",
                     str(root / "server.log"), "-w", "-t", "60", "start"]),
        capture_output=True, text=True,
    )
    if start.returncode != 0:
        log = (root / "server.log").read_text(errors="replace")[-800:] \
            if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"pg_ctl start failed: {start.stderr.strip()} {log}")
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise PostgresUnavailable("the PostgreSQL server did not start listening in 30 s")
