"""A private OpenLink Virtuoso (Debian's ``virtuoso-opensource``) for the remote-store tests.

Each instance lives in its own temporary directory with its own ``virtuoso.ini`` (database,
transaction log and error log there; HTTP and SQL ports free ports on 127.0.0.1), runs in the
foreground as our child process, and is stopped with it: the Debian service, its database
under /var/lib and its DBA password are never used. A new database's DBA password is ``dba``
(Virtuoso's documented default), which is safe here because the SQL port listens on
127.0.0.1 only and the database is deleted with the directory.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import requests

#: The ResultSetMaxRows the test instance runs with: Virtuoso cuts every SELECT's answer at
#: this many rows without an error (its ``[SPARQL]`` section); STORE_MAX_ROWS tells kg. Above
#: SPARQL_MAX_ROWS (10 000), so /sparql still cuts at its own limit and says so; pages, which
#: need whole answers, are refused one that reaches it.
MAX_ROWS = 20_000

INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxKeepAlives = 10
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""

#: Lets the anonymous SPARQL user (the one /sparql and /sparql-graph-crud run as) write, so
#: ``kg load --into`` can replace graphs with the Graph Store Protocol (Virtuoso's docs,
#: "SPARQL Graph Store HTTP Protocol": the SPARQL_UPDATE role).
GRANTS = (
    'GRANT SPARQL_UPDATE TO "SPARQL"; '
    'GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL"; '
    'GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL"; '
    'GRANT EXECUTE ON DB.DBA.L_O_LOOK TO "SPARQL";'
)


@dataclass
class Virtuoso:
    process: subprocess.Popen[bytes]
    directory: Path
    http_port: int
    sql_port: int

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def isql(self, sql: str) -> str:
        done = subprocess.run(
            [isql_binary(), f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql {sql!r}: {done.stdout}{done.stderr}")
        return done.stdout


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def isql_binary() -> str:
    return shutil.which("isql-vt") or shutil.which("isql") or "isql-vt"


def start_virtuoso(
    directory: Path, http_port: int, sql_port: int, max_rows: int = MAX_ROWS
) -> Virtuoso:
    """Start ``virtuoso-t +foreground`` on a new database in ``directory``; wait until ready."""
    binary = virtuoso_binary()
    if binary is None:
        raise FileNotFoundError("virtuoso-t (apt-get install virtuoso-opensource)")
    directory.mkdir(parents=True, exist_ok=True)
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(d=directory, sql=sql_port, http=http_port, max_rows=max_rows))
    log = open(directory / "stdout.log", "wb")  # noqa: SIM115 - the child keeps it open
    process = subprocess.Popen(
        [binary, "+configfile", str(ini), "+foreground"],
        cwd=directory,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    server = Virtuoso(process, directory, http_port, sql_port)
    deadline = time.monotonic() + 120  # a new database takes a few seconds to create
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited: {_log(directory)}")
        try:
            if requests.post(server.endpoint, data={"query": "ASK {}"}, timeout=2).ok:
                server.isql(GRANTS)
                return server
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"virtuoso-t did not start: {_log(directory)}")


def _log(directory: Path) -> str:
    text = ""
    for name in ("stdout.log", "virtuoso.log"):
        path = directory / name
        if path.exists():
            text += path.read_text(errors="replace")[-2000:]
    return text
