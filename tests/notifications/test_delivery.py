"""Delivery through a real SMTP conversation: a small mail server on a local socket takes
what Shura sends. A delivered password link is not kept; a deactivated person gets nothing;
a server that does not answer leaves the messages for the next run."""

from __future__ import annotations

import re
import socket
import threading
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.notifications.delivery import deliver_pending
from app.notifications.models import OutboxMessage
from app.users.models import User


class MailSink:
    """Just enough of an SMTP server (RFC 5321, no TLS) to take messages and keep them."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.port = self.server.getsockname()[1]
        self.received: list = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn, conn.makefile("rb") as reader:
                conn.sendall(b"220 sink ESMTP\r\n")
                while line := reader.readline():
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        conn.sendall(b"250 sink\r\n")
                    elif verb == b"DATA":
                        conn.sendall(b"354 go on\r\n")
                        data = b""
                        while (chunk := reader.readline()) not in (b".\r\n", b""):
                            data += chunk[1:] if chunk.startswith(b"..") else chunk
                        self.received.append(message_from_bytes(data, policy=policy.default))
                        conn.sendall(b"250 kept\r\n")
                    elif verb == b"QUIT":
                        conn.sendall(b"221 bye\r\n")
                        break
                    else:  # MAIL, RCPT, RSET, NOOP
                        conn.sendall(b"250 ok\r\n")

    def close(self):
        self.server.close()


@pytest.fixture
def sink():
    server = MailSink()
    yield server
    server.close()


def smtp(port):
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": False,
        "MAIL_FROM": "shura@test.org",
    }


def test_messages_go_through_smtp_and_a_delivered_link_is_not_kept(
    app, client, auth, dummy_world, sink
):
    client.post("/password/forgot", data={"email": "reviewer@test.org"})
    with app.app_context():
        assert deliver_pending(smtp(sink.port)) == 1
        stored = db.session.scalars(select(OutboxMessage)).one()
        assert stored.sent_at is not None and "/password/…" in stored.body
    (mail,) = sink.received
    assert mail["To"] == "reviewer@test.org" and mail["From"] == "shura@test.org"
    link = re.search(r"(/password/[\w-]+)", mail.get_content()).group(1)
    # The link in the e-mail works, once.
    response = client.post(
        link, data={"password": "long-enough-1", "confirmation": "long-enough-1"}
    )
    assert response.status_code == 302


def test_nothing_goes_to_a_person_deactivated_meanwhile(app, client, auth, dummy_world, sink):
    client.post("/password/forgot", data={"email": "reviewer@test.org"})
    with app.app_context():
        db.session.execute(
            update(User).where(User.email == "reviewer@test.org").values(active=False)
        )
        db.session.commit()
        assert deliver_pending(smtp(sink.port)) == 0
        stored = db.session.scalars(select(OutboxMessage)).one()
        assert stored.sent_at is None and stored.error == "recipient deactivated"
    assert sink.received == []
    auth.login("secretariat@test.org")
    client.post("/language/fr")
    page = client.get("/secretariat/outbox").get_data(as_text=True)
    assert "Non envoyé : le destinataire a été désactivé." in page


def test_a_silent_server_leaves_the_messages_for_the_next_run(app, client, dummy_world, sink):
    client.post("/password/forgot", data={"email": "reviewer@test.org"})
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    with app.app_context():
        assert deliver_pending(smtp(port)) == 0
        stored = db.session.scalars(select(OutboxMessage)).one()
        assert stored.sent_at is None and stored.attempts == 1 and "Error" in stored.error
        assert deliver_pending(smtp(sink.port)) == 1
    assert len(sink.received) == 1
