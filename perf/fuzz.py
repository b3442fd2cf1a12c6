# ruff: noqa: S603, S310 - a developer's harness running fixed local tools against its own server
"""``make fuzz``: schemathesis over the whole API, every check, signed in as an officer.

A fresh database gets the demo data and users (``load_demo --with-users``); ``runserver``
serves it on ``FUZZ_PORT`` (8300); the OpenAPI schema is fetched with officer_hf's token and
schemathesis runs its coverage, fuzzing and stateful phases with ``--checks all`` against it,
bounded by ``FUZZ_MAX_EXAMPLES`` per operation and ``FUZZ_MAX_TIME`` seconds. The run fails if
any response is a server error (5xx) or has a content type the schema does not document;
the other checks' findings are reported (see ``docs/fuzzing.md`` for what they mean here).

Not part of ``make test``: a run takes several minutes. Settings, all optional:
``FUZZ_DATABASE_URL`` (default a SQLite file in the temp directory, recreated each run),
``FUZZ_PORT``, ``FUZZ_MAX_EXAMPLES`` (5), ``FUZZ_MAX_TIME`` (600), ``FUZZ_SEED`` (1).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("FUZZ_PORT", "8300"))
MAX_EXAMPLES = os.environ.get("FUZZ_MAX_EXAMPLES", "5")
MAX_TIME = os.environ.get("FUZZ_MAX_TIME", "600")
SEED = os.environ.get("FUZZ_SEED", "1")
USER = "officer_hf"
#: The failures that fail the run: schemathesis's codes for a server error and for a content
#: type the schema does not document.
FATAL = {"ST101", "ST102", "ST104", "ST105", "ST106"}


def manage(*args: str, env: dict, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def wait_for(url: str, seconds: float = 60) -> None:
    ends = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > ends:
                raise
            time.sleep(0.5)


def fetch_schema(base: str, token: str, path: Path) -> int:
    request = urllib.request.Request(
        f"{base}/api/v1/schema/?format=json", headers={"Authorization": f"Token {token}"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        schema = json.load(response)
    path.write_text(json.dumps(schema))
    methods = {"get", "post", "put", "patch", "delete"}
    return sum(1 for item in schema["paths"].values() for method in item if method in methods)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="cs-fuzz-"))
    database = os.environ.get("FUZZ_DATABASE_URL", f"sqlite:///{work}/fuzz.sqlite3")
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "DEBUG": "true",
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", "correct horse battery staple"),
    }
    print(f"fuzz: database {database}, work files in {work}", flush=True)
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_demo", "--with-users", env=env, capture=True)
    created = manage("drf_create_token", USER, env=env, capture=True)
    token = re.search(r"token (\w+)", created).group(1)
    base = f"http://127.0.0.1:{PORT}"
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"{base}/healthz")
        schema = work / "schema.json"
        operations = fetch_schema(base, token, schema)
        config = work / "schemathesis.toml"
        config.write_text(f'[auth.openapi.tokenAuth]\napi_key = "Token {token}"\n')
        command = [
            str(BIN / "schemathesis"),
            "--config-file",
            str(config),
            "--no-color",
            "run",
            str(schema),
            "--url",
            base,
            "--checks",
            "all",
            "--phases",
            "coverage,fuzzing,stateful",
            "--max-examples",
            MAX_EXAMPLES,
            "--max-time",
            MAX_TIME,
            "--seed",
            SEED,
            "--workers",
            "1",
            "--report",
            "junit",
            "--report-dir",
            str(work / "report"),
        ]
        print(f"fuzz: {operations} operations; {' '.join(command)}", flush=True)
        started = time.monotonic()
        run = subprocess.run(command, cwd=work, capture_output=True, text=True)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    (work / "schemathesis.log").write_text(run.stdout + run.stderr)
    summary = run.stdout[run.stdout.rfind("SUMMARY") :] if "SUMMARY" in run.stdout else ""
    print(summary or run.stdout[-5000:] + run.stderr[-5000:])
    failures = Counter(
        {code: int(count) for code, count in re.findall(r"(ST\d+) [^:\n]+: (\d+)", summary)}
    )
    server_errors = len(re.findall(r'" 5\d\d ', (work / "server.log").read_text()))
    print(
        f"fuzz: {elapsed:.0f} s; responses with status 5xx in the server log: {server_errors}; "
        f"failures by check: {dict(sorted(failures.items())) or 'none'}; "
        f"full output: {work / 'schemathesis.log'}"
    )
    fatal = {code: count for code, count in failures.items() if code in FATAL}
    if server_errors or fatal or not summary:
        print(f"fuzz: FAILED (server errors or undocumented content types: {fatal})")
        return 1
    print("fuzz: no server errors and no undocumented content types")
    return 0


if __name__ == "__main__":
    sys.exit(main())
