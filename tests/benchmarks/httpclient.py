"""A small HTTP client on `http.client` with its own cookie jar: loopback only, stdlib only.

gunicorn's sync workers close the connection after each response, so every request opens
a fresh TCP connection, as a browser talking to such a server would.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

LOOPBACK = "127.0.0.1"
USER_AGENT = "dongfeng-bench/1"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CATEGORY_INPUT = re.compile(r'name="category" value="(\d+)"')


@dataclass(frozen=True)
class Response:
    """One answer, read in full, and how long the round trip took."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes
    elapsed_ms: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One browser: a cookie jar and requests to a server on a loopback address."""

    def __init__(self, port: int, host: str = LOOPBACK, timeout: float = 120.0) -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"the benchmark only talks to loopback addresses, not {host}")
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        return self.request("POST", path, form)

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        """Send one request on a new connection; store the cookies the answer sets."""
        headers = self._headers()
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        elapsed_ms = (time.perf_counter() - started) * 1000
        self._store_cookies(answer.msg)
        return Response(answer.status, answer.msg, data, elapsed_ms)

    def _headers(self) -> dict[str, str]:
        headers = {
            "Host": f"{self.host}:{self.port}",
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/json",
            "Connection": "close",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return headers

    def _store_cookies(self, message: http.client.HTTPMessage) -> None:
        for header in message.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = _CSRF_INPUT.search(html)
    if match is None:
        raise ValueError("no csrfmiddlewaretoken on the page")
    return match.group(1)


def category_choices(html: str) -> list[str]:
    """The request categories (primary keys) the resident form offers."""
    choices = _CATEGORY_INPUT.findall(html)
    if not choices:
        raise ValueError("no category choices on the resident form")
    return choices


def sign_in(client: Client, username: str, password: str) -> None:
    """Sign in through the login page, as a person would; raise unless it redirects."""
    page = client.get("/accounts/login/")
    if page.status != 200:
        raise RuntimeError(f"login page answered {page.status}")
    form = {
        "username": username,
        "password": password,
        "csrfmiddlewaretoken": csrf_token(page.text),
    }
    answer = client.post("/accounts/login/", form)
    if answer.status != 302:
        raise RuntimeError(f"signing in as {username} answered {answer.status}, not 302")
