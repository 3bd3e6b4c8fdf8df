"""scripts/serve_many.sh and deploy/nginx-danvan.conf: several app processes behind one port.

The nginx tests run the real nginx (Debian package ``nginx-light`` or ``nginx``) in front of
small stand-in backends that answer with their own port, so that what the config promises is
checked: a browser keeps reaching the same process (cookie ``danvan_route``, also for its very
first request), browsers are spread over the processes, websocket upgrade headers reach the
app. Without nginx they are skipped, saying why.
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "serve_many.sh"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
# scripts/setup.sh installs nginx-light, so under CI a missing nginx is a failure, not a skip.
needs_nginx = pytest.mark.skipif(NGINX is None and not os.environ.get("CI"),
                                 reason="nginx is not installed (apt-get install nginx-light)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_nginx(directory: Path, listen: str, *ports: int | str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), "--write-nginx", str(directory), listen, *map(str, ports)],
                          capture_output=True, text=True, check=False)


class Backend(http.server.ThreadingHTTPServer):
    """Answers every request with its port; remembers the headers it was sent."""

    def __init__(self) -> None:
        self.seen: list[dict[str, str]] = []
        backend = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                backend.seen.append({k.lower(): v for k, v in self.headers.items()})
                body = str(backend.server_address[1]).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


def get(port: int, path: str = "/", headers: dict[str, str] | None = None) -> tuple[str, str | None]:
    """(body, Set-Cookie header) of one GET through nginx."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.read().decode(), response.getheader("Set-Cookie")
    finally:
        connection.close()


def wait_until(check, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_write_nginx_fills_upstream_and_listen(tmp_path: Path) -> None:
    result = write_nginx(tmp_path / "n", "127.0.0.1:9876", 7001, 7002, 7003)
    assert result.returncode == 0, result.stderr
    site = (tmp_path / "n" / "danvan.conf").read_text()
    assert [line.strip() for line in site.splitlines() if line.strip().startswith("server 127.")] == [
        "server 127.0.0.1:7001;", "server 127.0.0.1:7002;", "server 127.0.0.1:7003;"]
    assert "listen 127.0.0.1:9876;" in site and "listen 8501;" not in site
    assert "8511" not in site  # the template's example ports are gone
    main = Path(result.stdout.strip())
    assert main == tmp_path / "n" / "nginx.conf" and f"include {tmp_path / 'n' / 'danvan.conf'};" in main.read_text()


@pytest.mark.parametrize("ports", [[], ["80a"], ["7001", "x"]])
def test_write_nginx_refuses_bad_ports(tmp_path: Path, ports: list[str]) -> None:
    result = write_nginx(tmp_path / "n", "9876", *ports)
    assert result.returncode == 2


@needs_nginx
def test_template_passes_nginx_t(tmp_path: Path) -> None:
    conf = write_nginx(tmp_path / "n", f"127.0.0.1:{free_port()}", 7001, 7002).stdout.strip()
    result = subprocess.run([NGINX, "-t", "-p", str(tmp_path / "n"), "-c", conf], check=False,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.fixture
def proxied(tmp_path: Path):
    """nginx from the repo's template in front of two stand-in backends: (nginx port, backends)."""
    backends = [Backend(), Backend()]
    port = free_port()
    conf = write_nginx(tmp_path / "n", f"127.0.0.1:{port}", *(b.server_address[1] for b in backends)).stdout.strip()
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path / "n"), "-c", conf, "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until(lambda: get(port)[0] != "")
        yield port, backends
    finally:
        nginx.terminate()
        nginx.wait(timeout=15)
        for backend in backends:
            backend.shutdown()


@needs_nginx
def test_a_browser_sticks_to_one_process_from_its_first_request(proxied) -> None:
    port, _ = proxied
    first, cookie = get(port, "/xu-huong")
    assert cookie and cookie.startswith("danvan_route=") and "HttpOnly" in cookie
    value = cookie.split(";")[0]
    # the websocket, static files and media that follow carry the cookie: same process as the page
    for path in ("/_stcore/stream", "/static/js/main.js", "/media/abc.png", "/_stcore/health") * 5:
        body, again = get(port, path, {"Cookie": value})
        assert body == first
        assert again is None  # the cookie is set once, not on every response


@needs_nginx
def test_browsers_are_spread_over_the_processes(proxied) -> None:
    port, backends = proxied
    served = {get(port)[0] for _ in range(40)}  # 40 new browsers (no cookie): both processes get some
    assert served == {str(b.server_address[1]) for b in backends}


@needs_nginx
def test_websocket_upgrade_headers_reach_the_app(proxied) -> None:
    port, backends = proxied
    get(port, "/_stcore/stream", {"Upgrade": "websocket", "Connection": "Upgrade", "Cookie": "danvan_route=x"})
    get(port, "/", {"Cookie": "danvan_route=x"})
    seen = [h for b in backends for h in b.seen]
    upgrade = [h for h in seen if h.get("upgrade") == "websocket"]
    assert len(upgrade) == 1 and upgrade[0]["connection"].lower() == "upgrade"
    plain = [h for h in seen if "upgrade" not in h]
    assert plain and all(h.get("connection", "").lower() != "upgrade" for h in plain)
    assert all(h.get("x-forwarded-proto") == "http" for h in seen)


STAND_IN_APP = textwrap.dedent("""\
    # stands for `python -m danvan.serve --server.port P ...`: answers /_stcore/health with "ok"
    import http.server, sys
    port = int(sys.argv[sys.argv.index("--server.port") + 1])
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"ok" if self.path == "/_stcore/health" else str(port).encode()
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
            self.wfile.write(body)
        def log_message(self, *a): pass
    http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
""")


@needs_nginx
def test_serve_many_runs_k_processes_behind_one_port_and_stops_them(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text(STAND_IN_APP)
    python = tmp_path / "python"  # called as "$PYTHON -m danvan.serve ..."
    python.write_text(f'#!/bin/sh\nshift 2\nexec {sys.executable} {app} "$@"\n')
    python.chmod(0o755)
    port = free_port()
    first = free_port()
    while any(not _free(first + i) for i in range(3)):
        first = free_port()
    env = {**os.environ, "PYTHON": str(python), "PORT": str(port), "FIRST_PORT": str(first)}
    script = subprocess.Popen(["bash", str(SCRIPT), "3"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, start_new_session=True)
    try:
        wait_until(lambda: get(port, "/_stcore/health")[0] == "ok", 30)
        served = {get(port)[0] for _ in range(60)}
        assert served == {str(first), str(first + 1), str(first + 2)}
        script.send_signal(signal.SIGTERM)  # the script alone: it must stop what it started
        output = script.communicate(timeout=30)[0]
        assert "3/3" in output and f"nginx on port {port}" in output
        wait_until(lambda: all(_free(p) for p in (port, first, first + 1, first + 2)), 15)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(script.pid, signal.SIGKILL)


def test_serve_many_refuses_a_bad_count() -> None:
    result = subprocess.run(["bash", str(SCRIPT), "zero"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "usage" in result.stderr


def _free(port: int) -> bool:
    """Nothing listens on ``port`` (connections left in TIME_WAIT do not count)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
