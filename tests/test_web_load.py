"""A small run of the web load test (benchmarks/web_load.py), not timed: every answer of the
served app is 200 with the right body while clients ask at once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCHMARK = Path(__file__).parent.parent / "benchmarks" / "web_load.py"


def web_load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("web_load", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_load"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_twenty_requests_from_five_clients_are_all_answered_right() -> None:
    load = web_load()
    mix = load.requests_mix(20)
    assert {r.method for r in mix} == {"GET", "POST"}
    with load.Server() as server:
        done = load.run_round(server.url, mix, clients=5)
        assert done.errors == []
        assert len(done.latencies) == 20
        status = server.stop()
    assert status == 143


def test_a_wrong_answer_is_counted_as_an_error() -> None:
    load = web_load()
    request = load.Request("GET", "/", None, b'lang="en"', False)
    assert load._check(request, 200, b'<html lang="en">') is None
    assert load._check(request, 200, b'<html lang="fr">') is not None
    assert load._check(request, 404, b'<html lang="en">') == "status 404"
    exact = load.Request("POST", "/api/advise", b"{}", b"{}\n", True)
    assert load._check(exact, 200, b"{} \n") == "not the expected body"
