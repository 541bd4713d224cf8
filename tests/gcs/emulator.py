"""A real local GCS for tests: ``gcp-storage-emulator`` on 127.0.0.1, and a proxy in
front of it that injects failures (transient 429/5xx and dropped connections, or
permanent 403s) into chosen requests.

Test code only: nothing in ``akhbar``/``pipeline``/``transforms`` knows about it.
"""

from __future__ import annotations

import http.client
import itertools
import json
import logging
import re
import socket
import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Emulator:
    """``gcp-storage-emulator`` (in memory) serving on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        from gcp_storage_emulator.server import create_server

        # It logs a warning for every object it serves.
        logging.getLogger("gcp_storage_emulator").setLevel(logging.ERROR)
        self.port = free_port()
        self._server = create_server(HOST, self.port, in_memory=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> Emulator:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()


def classify(method: str, url: str, body: bytes = b"") -> tuple[str, str]:
    """``(kind, object name)`` of a JSON-API request: kind is one of ``list``,
    ``metadata``, ``download``, ``upload_start``, ``upload_data``, ``upload``,
    ``delete``, ``copy``, ``batch``, ``bucket``, ``other``. The object name of a
    resumable upload is in the body of its first request only."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    path = parts.path
    obj = ""
    match = re.search(r"/b/[^/]+/o/([^/]+)", path)
    if path.startswith("/download/") and "/o/" in path:
        obj = unquote(path.split("/o/", 1)[1])
    elif match:
        obj = unquote(match.group(1))
    elif "name" in query:
        obj = query["name"][0]
    if path.startswith("/batch"):
        return "batch", obj
    if path.startswith("/upload/"):
        if method == "PUT" or "upload_id" in query:
            return "upload_data", obj
        if query.get("uploadType") == ["resumable"]:
            try:
                obj = json.loads(body or b"{}").get("name", obj)
            except ValueError:
                pass
            return "upload_start", obj
        return "upload", obj
    if "/rewriteTo/" in path or "/copyTo/" in path or "/compose" in path:
        return "copy", obj
    if path.startswith("/download/") or query.get("alt") == ["media"]:
        return "download", obj
    if method == "DELETE":
        return "delete", obj
    if re.search(r"/b/[^/]+/o/?$", path):
        return "list", obj
    if match:
        return "metadata", obj
    if re.search(r"/b/[^/]+/?$", path) or path.rstrip("/").endswith("/b"):
        return "bucket", obj
    return "other", obj


TOKEN_PATH = "/token"

TRANSIENT = (503, 429, 500, "reset", 502)


@dataclass
class Faults:
    """What the proxy injects.

    ``transient_every``: for every request kind, the 1st, (1+N)th, (1+2N)th ... request
    of that kind fails once (cycling through 503, 429, 500, a dropped connection, 502);
    the client's retry is a new request and goes through. 0 disables.
    ``forbidden``: a predicate ``(kind, object name) -> bool``; matching requests always
    get a 403, as a bucket without the needed permission would answer.
    ``down_after_downloads``: see the field.
    """

    transient_every: int = 0
    forbidden: Callable[[str, str], bool] | None = None
    # After this many media downloads the store is gone, as a stopped emulator: the
    # proxy stops listening and drops every request on a connection still open. 0: never.
    down_after_downloads: int = 0


@dataclass
class ProxyStats:
    requests: Counter = field(default_factory=Counter)
    injected: Counter = field(default_factory=Counter)
    forbidden: Counter = field(default_factory=Counter)
    authorized: Counter = field(default_factory=Counter)
    log: list = field(default_factory=list)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """Clients that give up on a connection (after an injected reset) are expected."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FaultProxy:
    """HTTP proxy on a free port in front of ``upstream`` that injects ``faults``."""

    def __init__(self, upstream_port: int, faults: Faults | None = None) -> None:
        self.upstream_port = upstream_port
        self.faults = faults or Faults()
        self.stats = ProxyStats()
        self._lock = threading.Lock()
        self._cycle = itertools.cycle(TRANSIENT)
        self._down = threading.Event()
        self.port = free_port()
        self._httpd = _QuietServer((HOST, self.port), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _decide(self, method: str, url: str, body: bytes) -> tuple[str, object | None]:
        kind, obj = classify(method, url, body)
        with self._lock:
            n = self.stats.requests[kind]
            self.stats.requests[kind] += 1
            self.stats.log.append((method, kind, obj, url))
            down = self.faults.down_after_downloads
            if down and self.stats.requests["download"] > down:
                self.stats.injected["down"] += 1
                if not self._down.is_set():
                    self._down.set()
                    threading.Thread(target=self.stop, daemon=True).start()
                return kind, "reset"
            if self.faults.forbidden and self.faults.forbidden(kind, obj):
                self.stats.forbidden[kind] += 1
                return kind, 403
            every = self.faults.transient_every
            if every and n % every == 0:
                self.stats.injected[kind] += 1
                return kind, next(self._cycle)
        return kind, None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def _token(self) -> None:
                """The OAuth token endpoint of the test service account."""
                with proxy._lock:
                    proxy.stats.requests["token"] += 1
                payload = json.dumps({"access_token": "akhbar-test-token",
                                      "expires_in": 3600, "token_type": "Bearer"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks = []
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            self.rfile.readline()
                            return b"".join(chunks)
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _relay(self) -> None:
                body = self._body()
                if self.path.startswith(TOKEN_PATH):
                    self._token()
                    return
                kind, fault = proxy._decide(self.command, self.path, body)
                if self.headers.get("Authorization", "").startswith("Bearer "):
                    with proxy._lock:
                        proxy.stats.authorized[kind] += 1
                if fault == "reset":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if fault is not None:
                    reason = "injected permanent failure" if fault == 403 \
                        else "injected transient failure"
                    payload = json.dumps({"error": {
                        "code": fault, "message": reason,
                        "errors": [{"message": reason, "domain": "global",
                                    "reason": "forbidden" if fault == 403 else "backendError"}],
                    }}).encode()
                    self.send_response(fault)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                upstream = http.client.HTTPConnection(HOST, proxy.upstream_port, timeout=60)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "transfer-encoding")}
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    resp = upstream.getresponse()
                    data = resp.read()
                    if "json" in (resp.getheader("Content-Type") or ""):
                        # Links in metadata (mediaLink) name the emulator; keep clients on
                        # the proxy so that downloads see the faults too.
                        data = data.replace(f"{HOST}:{proxy.upstream_port}".encode(),
                                            f"{HOST}:{proxy.port}".encode())
                    self.send_response(resp.status, resp.reason)
                    for key, value in resp.getheaders():
                        if key.lower() in ("content-length", "transfer-encoding", "connection",
                                           "server", "date"):
                            continue
                        if key.lower() == "location":
                            value = value.replace(f":{proxy.upstream_port}", f":{proxy.port}")
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(data)
                finally:
                    upstream.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _relay

        return Handler


def service_account_info(token_uri: str, project: str = "akhbar-test") -> dict:
    """A throwaway service-account key (fresh RSA key) whose token endpoint is ``token_uri``:
    ``google.auth.default()`` finds it at once through ``GOOGLE_APPLICATION_CREDENTIALS``,
    so Beam's GCS client signs real requests without any network or patching."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return {
        "type": "service_account",
        "project_id": project,
        "private_key_id": "akhbar-test-key",
        "private_key": pem,
        "client_email": f"akhbar-test@{project}.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": token_uri,
    }
