"""Many clients PATCHing one record through two app servers with ``If-Match``: no lost update.

Each client reads the record (GET gives its ETag and value), PATCHes the value plus one with
``If-Match``, and on 412 (someone else got there first) reads again and retries. If optimistic
locking holds across processes, the final value equals the starting value plus the number of
PATCHes that succeeded. Used by ``perf/run.py``; also runnable alone against running servers.
"""

from __future__ import annotations

import http.client
import json
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Outcome:
    succeeded: int = 0
    conflicts: int = 0
    torn_reads: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def request(base: str, method: str, path: str, token: str, body: dict | None = None, etag=None):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    payload = None
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
    if etag is not None:
        headers["If-Match"] = etag
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response.getheader("ETag"), data


def client(bases, path, field_name, token, updates, outcome: Outcome, offset: int) -> None:
    done = 0
    turn = offset
    while done < updates:
        base = bases[turn % len(bases)]
        turn += 1
        status, etag, data = request(base, "GET", path, token)
        if status != 200:
            with outcome.lock:
                outcome.errors.append(f"GET {status}")
            return
        record = json.loads(data)
        value = record[field_name] or 0
        if etag and not etag.rstrip('"').endswith(f".v{record.get('version')}"):
            # The body and the ETag describe different versions of the record: a PATCH naming
            # this ETag would overwrite a change the client never saw.
            with outcome.lock:
                outcome.torn_reads += 1
        status, _, data = request(base, "PATCH", path, token, {field_name: value + 1}, etag)
        with outcome.lock:
            if status == 200:
                outcome.succeeded += 1
                done += 1
            elif status == 412:
                outcome.conflicts += 1
            else:
                outcome.errors.append(f"PATCH {status}: {data[:200]!r}")
                return


def run(bases: list[str], path: str, field_name: str, token: str, clients=8, updates=10) -> dict:
    status, _, data = request(bases[0], "GET", path, token)
    if status != 200:
        return {"error": f"GET {path} answered {status}"}
    start = json.loads(data)[field_name] or 0
    outcome = Outcome()
    threads = [
        threading.Thread(target=client, args=(bases, path, field_name, token, updates, outcome, n))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _, _, data = request(bases[1 % len(bases)], "GET", path, token)
    final = json.loads(data)[field_name]
    return {
        "clients": clients,
        "start": start,
        "final": final,
        "succeeded": outcome.succeeded,
        "conflicts_retried": outcome.conflicts,
        "errors": outcome.errors,
        "torn_reads": outcome.torn_reads,
        "lost_updates": start + outcome.succeeded - final,
    }
