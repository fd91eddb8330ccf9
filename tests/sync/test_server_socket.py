"""The embedded central store's socket (app/central/server.py): connections it accepts send at once (TCP_NODELAY),
so a keep-alive request does not wait for the client's delayed ACK (about 44 ms a request before)."""

from __future__ import annotations

import asyncio
import socket

from app.central.server import bind_socket


def test_connections_accepted_on_the_bound_socket_have_nagle_off() -> None:
    async def accepted_nodelay() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def connected(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        listener = bind_socket()
        server = await asyncio.start_server(connected, sock=listener)
        host, port = listener.getsockname()[:2]
        _reader, writer = await asyncio.open_connection(host, port)
        try:
            return await asyncio.wait_for(seen, 30)
        finally:
            writer.close()
            server.close()
            await server.wait_closed()

    assert asyncio.run(accepted_nodelay()) != 0
