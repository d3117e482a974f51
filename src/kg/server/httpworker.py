"""A gunicorn ``gthread`` worker that reads each request in full before a thread touches it.

Why: gunicorn's ``gthread`` worker (27.x) hands a new connection to a pool thread, which waits
up to 5 s for the first byte and then reads the head and body with blocking reads and no
deadline. N slow clients (slowloris: a header byte every few seconds) therefore hold N request
threads, and with ``SERVER_THREADS=8`` eight of them stop a process from answering anyone.

This worker reads in its event loop instead, non-blocking and without a thread, until the
request head is complete (the empty line that ends the header section, RFC 9112 §2.1) and,
when ``Content-Length`` announces a body of at most ``MAX_REQUEST_BYTES``, until the body is
complete too (RFC 9112 §6.2). Only then is the connection given to a thread, with the bytes
already read put back in front of gunicorn's parser, which still enforces its own limits
(``limit_request_line`` and friends: 414, 431, 400). A client that has not sent its whole
request ``REQUEST_TIMEOUT`` seconds after it started is answered 408 (RFC 9110 §15.5.9) and
disconnected; one that sent nothing is just closed. In the thread, the socket gets a timeout
too, so a client that stops reading a large answer cannot keep a thread either.
"""

from __future__ import annotations

import re
import selectors
import time
from functools import partial
from typing import Any

import gunicorn
from gunicorn.workers.gthread import ThreadWorker

from kg.errors import KGError

#: The gunicorn releases (major.minor) whose ``ThreadWorker`` internals this worker overrides
#: and was tested with (``run``, ``set_accept_enabled``, ``enqueue_req``, ``murder_pending``,
#: ``handle``, ``handle_request`` and the ``poller`` attribute):
#: pyproject.toml pins the same, and an unknown release refuses to start rather than misbehave.
SUPPORTED_GUNICORN = ("27.0",)


def check_gunicorn(version: str) -> None:
    """:raises KGError: ``version`` is not one this worker was written against."""
    if ".".join(version.split(".")[:2]) not in SUPPORTED_GUNICORN:
        raise KGError(
            f"gunicorn {version} is not supported by kg.server.httpworker (supported: "
            f"{', '.join(v + '.x' for v in SUPPORTED_GUNICORN)}); install the pinned release"
        )


check_gunicorn(gunicorn.__version__)

#: Fallbacks when the app's settings cannot be read (kg.config.SETTINGS has the defaults).
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_BODY = 1024 * 1024
RECV_BYTES = 65536
_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*([0-9]{1,12})[ \t]*\r?$", re.I | re.M)
_CHUNKED = re.compile(rb"^transfer-encoding[ \t]*:", re.I | re.M)
_TIMEOUT_BODY = b"the request was not completed in time (REQUEST_TIMEOUT)\n"
REQUEST_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: " + str(len(_TIMEOUT_BODY)).encode() + b"\r\n\r\n" + _TIMEOUT_BODY
)


def head_end(buffer: bytes | bytearray) -> int:
    """Offset just past the empty line ending the head, or -1 (a bare LF is accepted as a line
    terminator, as RFC 9112 §2.2 allows recipients to)."""
    crlf = buffer.find(b"\r\n\r\n")
    lf = buffer.find(b"\n\n")
    ends = [i + 4 for i in (crlf,) if i >= 0] + [i + 2 for i in (lf,) if i >= 0]
    return min(ends) if ends else -1


def request_complete(buffer: bytes | bytearray, max_head: int, max_body: int) -> bool:
    """Whether a thread may take the request now: its head (and announced body) are here, or
    it is already too large, in which case gunicorn's parser or the app refuses it."""
    end = head_end(buffer)
    if end < 0:
        return len(buffer) > max_head
    head = bytes(buffer[:end])
    if _CHUNKED.search(head):
        return True  # chunked bodies are read in the thread, under the socket timeout
    lengths = _CONTENT_LENGTH.findall(head)
    if len(lengths) != 1:
        return True  # no body, or conflicting lengths that the parser rejects
    length = int(lengths[0])
    return length > max_body or len(buffer) >= end + length


