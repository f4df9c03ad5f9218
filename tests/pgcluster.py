"""A throw-away PostgreSQL server for the tests and benchmarks (issue 14: real components).

`PgCluster.start()` runs initdb into a temporary folder and starts `postgres` on a free loopback
port with a private socket folder; `stop()` ends it and removes the folder.  The server binaries
come from the Debian `postgresql` package (`.ci/run` installs it when missing).  PostgreSQL refuses
to run as root, so as root the cluster runs as the unprivileged user `postgres` (created by the
package) or, failing that, `nobody`.

Nothing here is skipped when the server is missing: `start()` raises with what to install.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

INSTALL_HINT = "install the PostgreSQL server: apt-get install -y postgresql (bash .ci/run does)"


def server_bindir() -> Path:
    """The folder of initdb / postgres / pg_ctl: the newest /usr/lib/postgresql/N/bin, else PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for bindir in reversed(versions):
        if (bindir / "initdb").exists() and (bindir / "postgres").exists():
            return bindir
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(found).resolve().parent
    raise RuntimeError(f"no PostgreSQL server on this machine: {INSTALL_HINT}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> str | None:
    """The user to run the server as when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root and no unprivileged user (postgres, nobody) to run as")


class PgCluster:
    """One PostgreSQL server in a temporary folder; superuser `postgres`, trust auth on loopback."""

    def __init__(self) -> None:
        self.bindir = server_bindir()
        self.user = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="form9-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "run"
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    # ---- running ---------------------------------------------------------------------------
    def _cmd(self, *args: str) -> list[str]:
        if self.user is None:
            return list(args)
        return ["runuser", "-u", self.user, "--", *args]

    def start(self, timeout: float = 30.0) -> PgCluster:
        self.sockets.mkdir()
        os.chmod(self.root, 0o755)
        if self.user is not None:
            info = pwd.getpwnam(self.user)
            for p in (self.root, self.sockets):
                os.chown(p, info.pw_uid, info.pw_gid)
        init = subprocess.run(
            self._cmd(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
                      "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        return self._launch(timeout)

    def _launch(self, timeout: float) -> PgCluster:
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 (kept open for the server)
        self.process = subprocess.Popen(
            self._cmd(str(self.bindir / "postgres"), "-D", str(self.data), "-p", str(self.port),
                      "-k", str(self.sockets), "-c", "listen_addresses=127.0.0.1",
                      "-c", "fsync=off", "-c", "synchronous_commit=off",
                      "-c", "full_page_writes=off", "-c", "max_connections=200"),
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"postgres exited at start: {self.log_tail()}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                if self._ready():
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"postgres did not start within {timeout:.0f} s: {self.log_tail()}")

    def pause(self) -> None:
        """Stop the server but keep its data: the office's server gone mid-session (fast shutdown:
        the clients' connections are cut at once).  resume() starts it again on the same port."""
        if self.process is not None and self.process.poll() is None:
            subprocess.run(
                self._cmd(str(self.bindir / "pg_ctl"), "stop", "-D", str(self.data), "-m", "fast",
                          "-w"),
                capture_output=True, check=False,
            )  # fmt: skip
            self.process.wait(20)
        self.process = None

    def resume(self, timeout: float = 30.0) -> PgCluster:
        return self._launch(timeout)

    def _ready(self) -> bool:
        probe = subprocess.run(
            [str(self.bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"],
            check=False,
        )
        return probe.returncode == 0

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = (self.root / "server.log").read_text(errors="replace")
        except OSError:
            return ""
        return " | ".join(text.strip().splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # smart shutdown
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        shutil.rmtree(self.root, ignore_errors=True)

    # ---- databases -------------------------------------------------------------------------
    def url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL as the superuser (set-up of roles and databases); returns psql's output."""
        out = subprocess.run(
            [str(self.bindir / "psql") if (self.bindir / "psql").exists() else "psql",
             "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
             "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if out.returncode != 0:
            raise RuntimeError(f"psql: {out.stderr.strip()}")
        return out.stdout

    def new_database(self, prefix: str = "form9", template: str = "template0") -> str:
        """A fresh database (empty, or a copy of `template`); returns its name."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')
        return name

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def running_cluster() -> Iterator[PgCluster]:
    cluster = PgCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()
