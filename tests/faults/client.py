"""A person's browser, as far as the fault tests need one: cookies, forms, and nothing else.

Plain ``http.client`` against the real server, one connection per request, so that a
server restart or a refused connection is seen exactly as a browser would see it.
"""

from __future__ import annotations

import html
import html.parser
import http.client
import json
import re
import urllib.parse

PASSWORD = "shura-demo"  #: the demo accounts' password (app/demo/seed.py)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)

    @property
    def location(self) -> str:
        return self.headers.get("Location") or ""


class Browser:
    """One person: their cookies, sent with each request."""

    def __init__(self, base_url: str):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port, self.cookies = parsed.hostname, parsed.port, {}

    def request(self, method: str, path: str, body=None, headers=None, timeout=60) -> Response:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, str):
            body = body.encode()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, _sep, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return Response(answer.status, answer.headers, data)

    def post_too_large(self, path: str, size: int, sent: int = 65536) -> Response:
        """Start posting a form of ``size`` bytes as a browser does, and read the answer the
        server gives as soon as it sees the length (it need not read the rest: a server that
        has answered may close the connection before the whole body is sent)."""
        headers = {**FORM, "Content-Length": str(size)}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.putrequest("POST", path)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            try:
                connection.send(b"x" * sent)
            except (BrokenPipeError, ConnectionResetError):
                pass  # answered already
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        return Response(answer.status, answer.headers, data)

    def send_whole_then_read(
        self, method: str, path: str, body: bytes, headers: dict
    ) -> Response | None:
        """Send the request with its whole body, and only then read the answer, as the
        HTTPS proxy in front (nginx) passes on a body it has taken whole. None when the
        server closed the connection before the body was sent: the proxy's 502."""
        headers = {**headers, "Content-Length": str(len(body))}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.putrequest(method, path)
            for name, value in headers.items():
                connection.putheader(name, value)
            try:
                connection.endheaders()
                view = memoryview(body)
                for start in range(0, len(body), 1 << 20):
                    connection.send(view[start : start + (1 << 20)])
            except (BrokenPipeError, ConnectionResetError):
                return None
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, fields, headers=None, **kwargs) -> Response:
        body = urllib.parse.urlencode(list(fields.items() if isinstance(fields, dict) else fields))
        return self.request("POST", path, body, {**FORM, **(headers or {})}, **kwargs)

    def csrf_token(self, path: str) -> str:
        page = self.get(path).text
        return html.unescape(re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1))

    def login(self, email: str, password: str = PASSWORD) -> None:
        token = self.csrf_token("/login")
        answer = self.post("/login", {"csrf_token": token, "email": email, "password": password})
        assert answer.status == 302, f"signing in as {email} answered {answer.status}"
        self.signed_in_as = email


class QuestionnaireForm(html.parser.HTMLParser):
    """The fields a browser posts from a page's questionnaire form, as [name, value] pairs."""

    def __init__(self, page: str):
        super().__init__()
        self.inside, self.fields = False, []
        self._textarea = self._select = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "questionnaire" in (a.get("class") or "").split():
            self.inside = True
        elif not self.inside:
            return
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in a:
                self._select[1] = value
        elif not a.get("name") or "disabled" in a:
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value") or ""])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = [a["name"], None, None]  # name, selected, first

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.fields.append([name, chosen if chosen is not None else first or ""])
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def value(self, name: str) -> str:
        return next(value for field, value in self.fields if field == name)

    def with_values(self, **values) -> list[tuple[str, str]]:
        """The fields with some values replaced (or added)."""
        fields = [(name, values.get(name, value)) for name, value in self.fields]
        names = {name for name, _value in fields}
        return fields + [(name, value) for name, value in values.items() if name not in names]
