"""Running the central API on uvicorn in a background thread, on a socket bound before the thread starts.

Binding first means the URL is known at once and a client that connects early simply waits in the listen
backlog until the server accepts; the slow part (imports, migration, app construction) happens in the thread.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    # The protocol named: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets whose `proto` is
    # IPPROTO_TCP, and an accepted connection inherits the listener's. Left at 0, every keep-alive request to
    # the embedded store waited for the client's delayed ACK: about 44 ms instead of about 1 ms.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


class ServerThread:
    """uvicorn serving `app_factory()` on a pre-bound loopback socket in a daemon thread."""

    def __init__(
        self,
        app_factory: Callable[[], FastAPI],
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        tls: tuple[str, str] | None = None,
    ) -> None:
        """`tls` is (certificate file, private key file) in PEM; the server then speaks only HTTPS."""
        self._factory = app_factory
        self._tls = tls
        self.sock = bind_socket(host, port)
        self.host, self.port = self.sock.getsockname()[:2]
        self.url = f"{'https' if tls else 'http'}://{self.host}:{self.port}"
        self.error: BaseException | None = None
        self._server: uvicorn.Server | None = None
        self._stop_requested = False
        self._thread = threading.Thread(target=self._run, name="central-server", daemon=True)

    def start(self) -> ServerThread:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            app = self._factory()
            certfile, keyfile = self._tls or (None, None)
            config = uvicorn.Config(
                app,
                log_level="warning",
                access_log=False,
                lifespan="off",
                timeout_keep_alive=30,
                ssl_certfile=certfile,
                ssl_keyfile=keyfile,
            )
            self._server = uvicorn.Server(config)
            if self._stop_requested:
                return
            asyncio.run(self._server.serve(sockets=[self.sock]))
        except BaseException as err:  # surfaced to whoever waits for readiness
            self.error = err

    def wait_ready(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.error is not None:
                raise RuntimeError(f"中心服务启动失败：{self.error}") from self.error
            if self._server is not None and self._server.started:
                return self.url
            if not self._thread.is_alive() and self._thread.ident is not None:
                raise RuntimeError("中心服务线程已退出")
            time.sleep(0.01)
        raise TimeoutError("中心服务启动超时")

    @property
    def ready(self) -> bool:
        return self._server is not None and self._server.started

    def stop(self, timeout: float = 10.0) -> None:
        self._stop_requested = True
        if self._server is not None:
            self._server.should_exit = True
        if self._thread.ident is not None:
            self._thread.join(timeout)
        self.sock.close()
