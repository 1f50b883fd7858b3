"""What is left of a refused request's body is read once the answer has gone out, within
bounds, so that a client (or the proxy in front) still sending it meets the answer rather
than a closed connection. Over real gunicorn: tests/faults/test_refusals.py."""

from __future__ import annotations

import io
import socket
import threading
import time

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from app.extensions import csrf
from app.web import request_body
from app.web.request_body import drain, unread_part
from tests.conftest import make_app


def request_with(body: bytes, **environ) -> Request:
    """A request whose input's position (``tell()``) says how far its body was read."""
    builder = EnvironBuilder(method="POST", input_stream=io.BytesIO(body))
    built = builder.get_environ()
    built["CONTENT_LENGTH"] = str(len(body))
    built.update(environ)
    return Request(built)


def test_a_body_nothing_read_is_read_to_its_announced_end():
    req = request_with(b"x" * 5000)
    stream = unread_part(req)
    assert drain(stream) == 5000
    assert req.environ["wsgi.input"].tell() == 5000


def test_a_body_read_in_part_is_read_on_from_where_the_reading_stopped():
    req = request_with(b"a=1&b=" + b"y" * 4000)
    assert req.stream.read(10) == b"a=1&b=yyyy"
    assert drain(unread_part(req)) == 4006 - 10
    assert req.environ["wsgi.input"].tell() == 4006


def test_a_server_that_ends_the_input_itself_lets_it_be_read_directly():
    req = request_with(b"z" * 3000, **{"wsgi.input_terminated": True})
    assert unread_part(req) is req.environ["wsgi.input"]
    assert drain(unread_part(req)) == 3000


def test_no_body_nothing_to_read():
    req = request_with(b"", **{"wsgi.input_terminated": True})
    assert unread_part(req) is None


def test_a_chunked_body_is_read_to_the_end_its_server_marks_and_never_blindly():
    chunked = {"HTTP_TRANSFER_ENCODING": "chunked"}
    req = request_with(b"in chunks", **chunked, **{"wsgi.input_terminated": True})
    del req.environ["CONTENT_LENGTH"]
    assert drain(unread_part(req)) == len(b"in chunks")
    req = request_with(b"never read", **chunked)  # a server that does not end the input
    del req.environ["CONTENT_LENGTH"]
    assert unread_part(req) is None


def test_a_body_over_the_bound_is_left_to_the_connection_close(monkeypatch):
    monkeypatch.setattr(request_body, "DRAIN_AT_MOST", 1000)
    assert unread_part(request_with(b"x" * 1001)) is None
    assert drain(io.BytesIO(b"x" * 5000)) == 1000


def test_a_client_that_stops_sending_is_given_up_at_the_deadline(monkeypatch):
    """The socket's timeout bounds each read by the time left, and comes back as it was."""
    monkeypatch.setattr(request_body, "DRAIN_SECONDS", 0.3)
    server, client = socket.socketpair()
    try:
        server.settimeout(None)
        client.sendall(b"part of a body")  # ... and nothing more, the connection kept open
        started = time.monotonic()
        read = drain(server.makefile("rb", buffering=0), server)
        assert read == len(b"part of a body")
        assert time.monotonic() - started < 3
        assert server.gettimeout() is None
    finally:
        server.close()
        client.close()


def test_a_client_that_goes_away_ends_the_reading_without_an_error():
    server, client = socket.socketpair()
    try:
        sender = threading.Thread(target=lambda: (client.sendall(b"x" * 100), client.close()))
        sender.start()
        assert drain(server.makefile("rb", buffering=0), server) == 100
        sender.join()
    finally:
        server.close()


@pytest.fixture
def small_limit_app(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'body.sqlite3'}", tmp_path)
    app.config.update(MAX_CONTENT_LENGTH=1024)

    @app.post("/test-unread")
    def unread():
        return "answered without reading"

    csrf.exempt(unread)  # its check reads the form, and so the body
    return app


def test_a_refused_body_is_read_once_the_answer_is_closed(small_limit_app):
    """A 413 (refused by its length, unread) and an answer that never read the body: the
    input is read to its end when the server closes the answer, not before it goes out."""
    client = small_limit_app.test_client()
    for path, body, kind, status in (
        ("/login", b"email=" + b"x" * 4000, "application/x-www-form-urlencoded", 413),
        # not a form: nothing on the way to the view parses it
        ("/test-unread", b"y" * 900, "application/octet-stream", 200),
    ):
        environ = EnvironBuilder(
            path=path,
            method="POST",
            input_stream=io.BytesIO(body),
            content_length=len(body),
            content_type=kind,
        ).get_environ()
        response = client.open(environ, buffered=False)
        assert response.status_code == status
        assert environ["wsgi.input"].tell() == 0  # the answer went out first
        response.close()
        assert environ["wsgi.input"].tell() == len(body)
