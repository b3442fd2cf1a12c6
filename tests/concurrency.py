"""Eight people at once against the app started as `make run` starts it (issue 16).

``tests/test_concurrency.py`` runs this against a real server process (the Procfile through
honcho: runserver and the task worker) on a database migrated and given ``load_demo``:

* two officers PATCH one H&F contract through the API with ``If-Match`` (a save every 0.2 s
  or so) and one officer saves it through its admin form, all adding one to
  ``apprenticeships``; a fourth officer PATCHes another contract about once a second, a fifth
  saves that one in the admin;
* the clerk supersedes the newest published report and publishes the new version, over and
  over, and asks once for an agenda pack (which the worker renders meanwhile);
* two scrutiny members read dashboards, tables and report pages.

Every response is recorded. Afterwards the records are counted: each contract's version and
value moved by exactly the number of saves the clients were told were applied, and its
history grew by as many rows; each refused save was refused with the conflict message.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests

PASSWORD = "concurrency-test-password"  # noqa: S105 (given to load_demo by the test)
#: What a refused save must say (the admin's stale-record message, the API's 412 detail).
CONFLICT_WORDS = ("changed by", "after you opened it", "reload")
BROWSING = [
    "/",
    "/dashboards/",
    "/dashboards/savings/",
    "/dashboards/contracts/",
    "/dashboards/savings/?scope=205",
    "/mandates/",
    "/reports/",
    "/benchmarks/",
    "/dashboards/compare/",
]


@dataclass
class Tally:
    """What every client saw, shared between the threads."""

    statuses: Counter = field(default_factory=Counter)
    applied: Counter = field(default_factory=Counter)  # per contract id
    refused: Counter = field(default_factory=Counter)  # per contract id
    channels: Counter = field(default_factory=Counter)  # "API applied", "admin refused", ...
    published: int = 0
    publish_refused: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, response: requests.Response, started: float) -> None:
        with self.lock:
            self.statuses[response.status_code] += 1
            self.latencies.append(time.monotonic() - started)
            if response.status_code >= 500:
                self.problems.append(
                    f"{response.request.method} {response.request.path_url} answered "
                    f"{response.status_code}: {response.text[:300]!r}"
                )

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)


class Client:
    """One signed-in person: a requests session that records every response."""

    def __init__(self, base: str, username: str, tally: Tally) -> None:
        self.base = base
        self.tally = tally
        self.http = requests.Session()
        self.get("/accounts/login/")
        response = self.post(
            "/accounts/login/", {"username": username, "password": PASSWORD}, redirect=False
        )
        if response.status_code != 302:
            raise AssertionError(f"{username} could not sign in: {response.status_code}")

    def _send(self, method: str, path: str, **kwargs) -> requests.Response:
        started = time.monotonic()
        kwargs.setdefault("timeout", 120)
        response = self.http.request(method, self.base + path, **kwargs)
        self.tally.saw(response, started)
        return response

    @property
    def csrf(self) -> str:
        return self.http.cookies.get("csrftoken", "")

    def get(self, path: str, **kwargs) -> requests.Response:
        return self._send("GET", path, **kwargs)

    def post(self, path: str, data=None, *, redirect: bool = True) -> requests.Response:
        data = {**(data or {}), "csrfmiddlewaretoken": self.csrf}
        return self._send(
            "POST",
            path,
            data=data,
            allow_redirects=redirect,
            headers={"Referer": self.base + path},
        )

    def api(self, method: str, path: str, body=None, etag=None) -> requests.Response:
        headers = {"Accept": "application/json", "X-CSRFToken": self.csrf}
        if etag:
            headers["If-Match"] = etag
        return self._send(method, path, json=body, headers=headers)


class FormReader(HTMLParser):
    """The fields of one HTML form as a browser would post them (no JavaScript)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_multiple = False
        self._select_chosen: list[str] = []
        self._select_first: str | None = None
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_multiple = name, "multiple" in a
            self._select_chosen, self._select_first = [], None
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._option = {"value": value, "selected": "selected" in a}
            self._text = []
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._option is not None or self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "option" and self._option is not None:
            value = self._option["value"]
            if value is None:
                value = "".join(self._text).strip()
            if self._select_first is None:
                self._select_first = value
            if self._option["selected"]:
                self._select_chosen.append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = self._select_chosen
            if not chosen and not self._select_multiple and self._select_first is not None:
                chosen = [self._select_first]
            self.fields += [(self._select, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "form":
            self.inside = False


def read_form(html: str, form_id: str) -> list[tuple[str, str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    if not reader.fields:
        raise AssertionError(f"no form #{form_id} on the page")
    return reader.fields


def says_conflict(text: str) -> bool:
    lowered = text.lower()
    return all(word in lowered for word in CONFLICT_WORDS)


def api_officer(client: Client, contract: int, stop: float, pause: float) -> None:
    """Read the contract, PATCH ``apprenticeships`` one higher with its ETag; repeat.

    ``pause`` (seconds, on average) between saves: a script or a person, not a tight loop, so
    the slower admin form (read the page, then post it) also gets its saves in.
    """
    path = f"/api/v1/contracts/{contract}/"
    tally = client.tally
    while time.monotonic() < stop:
        time.sleep(random.uniform(0.5, 1.5) * pause)
        read = client.api("GET", path)
        if read.status_code != 200:
            tally.problem(f"GET {path} answered {read.status_code}")
            continue
        value = read.json()["apprenticeships"] or 0
        saved = client.api("PATCH", path, {"apprenticeships": value + 1}, read.headers["ETag"])
        with tally.lock:
            if saved.status_code == 200:
                tally.applied[contract] += 1
                tally.channels["API applied"] += 1
            elif saved.status_code in (409, 412) and "version" in saved.text.lower():
                tally.refused[contract] += 1
                tally.channels[f"API refused ({saved.status_code})"] += 1
            elif saved.status_code < 500:
                tally.problems.append(f"PATCH {path}: {saved.status_code} {saved.text[:300]!r}")


def admin_officer(client: Client, contract: int, stop: float) -> None:
    """Open the contract's admin form, add one to ``apprenticeships``, press Save; repeat."""
    path = f"/admin/commissioning/contract/{contract}/change/"
    tally = client.tally
    while time.monotonic() < stop:
        page = client.get(path)
        if page.status_code != 200:
            tally.problem(f"GET {path} answered {page.status_code}")
            continue
        fields = read_form(page.text, "contract_form")
        value = int(dict(fields).get("apprenticeships") or 0)
        data: dict[str, list[str]] = {}
        for name, current in fields:
            data.setdefault(name, []).append(current)
        data["apprenticeships"] = [str(value + 1)]
        data["_save"] = ["Save"]
        data["csrfmiddlewaretoken"] = [client.csrf]
        saved = client._send(
            "POST", path, data=data, allow_redirects=False, headers={"Referer": client.base + path}
        )
        location = saved.headers.get("Location", "")
        with tally.lock:
            if saved.status_code == 302 and location.endswith("/commissioning/contract/"):
                tally.applied[contract] += 1
                tally.channels["admin applied"] += 1
                continue
        # Refused: either the form said so (200) or the save did and sent us back (302 here).
        shown = saved if saved.status_code == 200 else client.get(path)
        with tally.lock:
            if says_conflict(shown.text):
                tally.refused[contract] += 1
                tally.channels["admin refused (stale-record message)"] += 1
            elif saved.status_code < 500:
                errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', shown.text, re.S)
                tally.problems.append(f"admin save of {contract}: {saved.status_code} {errors}")


def clerk(client: Client, report: int, meeting: int, stop: float, packs: list) -> None:
    """Ask for an agenda pack, then supersede the newest report and publish the new version
    from its confirmation page, repeatedly."""
    tally = client.tally
    response = client.post(f"/reports/meetings/{meeting}/pack/", redirect=False)
    packs.append(response.headers.get("Location", ""))
    while time.monotonic() < stop:
        response = client.post(f"/reports/{report}/supersede/", redirect=False)
        match = re.search(r"/reports/(\d+)/compose/", response.headers.get("Location", ""))
        if not match:
            tally.problem(f"supersede {report}: {response.status_code}")
            return
        draft = int(match.group(1))
        confirmation = client.get(f"/reports/{draft}/publish/")
        stamp = re.search(r'name="stamp" value="([0-9a-f]+)"', confirmation.text)
        if not stamp:
            tally.problem(f"publish {draft}: no confirmation form ({confirmation.status_code})")
            return
        page = client.post(f"/reports/{draft}/publish/", {"stamp": stamp.group(1)})
        with tally.lock:
            if "Published." in page.text:
                tally.published += 1
                report = draft
            elif page.status_code < 500:
                tally.publish_refused.append(page.text[:300])
                return


def member(client: Client, stop: float, offset: int) -> None:
    tally = client.tally
    turn = offset
    while time.monotonic() < stop:
        path = BROWSING[turn % len(BROWSING)]
        turn += 1
        response = client.get(path)
        if response.status_code != 200:
            tally.problem(f"GET {path} as a member answered {response.status_code}")


def run(base: str, ids: dict, seconds: float) -> dict:
    """Eight clients for ``seconds``; returns what they saw."""
    tally = Tally()
    people = {
        name: Client(base, user, tally)
        for name, user in [
            ("api_a1", "officer_hf"),
            ("api_a2", "officer_hf"),
            ("admin_a", "officer_hf"),
            ("api_b", "officer_hf"),
            ("admin_b", "officer_hf"),
            ("clerk", "clerk"),
            ("member1", "scrutiny"),
            ("member2", "scrutiny"),
        ]
    }
    packs: list[str] = []
    a, b = ids["contract_a"], ids["contract_b"]
    stop = time.monotonic() + seconds
    jobs = [
        (api_officer, (people["api_a1"], a, stop, 0.2)),
        (api_officer, (people["api_a2"], a, stop, 0.2)),
        (admin_officer, (people["admin_a"], a, stop)),
        (api_officer, (people["api_b"], b, stop, 1.0)),
        (admin_officer, (people["admin_b"], b, stop)),
        (clerk, (people["clerk"], ids["report"], ids["meeting"], stop, packs)),
        (member, (people["member1"], stop, 0)),
        (member, (people["member2"], stop, 4)),
    ]

    def guarded(job, args):
        try:
            job(*args)
        except Exception as exc:  # a client's own failure is a finding, not a crash
            tally.problem(f"{job.__name__} stopped: {exc!r}")

    started = time.monotonic()
    threads = [threading.Thread(target=guarded, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies = sorted(tally.latencies)
    return {
        "seconds": round(elapsed, 1),
        "requests": sum(tally.statuses.values()),
        "statuses": dict(sorted(tally.statuses.items())),
        "applied": {str(k): v for k, v in tally.applied.items()},
        "refused": {str(k): v for k, v in tally.refused.items()},
        "channels": dict(sorted(tally.channels.items())),
        "published": tally.published,
        "publish_refused": tally.publish_refused,
        "problems": tally.problems,
        "packs": packs,
        "p50_ms": round(1000 * latencies[len(latencies) // 2]) if latencies else None,
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)]) if latencies else None,
    }


def dumps(result: dict) -> str:
    return json.dumps(result, indent=2, sort_keys=True)
