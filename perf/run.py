# ruff: noqa: S603, S607 - a developer's harness running fixed local tools, no user input
"""``make perf``: national-scale data on Postgres, load through gunicorn, figures to a document.

Steps (each printed as it runs):

1. Tools: ``wrk``, the Postgres client, Chromium and gunicorn are there and Postgres answers
   (``make perf-tools`` installs and starts them; this script only checks).
2. A fresh Postgres database ``cs_perf``: migrate, ``load_demo --with-users``,
   ``generate_scale_data`` (timed), ``collectstatic``.
3. Two gunicorn servers (2 workers each) with production settings plus the floor route
   (``perf.settings``). Each endpoint is checked for 200 first (pages other engineers have not
   built yet are listed as such), then loaded by wrk for ``--duration`` seconds through server A.
4. In-process figures: query counts per page (one authority vs all 153), the mandate PDF
   (WeasyPrint) against one Chromium kept running (Playwright's ``page.pdf()``) on the same HTML.
5. A 10,000-row contracts import (``import_contracts``), timed.
   Both servers share one Redis as the figures cache (``CACHE_URL``, under a key prefix of
   this run's own, so nothing from an earlier run is served as "first").
6. Past one machine: load across both servers at once, sessions checked on both, and many
   clients PATCHing one record through both with ``If-Match`` (``perf/concurrency.py``).
7. The results replace the "Scale and speed" section of ``docs/performance.md`` (the other
   sections are kept; ``perf/document.py`` fills ``perf/templates/performance.md``) and are
   also written raw to ``var/perf/results.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perf import concurrency, document  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
OUT = ROOT / "var" / "perf"
DOC = ROOT / "docs" / "performance.md"
PASSWORD = "perf-" + "password-for-demo-users"
PORTS = (8101, 8102)
SLOW_SECONDS = 3.0
IMPORT_TIMEOUT = 900
DB = os.environ.get("PERF_DATABASE", "cs_perf")
PG = ["-h", os.environ.get("PGHOST", "127.0.0.1"), "-U", os.environ.get("PGUSER", "postgres")]
REDIS_URL = os.environ.get("PERF_CACHE_URL", "redis://127.0.0.1:6379/0")


def say(text: str) -> None:
    print(f"[perf {dt.datetime.now(dt.UTC):%H:%M:%S}] {text}", flush=True)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"postgres://{PG[3]}@{PG[1]}:5432/{DB}",
            "DJANGO_SETTINGS_MODULE": "perf.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DEMO_PASSWORD": PASSWORD,
            "STATIC_ROOT": str(OUT / "static"),
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
            "CACHE_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": f"cs-perf-{secrets.token_hex(4)}",
        }
    )
    return env


def check_tools() -> None:
    """Stop early, naming what is missing: installing is ``make perf-tools``'s job (run by
    ``make perf`` before this script), never this script's."""
    tools = ("wrk", "createdb", "chromium", "redis-cli")
    missing = [command for command in tools if not shutil.which(command)]
    if not Path(GUNICORN).exists():
        missing.append("gunicorn (in the venv)")
    if missing:
        raise SystemExit(f"Missing {', '.join(missing)}: run `make perf-tools` (or `make perf`).")
    if subprocess.run(["pg_isready", "-h", PG[1], "-q"]).returncode != 0:
        raise SystemExit(f"No Postgres answers at {PG[1]}: run `make perf-tools` to start it.")
    if subprocess.run(["redis-cli", "-u", REDIS_URL, "ping"], capture_output=True).returncode:
        raise SystemExit(f"No Redis answers at {REDIS_URL}: run `make perf-tools` to start it.")


def manage(env, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )


