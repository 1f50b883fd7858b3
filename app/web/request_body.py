"""What is left of a request's body is read once the answer has gone out.

Some answers are given without reading the body: the 413 of a body over MAX_CONTENT_LENGTH
(Werkzeug refuses it by its announced length, unread), the API's refusals of a body too
large or of its token (checked before the body is read). gunicorn then closes the
connection with the rest of the body unread, and whoever is still sending it meets a reset
instead of the answer: a browser may show its own "connection reset" page, and nginx in
front, which sends a body it has taken whole before it reads the answer, gives 502 Bad
Gateway ("writev() failed (32: Broken pipe) while sending request to upstream"). Either
way the app's own page, with its message and the reminder that the input is still in the
previous page, never arrives. Werkzeug describes the effect under ``Request.stream``.

So what is left is read and thrown away once the answer has gone out (when the server
closes the response, before it closes the connection: what web servers call a lingering
close), up to DRAIN_AT_MOST bytes and for DRAIN_SECONDS at most: a larger body, or one
sent too slowly, is left to the connection's close, as before. The answer itself is never
held back. Behind the HTTPS proxy, which takes each body whole before passing it on
(README), this is a local copy; a body that the view read already costs one read that
returns nothing.
"""

from __future__ import annotations

import socket
import time
from functools import partial
from typing import IO

from flask import Flask, Request, request
from werkzeug.wsgi import LimitedStream

#: the most of a body left unread that is read: the HTTPS proxy's body limit (README)
DRAIN_AT_MOST = 128 * 1024 * 1024
#: and for how long at most
DRAIN_SECONDS = 10.0
CHUNK = 1024 * 1024


def register(app: Flask) -> None:
    app.after_request(read_what_is_left)


def read_what_is_left(response):
    stream = unread_part(request)
    if stream is not None:
        # gunicorn lends its client socket: reads past the deadline then give up instead of
        # waiting for a client that stopped sending.
        response.call_on_close(partial(drain, stream, request.environ.get("gunicorn.socket")))
    return response


def unread_part(req: Request) -> IO[bytes] | None:
    """The part of the body that nothing read, as a stream that ends with it; None when
    there is none, or it cannot be read without risk of waiting for more than was sent."""
    environ = req.environ
    length = req.content_length
    if length is not None and length > DRAIN_AT_MOST:
        return None  # reading part of it would change nothing
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not length and not chunked:
        return None  # no body (every GET): nothing to do
    if environ.get("wsgi.input_terminated"):
        # The server ends the input where the body ends (gunicorn always; Werkzeug's server
        # for a chunked body): safe to read to its end, whatever was read before.
        return environ["wsgi.input"]
    if not length:
        return None  # a body whose end nothing marks: never read blindly
    # Werkzeug's own guarded stream knows how much of the body was read through it (a form
    # or the data parsed); when nothing made it, nothing was read.
    read_through = req.__dict__.get("stream")
    if read_through is not None:
        return read_through
    return LimitedStream(environ["wsgi.input"], length)


def drain(stream: IO[bytes], sock: socket.socket | None = None) -> int:
    """Read ``stream`` to its end (within the bounds above); how many bytes were read.
    ``sock``, the connection's socket when the server gives it, bounds each read by the
    time left (and gets its own timeout back: a kept-alive connection goes on)."""
    deadline = time.monotonic() + DRAIN_SECONDS
    timeout = sock.gettimeout() if sock is not None else None
    read = 0
    try:
        while read < DRAIN_AT_MOST and (left := deadline - time.monotonic()) > 0:
            if sock is not None:
                sock.settimeout(left)
            chunk = stream.read(min(CHUNK, DRAIN_AT_MOST - read))
            if not chunk:
                break
            read += len(chunk)
    except Exception:  # best effort: the answer has gone out whatever happens here
        # The client went away or stopped sending, the stream was closed, or the server's
        # reader found the rest malformed (gunicorn's own exception classes).
        pass
    finally:
        if sock is not None:
            try:
                sock.settimeout(timeout)
            except OSError:
                pass  # closed meanwhile
    return read