class _Reading:
    __slots__ = ("buffer", "deadline")

    def __init__(self, deadline: float) -> None:
        self.buffer = bytearray()
        self.deadline = deadline


class BufferingThreadWorker(ThreadWorker):  # type: ignore[misc]
    """``gthread`` with requests buffered in the event loop (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reading: dict[Any, _Reading] = {}
        self.request_timeout = DEFAULT_TIMEOUT_S
        self.max_body = DEFAULT_MAX_BODY

    @property
    def max_head(self) -> int:
        cfg = self.cfg
        return int(
            cfg.limit_request_line
            + cfg.limit_request_fields * (cfg.limit_request_field_size + 2)
            + 4
        )

    def run(self) -> None:
        settings = getattr(getattr(self.wsgi, "extensions", {}).get("kg"), "settings", {})
        self.request_timeout = float(settings.get("REQUEST_TIMEOUT", DEFAULT_TIMEOUT_S))
        self.max_body = int(settings.get("MAX_REQUEST_BYTES", DEFAULT_MAX_BODY))
        super().run()

    def set_accept_enabled(self, enabled: bool) -> None:
        """When stopping, also close this process's copy of the listening sockets: gunicorn
        only stops polling them, so the kernel would keep completing handshakes that nobody
        answers. Closed, a new client is refused at once (the master closed its copy already)
        while the requests in flight finish within ``graceful_timeout``."""
        super().set_accept_enabled(enabled)
        if not enabled and not self.alive:
            for listener in self.sockets:
                try:
                    listener.close()
                except OSError:
                    pass

    # -- the event loop side (main thread) ------------------------------------------------

    def enqueue_req(self, conn: Any) -> None:
        """Called for a new connection, a kept-alive one that became readable, and pipelined
        bytes; the request is read here, and a thread gets it once it is complete."""
        if conn.parser is not None and conn.parser.unreader.buf.getvalue():
            super().enqueue_req(conn)  # pipelined bytes already buffered by gunicorn
            return
        conn.sock.setblocking(False)
        self._reading[conn] = _Reading(time.monotonic() + self.request_timeout)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn: Any, _sock: Any) -> None:
        state = self._reading.get(conn)
        if state is None:
            return
        try:
            data = conn.sock.recv(RECV_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(conn)
            return
        state.buffer.extend(data)
        if request_complete(state.buffer, self.max_head, self.max_body):
            self._stop_reading(conn)
            conn.kg_buffered = bytes(state.buffer)
            conn.data_ready = True  # gunicorn must not wait for data in the thread
            super().enqueue_req(conn)

    def _stop_reading(self, conn: Any) -> _Reading | None:
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass
        return self._reading.pop(conn, None)

    def _drop(self, conn: Any, answer: bytes = b"") -> None:
        self._stop_reading(conn)
        if answer:
            try:
                conn.sock.send(answer)  # best effort: non-blocking, a full buffer just loses it
            except OSError:
                pass
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        """Also disconnect clients whose request is overdue (408 if they had started one)."""
        super().murder_pending()
        now = time.monotonic()
        for conn, state in list(self._reading.items()):
            if state.deadline <= now:
                self._drop(conn, REQUEST_TIMEOUT_RESPONSE if state.buffer else b"")

    # -- the thread side ------------------------------------------------------------------

    def handle(self, conn: Any) -> Any:
        buffered = conn.__dict__.pop("kg_buffered", None)
        if buffered is not None:
            conn.sock.setblocking(True)
            conn.init()
            conn.parser.unreader.unread(buffered)
        return super().handle(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        # Bounds what is still read in a thread (chunked bodies) and every send of the answer:
        # Python's sendall timeout is the total for the whole call (3.5+).
        try:
            conn.sock.settimeout(max(30.0, 3 * self.request_timeout))
        except OSError:
            pass
        return super().handle_request(req, conn)


__all__ = ["BufferingThreadWorker", "head_end", "request_complete"]