def setup_database(env, args) -> dict:
    say(f"recreating Postgres database {DB}")
    subprocess.run(["dropdb", *PG, "--if-exists", DB], check=True)
    subprocess.run(["createdb", *PG, DB], check=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--with-users", capture=True)
    say(f"generate_scale_data --authorities {args.authorities} --years {args.years} --seed 1")
    started = time.monotonic()
    result = manage(
        env,
        "generate_scale_data",
        f"--authorities={args.authorities}",
        f"--years={args.years}",
        "--seed=1",
        capture=True,
    )
    seconds = time.monotonic() - started
    print(result.stdout.splitlines()[-1])
    total = re.search(r"Wrote ([\d,]+) rows", result.stdout)
    return {"seconds": seconds, "rows": total.group(1) if total else "?", "log": result.stdout}


def start_servers(env) -> list[subprocess.Popen]:
    servers = []
    for port in PORTS:
        log = open(OUT / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
        servers.append(
            subprocess.Popen(
                [
                    GUNICORN,
                    "childrens_services.wsgi:application",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=2",
                    "--timeout=120",
                ],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    for port in PORTS:
        for _ in range(100):
            try:
                if get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn on port {port} did not start; see {OUT}")
    return servers


def get(port: int, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response, body


def cookies_of(response) -> dict[str, str]:
    found = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key] = rest.split(";", 1)[0]
    return found


def sign_in(port: int, username: str) -> str:
    """The session cookie after signing in through the real login form."""
    status, response, body = get(port, "/accounts/login/")
    csrf = cookies_of(response)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    connection.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
        },
    )
    response = connection.getresponse()
    response.read()
    session = cookies_of(response).get("sessionid")
    if response.status != 302 or not session:
        raise SystemExit(f"signing in as {username} failed ({response.status})")
    return f"sessionid={session}"


def api_token(port: int, username: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    form = urlencode({"username": username, "password": PASSWORD})
    connection.request(
        "POST",
        "/api/v1/token/",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    return json.loads(response.read())["token"]


def wrk(port: int, path: str, headers: dict, duration: int, connections: int = 4) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout=60s",
        "-s",
        str(ROOT / "perf" / "report.lua"),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, check=True, text=True, capture_output=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCHJSON "))
    result = json.loads(line.removeprefix("BENCHJSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def shell(env, code: str) -> str:
    return manage(env, "shell", "-c", code, capture=True).stdout.strip()


def pick_ids(env) -> dict:
    """Records to aim at: a generated authority, its latest mandate, a contract, a report."""
    code = (
        "import json\n"
        "from commissioning.models import Contract\n"
        "from governance.models import CommitteeReport\n"
        "from mandates.models import Mandate\n"
        "from savings.models import SavingsProgramme\n"
        "p = SavingsProgramme.objects.filter(source='generate_scale_data').order_by('pk').first()\n"
        "a = p.authority\n"
        "m = Mandate.objects.filter(authority=a).order_by('-start_year').first()\n"
        "c = Contract.objects.filter(authority=a).order_by('pk').first()\n"
        "e = Contract.objects.exclude(authority=a).order_by('-pk').first()\n"
        "r = CommitteeReport.objects.filter(status='published').order_by('pk').first()\n"
        "print(json.dumps({'authority': a.dfe_code, 'authority_name': a.name, 'mandate': m.pk,"
        " 'contract': c.pk, 'report': r.pk if r else None, 'elsewhere_contract': e.pk,"
        " 'elsewhere_authority': e.authority.dfe_code,"
        " 'contracts': Contract.objects.count()}))"
    )
    return json.loads(shell(env, code).splitlines()[-1])


#: Every other page a member reads, measured only on its first request after an edit elsewhere
#: (issue 20: "every member page and API list"), not load-tested.
MEMBER_PAGES = [
    ("savings table, all authorities, one year", "/dashboards/savings/?year=2012"),
    ("commissioning plan, all authorities", "/dashboards/commissioning/"),
    ("milestones, all authorities", "/dashboards/milestones/"),
    ("success measures, all authorities", "/dashboards/measures/"),
    ("assets pipeline, all authorities", "/dashboards/assets/"),
    ("budgets, all authorities", "/dashboards/budgets/"),
    ("recommendations dashboard", "/dashboards/recommendations/"),
    ("compare authorities", "/dashboards/compare/"),
    ("committee reports", "/reports/"),
    ("mandates", "/mandates/"),
    ("savings programmes", "/savings/"),
    ("savings data quality", "/savings/data-quality/"),
    ("scrutiny recommendations", "/scrutiny/recommendations/"),
    ("decisions", "/decisions/"),
    ("forward plan", "/decisions/forward-plan/"),
    ("benchmarks", "/benchmarks/"),
]


def api_lists(env) -> list[str]:
    """Every list the API publishes (each app's ``api/urls.py`` router), 100 to a page."""
    code = (
        "import json\n"
        "from importlib import import_module\n"
        "from childrens_services.api.urls import API_APPS\n"
        "found = []\n"
        "for app in API_APPS:\n"
        "    router = getattr(import_module(app + '.api.urls'), 'router', None)\n"
        "    found += [prefix for prefix, *_ in (router.registry if router else ())]\n"
        "print(json.dumps(found))"
    )
    return [
        f"/api/v1/{prefix}/?page_size=100"
        for prefix in json.loads(shell(env, code).splitlines()[-1])
    ]


def endpoints(ids: dict) -> list[tuple[str, str, str]]:
    """(group, label, path) for every endpoint the issue names."""
    one = ids["authority"]
    return [
        ("floor", "bare Django view (JSON, no queries, no writes)", "/perf/floor/"),
        ("dashboard", f"overview dashboard, one authority ({one})", f"/dashboards/?scope={one}"),
        ("dashboard", "overview dashboard, all authorities", "/dashboards/"),
        (
            "dashboard",
            "savings table, one authority, filtered",
            f"/dashboards/savings/?scope={one}&confidence=assured&funding=GF",
        ),
        (
            "dashboard",
            "savings table, all authorities, filtered",
            "/dashboards/savings/?confidence=assured&funding=GF",
        ),
        (
            "dashboard",
            "contracts table, one authority, filtered",
            f"/dashboards/contracts/?scope={one}&status=active&value_from=100000",
        ),
        (
            "dashboard",
            "contracts table, all authorities, filtered",
            "/dashboards/contracts/?status=active&value_from=100000",
        ),
        ("api", "API contracts list (100 per page)", "/api/v1/contracts/?page_size=100"),
        ("api", "API savings lines list (100 per page)", "/api/v1/savings-lines/?page_size=100"),
        ("api", "API contract detail", f"/api/v1/contracts/{ids['contract']}/"),
        ("dashboard", "mandate page", f"/mandates/{ids['mandate']}/"),
        ("dashboard", "renewals, all authorities", "/dashboards/contracts/renewals/?months=6"),
        ("pdf", "published report PDF (served)", f"/reports/{ids['report']}/pdf/"),
        # Every other member page, held to the same budget when repeated (issue 20).
        *(("dashboard", label, path) for label, path in MEMBER_PAGES),
    ]


def measure_endpoints(env, ids, cookie, duration) -> list[dict]:
    port = PORTS[0]
    rows = []
    for group, label, path in endpoints(ids):
        started = time.monotonic()
        status, response, _ = get(port, path, {"Cookie": cookie})
        single = time.monotonic() - started
        row = {"group": group, "label": label, "path": path, "status": status, "single_s": single}
        if status != 200:
            say(f"{status} {path}: not measured")
            rows.append(row)
            continue
        if single > SLOW_SECONDS:
            # Loading a page this slow would only queue requests behind it for minutes; its one
            # request's time says what the load test would.
            say(f"{path} took {single:.1f} s: not load-tested")
            rows.append(row)
            continue
        get(port, path, {"Cookie": cookie})
        say(f"wrk {duration} s {path}")
        row.update(wrk(port, path, {"Cookie": cookie}, duration))
        rows.append(row)
    return rows


def after_edits(ids, cookie, token, rounds: int, others=()) -> list[dict]:
    """Each member page and API list's first request after an edit in another authority.

    Per round: one officer-sized change (a contract's ``apprenticeships`` plus one, PATCHed
    with ``If-Match`` through server B, so the change reaches server A only through the
    database and the shared Redis) in an authority the one-authority pages do not show, then
    one request through server A, timed, for every endpoint above and ``others`` (every other
    member page and API list). What a member meets while officers elsewhere edit all day: a
    page whose figures the edit cannot change should still be cached; a page it can change
    (every all-authorities page) is drawn again, only the edited authority's parts afresh.
    """
    edit_base = f"http://127.0.0.1:{PORTS[1]}"
    edited = f"/api/v1/contracts/{ids['elsewhere_contract']}/"
    rows = []
    for group, label, path in [*endpoints(ids), *others]:
        if group not in ("dashboard", "api", "page", "member", "api list"):
            continue
        status, _, _ = get(PORTS[0], path, {"Cookie": cookie})  # as a member's earlier visit
        if status != 200:
            say(f"{status} {path}: not measured after edits")
            rows.append({"group": group, "label": label, "path": path, "status": status, "s": []})
            continue
        times = []
        for _ in range(rounds):
            status, etag, data = concurrency.request(edit_base, "GET", edited, token)
            value = json.loads(data)["apprenticeships"] or 0
            status, _, _ = concurrency.request(
                edit_base, "PATCH", edited, token, {"apprenticeships": value + 1}, etag
            )
            if status != 200:
                raise SystemExit(f"the edit elsewhere answered {status}")
            started = time.monotonic()
            status, _, _ = get(PORTS[0], path, {"Cookie": cookie})
            times.append(time.monotonic() - started)
        median = statistics.median(times) * 1000
        say(f"after {rounds} edits elsewhere {path}: median {median:.0f} ms")
        rows.append({"group": group, "label": label, "path": path, "status": status, "s": times})
    return rows


def contracts_csv(path: Path, rows: int) -> None:
    headers = [
        "Reference Number",
        "Title",
        "Description",
        "Responsible Department",
        "Supplier Name",
        "Start Date",
        "End Date",
        "Contract Value",
        "Procurement Process",
        "Forecast 2026/27",
        "Forecast 2027/28",
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for n in range(1, rows + 1):
            value = 5000 + (n * 7919) % 2_000_000
            writer.writerow(
                [
                    f"BENCH-{n:05d}",
                    f"Placement framework lot {n}",
                    "Residential and foster placements for looked-after children",
                    "Children's Services",
                    f"Provider {n % 400:03d} Ltd",
                    "2026-04-01",
                    "2029-03-31",
                    f"{value}.00",
                    "Open tender",
                    f"{value // 3}.00",
                    f"{value // 3}.00",
                ]
            )


def measure_import(env) -> dict:
    path = OUT / "contracts-10000.csv"
    contracts_csv(path, 10_000)
    started = time.monotonic()
    try:
        result = subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "import_contracts", str(path), "--authority", "205"],
            env=env,
            check=True,
            text=True,
            capture_output=True,
            timeout=IMPORT_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return {"rows": 10_000, "seconds": IMPORT_TIMEOUT, "summary": "stopped: too slow"}
    seconds = time.monotonic() - started
    summary = result.stdout.strip().splitlines()[-1]
    return {"rows": 10_000, "seconds": seconds, "summary": summary}


def inprocess(env, *args: str) -> dict:
    result = subprocess.run(
        [PYTHON, str(ROOT / "perf" / "inprocess.py"), *args],
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCHJSON "))
    return json.loads(line.removeprefix("BENCHJSON "))


def past_one_machine(ids, cookie, token, duration) -> dict:
    sessions = {}
    for port in PORTS:
        status, response, _ = get(port, "/reports/", {"Cookie": cookie})
        sessions[port] = status
    path = "/api/v1/contracts/?page_size=100"
    headers = {"Authorization": f"Token {token}"}
    say(f"wrk on both servers at once, {duration} s, {path}")
    procs = []
    for port in PORTS:
        command = ["wrk", "-t1", "-c4", f"-d{duration}s", "--timeout=60s"]
        command += ["-s", str(ROOT / "perf" / "report.lua")]
        command += ["-H", f"Authorization: {headers['Authorization']}"]
        command.append(f"http://127.0.0.1:{port}{path}")
        procs.append(subprocess.Popen(command, text=True, stdout=subprocess.PIPE))
    both = []
    for proc in procs:
        output, _ = proc.communicate()
        line = next(x for x in output.splitlines() if x.startswith("BENCHJSON "))
        result = json.loads(line.removeprefix("BENCHJSON "))
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        both.append(result)
    say("concurrent If-Match PATCHes through both servers")
    bases = [f"http://127.0.0.1:{port}" for port in PORTS]
    patch = concurrency.run(
        bases, f"/api/v1/contracts/{ids['contract']}/", "apprenticeships", token, 8, 10
    )
    return {"sessions": sessions, "load": both, "patch": patch}


def machine() -> str:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1).strip() if match else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s*(\d+)", meminfo.read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    pg = subprocess.run(
        ["psql", *PG, "-tAc", "show server_version"], text=True, capture_output=True
    )
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Postgres {pg.stdout.strip() or '?'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--authorities", type=int, default=153)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--duration", type=int, default=10, help="Seconds of load per endpoint.")
    parser.add_argument(
        "--rounds", type=int, default=20, help="Edits elsewhere per page (first-request p95)."
    )
    parser.add_argument(
        "--reuse", action="store_true", help="Keep the existing database (PERF_DATABASE)."
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    check_tools()
    env = environment()
    saved = OUT / "generate.json"
    if not args.reuse:
        saved.write_text(json.dumps(setup_database(env, args)))
    generate = json.loads(saved.read_text()) if saved.exists() else {"seconds": 0, "rows": "?"}
    manage(env, "collectstatic", "--noinput", "-v0")
    ids = pick_ids(env)
    say(f"aiming at {ids}")
    servers = start_servers(env)
    try:
        cookie = sign_in(PORTS[0], "scrutiny")
        token = api_token(PORTS[0], "admin")
        results = {
            "date": f"{dt.datetime.now(dt.UTC):%d %B %Y %H:%M} UTC",
            "machine": machine(),
            "authorities": args.authorities,
            "years": args.years,
            "duration": args.duration,
            "generate": {k: v for k, v in generate.items() if k != "log"},
            "ids": ids,
            "endpoints": measure_endpoints(env, ids, cookie, args.duration),
        }
        say(f"first requests after an edit in another authority, {args.rounds} rounds each")
        others = [("api list", "API list", path) for path in api_lists(env)]
        results["after_edits"] = after_edits(ids, cookie, token, args.rounds, others)
        results["past_one_machine"] = past_one_machine(ids, cookie, token, args.duration)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    say("query counts and PDF yardstick (in process)")
    pages = [path for group, _, path in endpoints(ids) if group in ("dashboard", "page", "api")]
    results["queries"] = inprocess(env, "queries", *pages)
    results["pdf"] = inprocess(env, "pdf", str(ids["mandate"]))
    say("10,000-row contracts import")
    results["import"] = measure_import(env)
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))
    notes = ROOT / "perf" / "NOTES.md"
    document.write_document(
        DOC, results, PORTS, notes.read_text(encoding="utf-8") if notes.exists() else ""
    )
    medians = [r["p50_us"] for r in results["endpoints"] if "p50_us" in r]
    median = statistics.median(medians) / 1000
    say(f"done: {len(medians)} endpoints measured; median p50 {median:.1f} ms")
    say(f"wrote {DOC.relative_to(ROOT)} and {(OUT / 'results.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
