"""A bounded local load test of the web app: ``rightsrules serve`` on 127.0.0.1 in a process of
its own, and many requests from concurrent clients, every answer checked.

    .venv/bin/python benchmarks/web_load.py                     # 200 requests, 20 clients, 5 rounds
    .venv/bin/python benchmarks/web_load.py --requests 20 --clients 5 --rounds 1

The requests are a fixed mix: pages (the start page in English, French and Arabic, the style
sheet) and ``POST /api/advise`` with each bundled example in turn (one request in four). An
answer counts only when its status is 200 and its body is the right one: the API's the bytes
the library writes for that scenario, a page in its language and direction, the style sheet
the package's file. Any other answer, or a failed connection, is an error, and the run fails.

Each round reports the median and 95th-percentile latency and the throughput; the best round
(the highest throughput) and the load average of the machine are printed at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import queue
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "facts" / "examples").glob("*.yaml"))
#: The pages of the mix, and what the body of each must hold.
PAGES: tuple[tuple[str, bytes], ...] = (
    ("/", b'<html lang="en" dir="ltr">'),
    ("/?lang=fr", b'<html lang="fr" dir="ltr">'),
    ("/?lang=ar", b'<html lang="ar" dir="rtl">'),
)
STYLE = "/static/app.css"
#: The server's start-up, on a busy machine (the knowledge base is loaded first).
STARTUP = 90


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None
    expected: bytes  # the whole body (exact) or, for a page, what it must hold
    exact: bool


def requests_mix(count: int) -> list[Request]:
    """``count`` requests: one in four ``POST /api/advise`` (each example in turn), the rest
    the pages and the style sheet in turn."""
    from rightsrules import assess
    from rightsrules._yaml import load_document

    bodies = []
    for path in EXAMPLES:
        data = load_document(path).data
        expected = assess(path).to_json()
        bodies.append((json.dumps(data).encode(), (expected.rstrip("\n") + "\n").encode()))
    style = (ROOT / "src" / "rightsrules" / "web" / "static" / "app.css").read_bytes()
    gets = [Request("GET", p, None, holds, False) for p, holds in PAGES]
    gets.append(Request("GET", STYLE, None, style, True))
    mix = []
    for i in range(count):
        if i % 4 == 3:
            body, expected = bodies[(i // 4) % len(bodies)]
            mix.append(Request("POST", "/api/advise", body, expected, True))
        else:
            mix.append(gets[(i - i // 4) % len(gets)])
    return mix


class Server:
    """``rightsrules serve --port 0`` in a process of its own, and the address it serves."""

    def __init__(self) -> None:
        rightsrules = Path(sys.executable).parent / "rightsrules"
        self.process = subprocess.Popen(
            [str(rightsrules), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        stdout = self.process.stdout
        assert stdout is not None
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            first = lines.get(timeout=STARTUP)
        except queue.Empty:
            self.stop()
            raise RuntimeError(f"rightsrules serve said nothing in {STARTUP} s") from None
        if " on " not in first:
            self.stop()
            raise RuntimeError(f"rightsrules serve did not start: {first!r}")
        self.url = first.split(" on ", 1)[1].split(" ", 1)[0]

    def stop(self) -> int:
        """SIGTERM, and the exit status (143 when it stopped as every command stops)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout=60)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return status

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@dataclass
class Round:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_round(url: str, mix: Sequence[Request], clients: int) -> Round:
    """Every request of ``mix``, from ``clients`` concurrent clients, each on its own
    keep-alive connection; each answer checked."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    result = Round()
    lock = threading.Lock()
    shares = [list(mix[i::clients]) for i in range(clients)]

    def client(share: list[Request]) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=120)
        try:
            for request in share:
                headers = {"content-type": "application/json"} if request.body else {}
                started = time.perf_counter()
                try:
                    connection.request(request.method, request.path, request.body, headers)
                    answer = connection.getresponse()
                    body = answer.read()
                except (OSError, http.client.HTTPException) as exc:
                    connection.close()
                    connection = http.client.HTTPConnection(host, port, timeout=120)
                    with lock:
                        result.errors.append(f"{request.method} {request.path}: {exc!r}")
                    continue
                took = time.perf_counter() - started
                problem = _check(request, answer.status, body)
                with lock:
                    result.latencies.append(took)
                    if problem:
                        result.errors.append(f"{request.method} {request.path}: {problem}")
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, shares))
    result.seconds = time.perf_counter() - started
    return result


def _check(request: Request, status: int, body: bytes) -> str | None:
    if status != 200:
        return f"status {status}"
    if request.exact and body != request.expected:
        return "not the expected body"
    if not request.exact and request.expected not in body:
        return f"the page does not hold {request.expected!r}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    mix = requests_mix(args.requests)
    posts = sum(1 for r in mix if r.method == "POST")
    print(
        f"python {platform.python_version()} on {platform.machine()}, nproc {os.cpu_count()}; "
        f"load average before {_load()}"
    )
    print(
        f"{args.requests} requests ({posts} POST /api/advise, {args.requests - posts} GET) "
        f"from {args.clients} clients, {args.rounds} rounds"
    )
    print(f"{'round':>5} {'errors':>6} {'median ms':>9} {'p95 ms':>8} {'max ms':>8} {'req/s':>7}")
    rounds = []
    with Server() as server:
        for number in range(1, args.rounds + 1):
            done = run_round(server.url, mix, args.clients)
            rounds.append(done)
            median, p95 = statistics.median(done.latencies), done.percentile(0.95)
            print(
                f"{number:>5} {len(done.errors):>6} {median * 1e3:>9.1f} {p95 * 1e3:>8.1f} "
                f"{max(done.latencies) * 1e3:>8.1f} {done.throughput:>7.1f}"
            )
            for error in done.errors[:5]:
                print(f"      {error}")
    best = max(rounds, key=lambda r: r.throughput)
    errors = sum(len(r.errors) for r in rounds)
    print(
        f"best round: median {statistics.median(best.latencies) * 1e3:.1f} ms, "
        f"p95 {best.percentile(0.95) * 1e3:.1f} ms, {best.throughput:.1f} requests/s; "
        f"errors in all rounds: {errors}; load average after {_load()}"
    )
    return 1 if errors else 0


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
