"""A throw-away PostgreSQL cluster of a test's own, to stop and start at will
(as .ci/postgres.sh starts the shared one; the server refuses to run as root)."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import tempfile
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                   key=lambda p: [int(x) for x in p.parent.name.split(".") if x.isdigit()])
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _reachable_tmp() -> str:
    """A temporary folder the postgres user can pass through."""
    for folder in (tempfile.gettempdir(), "/var/tmp"):
        if os.stat(folder).st_mode & stat.S_IXOTH:
            return folder
    return tempfile.gettempdir()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """initdb, then `start()` / `stop()` as often as the test needs."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        if bin_dir is None or not (bin_dir / "pg_ctl").exists():
            raise FileNotFoundError("PostgreSQL server binaries are not installed")
        self.bin = bin_dir
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.root = Path(tempfile.mkdtemp(prefix="desk-pg-", dir=_reachable_tmp()))
        if self.as_user:
            shutil.chown(self.root, "postgres")
        self.data = self.root / "data"
        self.port = _free_port()
        try:
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E",
                      "UTF8", "--locale=C.UTF-8")
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self.as_user, str(self.bin / tool), *args], cwd=self.root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              timeout=60, check=False)
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr.strip()}")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off",
                  "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m",
                        "immediate", "stop"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)
