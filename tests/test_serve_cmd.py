"""``rightsrules serve``: refusals said as every command says them, and a real server that
answers and stops on a signal with the CLI's exit statuses."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from rightsrules.cli import EXIT_INTERRUPTED, EXIT_TERMINATED, main

RIGHTSRULES = Path(sys.executable).parent / "rightsrules"
#: The server's start-up, on a machine that may be busy: the knowledge base is loaded first.
STARTUP = 90


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["serve", *args]) == 2
    said = capsys.readouterr().err
    assert "Traceback" not in said
    assert said.startswith("rightsrules: error: ")
    return said


def test_without_the_web_extra_it_says_what_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    said = refused(capsys)
    assert "pip install 'rightsrules[web]'" in said
    assert "uvicorn" in said


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "example.org"])
def test_a_host_other_machines_reach_needs_allow_remote(
    capsys: pytest.CaptureFixture[str], host: str
) -> None:
    said = refused(capsys, "--host", host)
    assert f"--host {host}" in said
    assert "--allow-remote" in said


def test_a_taken_port_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        said = refused(capsys, "--port", str(port))
    assert f"port {port} is taken" in said


def test_bad_options_are_said(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "65535" in refused(capsys, "--port", "70000")
    assert "no such folder" in refused(capsys, "--journals", str(tmp_path / "none"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [{id: x}]\n")
    assert "bad.yaml" in refused(capsys, "--rules", str(bad))


class Served:
    """``rightsrules serve`` in a process of its own, and the address it said it serves."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [str(RIGHTSRULES), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self.said: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.lines = [self.line()]
        self.url = self.lines[0].split(" on ", 1)[1].split(" ", 1)[0]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.said.put(line.rstrip("\n"))
        self.said.put("")

    def line(self) -> str:
        """The next line the server prints."""
        try:
            line = self.said.get(timeout=STARTUP)
        except queue.Empty:
            self.process.kill()
            pytest.fail(f"serve said nothing in {STARTUP} s")
        assert line, self.process.communicate()[1]
        return line

    def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(self.url.rstrip("/") + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read(), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def stop(self, signum: int) -> tuple[int, str]:
        self.process.send_signal(signum)
        self.process.wait(timeout=60)
        while (line := self.said.get(timeout=10)) != "":
            self.lines.append(line)
        assert self.process.stderr is not None
        return self.process.returncode, self.process.stderr.read()

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=60)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture()
def served() -> Iterator[Served]:
    with Served() as server:
        yield server


def test_a_real_server_answers_and_stops_on_sigterm(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    assert "Ctrl-C" in served.lines[0]
    status, body, headers = served.get("/")
    assert status == 200
    assert b'<html lang="en" dir="ltr">' in body
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "server" not in {name.lower() for name in headers}
    scenario = json.dumps({"company": {"name": "N", "type": "isp"}}).encode()
    request = urllib.request.Request(
        served.url + "api/advise", data=scenario, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert json.loads(answer.read())["scenario"]["company"]["type"] == "isp"
    assert served.get("/", {"host": "evil.example"})[0] == 400
    status, err = served.stop(signal.SIGTERM)
    assert status == EXIT_TERMINATED
    assert err.strip() == "rightsrules: error: terminated"


def test_ctrl_c_stops_it_as_every_command(served: Served) -> None:
    status, err = served.stop(signal.SIGINT)
    assert status == EXIT_INTERRUPTED
    assert "Traceback" not in err
    assert err.strip() == "rightsrules: error: interrupted"


def test_allow_remote_makes_a_token_and_asks_for_it() -> None:
    with Served("--allow-remote") as server:
        token = server.line().rpartition(": ")[2]
        assert len(token) >= 20
        assert server.get("/")[0] == 401
        status, _, _ = server.get(
            "/", {"authorization": f"Bearer {token}", "host": "rights.example"}
        )
        assert status == 200


def test_a_token_from_the_environment_is_used_and_not_printed() -> None:
    with Served(env={"RIGHTSRULES_TOKEN": "from-the-environment"}) as server:
        assert server.get("/")[0] == 401
        assert server.get("/", {"authorization": "Bearer from-the-environment"})[0] == 200
        status, _ = server.stop(signal.SIGTERM)
    assert len(server.lines) == 1
    assert "from-the-environment" not in server.lines[0]
    assert status == EXIT_TERMINATED


def test_open_opens_the_browser_at_the_address(tmp_path: Path) -> None:
    opened = tmp_path / "opened"
    script = "import pathlib, sys; pathlib.Path(sys.argv[2]).write_text(sys.argv[1])"
    browser = f"{sys.executable} -c '{script}' %s {opened}"
    with Served("--open", env={"BROWSER": browser}) as server:
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text() == server.url
