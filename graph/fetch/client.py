"""HTTP client for JSON APIs: retries with backoff, ``Retry-After``, a timeout and a cache.

Built on well-kept libraries rather than hand-written HTTP: :mod:`requests` for the session,
urllib3's :class:`~urllib3.util.Retry` for retries (exponential backoff on 429 and 5xx,
honouring ``Retry-After``) and :mod:`requests_cache` for a local SQLite cache of responses keyed
by URL, with an expiry.  Credentials (``api_key``) and the polite-pool address (``mailto``) are
left out of the cache key, never stored in the cache and never shown in a message.

Every failure a user can meet is a :class:`FetchError` with a one-line message that says what
to do: no network, no answer in time, a rate limit that does not clear, an id the API does not
know (:class:`NotFound`), a refused query, or a body that is not JSON.

Examples
--------
>>> redact_url("https://api.openalex.org/works?filter=x&api_key=SECRET&mailto=a%40b.c")
'https://api.openalex.org/works?filter=x&api_key=***&mailto=a%40b.c'
>>> s = ClientSettings(api_url="http://127.0.0.1:1/", retries=0, use_cache=False)
>>> s.api_url
'http://127.0.0.1:1'
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import __version__
from ..errors import CollabGraphError

__all__ = [
    "DEFAULT_API_URL",
    "ApiClient",
    "ApiResponse",
    "ClientSettings",
    "FetchError",
    "NotFound",
    "default_cache_dir",
    "redact_url",
]

DEFAULT_API_URL = "https://api.openalex.org"

#: Query parameters that identify the caller: never in a cache key, a file or a message.
PRIVATE_PARAMS = ("api_key",)
#: Parameters left out of the cache key (the same query by another caller is the same answer).
UNKEYED_PARAMS = ("api_key", "mailto")


class FetchError(CollabGraphError):
    """A download that cannot go on (network, rate limit, server, unknown id, bad answer)."""


class NotFound(FetchError):
    """The API answered 404: the entity asked for does not exist there."""


def redact_url(url: str) -> str:
    """``url`` with the value of every private parameter (the API key) replaced by ``***``."""
    for name in PRIVATE_PARAMS:
        url = re.sub(rf"([?&]{name}=)[^&#]*", r"\1***", url)
    return url


def default_cache_dir() -> Path:
    """``$COLLABGRAPH_CACHE_DIR``, else the user's cache folder (``~/.cache/collabgraph`` on
    Linux, via platformdirs)."""
    env = os.environ.get("COLLABGRAPH_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("collabgraph", appauthor=False))


@dataclass(frozen=True, kw_only=True)
class ClientSettings:
    """How to talk to the API.

    Attributes
    ----------
    api_url : base URL (no trailing slash), e.g. ``https://api.openalex.org``.
    mailto : an e-mail address sent as ``mailto`` (OpenAlex's polite pool) and in the
        User-Agent.
    api_key : sent as ``api_key`` (OpenAlex keys, free, required for real use since 2026).
    timeout : seconds to wait for a connection and for each read.
    retries : how many times a request is retried after a 429, a 5xx, a refused connection or
        a read timeout.
    backoff : base of the exponential backoff in seconds: the n-th retry waits
        ``backoff * 2**(n-1)`` (at most ``backoff_max``) unless the server says how long.
    backoff_max : longest backoff between two attempts.
    max_wait : the longest ``Retry-After`` honoured; a server asking for more (a daily limit
        used up) is reported at once instead of waiting for hours.
    use_cache : keep responses in a local cache and answer repeated requests from it.
    cache_dir : folder of the cache (``None``: :func:`default_cache_dir`).
    cache_expiry : how long a cached response is used.
    """

    api_url: str = DEFAULT_API_URL
    mailto: str | None = None
    api_key: str | None = None
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 1.0
    backoff_max: float = 60.0
    max_wait: float = 120.0
    use_cache: bool = True
    cache_dir: Path | None = None
    cache_expiry: timedelta = timedelta(days=1)

    def __post_init__(self) -> None:
        object.__setattr__(self, "api_url", self.api_url.rstrip("/"))

    def replace(self, **changes: Any) -> ClientSettings:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class ApiResponse:
    """A decoded JSON answer, the URL it came from (redacted) and whether the cache gave it."""

    data: Any
    url: str
    from_cache: bool


def _sleep(seconds: float) -> None:
    """The one place retries sleep (tests replace it to record the waits)."""
    time.sleep(seconds)


def _retry_class():
    from urllib3.exceptions import InvalidHeader, MaxRetryError, ResponseError
    from urllib3.util.retry import Retry

    class BoundedRetry(Retry):
        """urllib3's Retry, with three changes: the first retry already backs off
        (``backoff``, then doubling; urllib3 retries the first time at once), a
        ``Retry-After`` longer than ``max_wait`` ends the retries at once (the response is
        handed back, so the caller can say how long the server asked to wait), and an
        unreadable ``Retry-After`` falls back to the backoff instead of failing."""

        def __init__(self, *args: Any, max_wait: float = 120.0, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.max_wait = max_wait

        def new(self, **kw: Any):
            kw.setdefault("max_wait", self.max_wait)
            return super().new(**kw)

        def get_retry_after(self, response):
            try:
                return super().get_retry_after(response)
            except InvalidHeader:
                return None

        def get_backoff_time(self) -> float:
            n = 0
            for h in reversed(self.history):
                if h.redirect_location is not None:
                    break
                n += 1
            if n == 0:
                return 0.0
            return float(max(0.0, min(self.backoff_max, self.backoff_factor * 2 ** (n - 1))))

        def sleep(self, response=None) -> None:
            if response is not None and self.respect_retry_after_header:
                wait = self.get_retry_after(response)
                if wait:
                    _sleep(wait)
                    return
            backoff = self.get_backoff_time()
            if backoff > 0:
                _sleep(backoff)

        def increment(self, method=None, url=None, response=None, error=None, _pool=None, **kw):
            if response is not None and self.respect_retry_after_header:
                wait = self.get_retry_after(response)
                if wait is not None and wait > self.max_wait:
                    reason = ResponseError(f"Retry-After {wait:.0f} s exceeds {self.max_wait} s")
                    raise MaxRetryError(_pool, url, reason)
            return super().increment(method, url, response, error, _pool, **kw)

    return BoundedRetry


def _connection_reason(exc: BaseException) -> str:
    """A short reason for a failed connection, found along the exception chain."""
    seen = []
    stack: list[BaseException | None] = [exc]
    while stack:
        e = stack.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        stack += [e.__cause__, e.__context__, getattr(e, "reason", None)]
        stack += [a for a in getattr(e, "args", ()) if isinstance(a, BaseException)]
    names = " ".join(type(e).__name__ for e in seen) + " " + " ".join(str(e) for e in seen)
    if "NameResolutionError" in names or "Name or service not known" in names:
        return "the host name could not be resolved (DNS)"
    if "ConnectionRefusedError" in names or "Connection refused" in names:
        return "the connection was refused"
    if "SSLError" in names:
        return "the secure connection failed (SSL)"
    return "no connection could be made"


class ApiClient:
    """GET JSON from one API, with retries, a timeout and (optionally) a cache.

    Use it as a context manager (it closes the session and the cache).

    Parameters
    ----------
    settings : :class:`ClientSettings`.
    """

    def __init__(self, settings: ClientSettings) -> None:
        import requests
        from requests.adapters import HTTPAdapter

        self.settings = settings
        retry = _retry_class()(
            total=settings.retries,
            connect=settings.retries,
            read=settings.retries,
            status=settings.retries,
            other=0,
            redirect=5,
            backoff_factor=settings.backoff,
            backoff_max=settings.backoff_max,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            respect_retry_after_header=True,
            raise_on_status=False,
            max_wait=settings.max_wait,
        )
        if settings.use_cache:
            self.session = self._cached_session()
        else:
            self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        agent = f"collabgraph/{__version__}"
        if settings.mailto:
            agent += f" (mailto:{settings.mailto})"
        self.session.headers["User-Agent"] = agent
        self.session.headers["Accept"] = "application/json"
        self.requests_sent = 0
        self.cache_hits = 0

    def _cached_session(self):
        from requests_cache import CachedSession
        from requests_cache.policy.settings import DEFAULT_IGNORED_PARAMS

        folder = self.settings.cache_dir or default_cache_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return CachedSession(
                str(folder / "http_cache"),
                backend="sqlite",
                expire_after=self.settings.cache_expiry,
                allowable_codes=(200,),
                allowable_methods=("GET",),
                ignored_parameters=(*DEFAULT_IGNORED_PARAMS, *UNKEYED_PARAMS),
                stale_if_error=False,
            )
        except (OSError, sqlite3.Error) as exc:
            raise FetchError(
                f"cannot use the cache folder {str(folder)!r}: {exc}. "
                "Hint: choose another one with --cache-dir, or use --no-cache"
            ) from None

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    def url(self, path: str) -> str:
        return self.settings.api_url + "/" + path.lstrip("/")

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> ApiResponse:
        """GET ``path`` (relative to the API URL) and decode the JSON answer.

        Raises
        ------
        NotFound : the API answered 404.
        FetchError : anything else that is not a 200 with JSON, in one line with a hint.
        """
        import requests

        query = {k: v for k, v in (params or {}).items() if v is not None}
        if self.settings.mailto:
            query["mailto"] = self.settings.mailto
        if self.settings.api_key:
            query["api_key"] = self.settings.api_key
        url = self.url(path)
        host = urlsplit(self.settings.api_url).netloc or self.settings.api_url
        shown = redact_url(requests.Request("GET", url, params=query).prepare().url or url)
        try:
            resp = self.session.get(url, params=query, timeout=self.settings.timeout)
        except requests.exceptions.Timeout:
            raise FetchError(
                f"no answer from {host} within {self.settings.timeout:g} s "
                f"(after {_retries(self.settings.retries)}). Hint: try again later, or allow "
                "longer with --timeout"
            ) from None
        except requests.exceptions.ConnectionError as exc:
            raise FetchError(
                f"cannot reach {host}: {_connection_reason(exc)}"
                f"{f' (after {_retries(self.settings.retries)})' if self.settings.retries else ''}"
                ". Hint: check the network connection (or --api-url)"
            ) from None
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"request to {host} failed: {type(exc).__name__}") from None
        from_cache = bool(getattr(resp, "from_cache", False))
        if from_cache:
            self.cache_hits += 1
        else:
            self.requests_sent += 1
        if resp.status_code != 200:
            self._raise_status(resp, shown)
        try:
            data = json.loads(resp.content.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._forget(resp)
            start = resp.content[:40].decode("utf-8", "replace")
            raise FetchError(
                f"{host} answered {shown} with malformed JSON ({exc.__class__.__name__}: "
                f"{str(exc)[:80]}; starts {start!r}). Hint: try again later"
            ) from None
        return ApiResponse(data, shown, from_cache)

    def _forget(self, resp) -> None:
        """Drop a response from the cache (a 200 that turned out unusable)."""
        cache = getattr(self.session, "cache", None)
        if cache is not None and getattr(resp, "request", None) is not None:
            cache.delete(requests=[resp.request])

    def _raise_status(self, resp, shown: str) -> None:
        status = resp.status_code
        message = _server_message(resp)
        detail = f": {message}" if message else ""
        tries = _retries(self.settings.retries)
        if status == 404:
            raise NotFound(f"{shown} was not found (HTTP 404){detail}")
        if status == 429:
            wait = resp.headers.get("Retry-After")
            seconds = _seconds(wait)
            if seconds is not None and seconds > self.settings.max_wait:
                raise FetchError(
                    f"rate limited by the API (HTTP 429): it asks to wait {seconds:.0f} s "
                    f"before the next request, longer than --max-wait {self.settings.max_wait:g} "
                    "s (the daily allowance may be used up). Hint: try again later, or set "
                    "OPENALEX_API_KEY for a larger allowance"
                )
            raise FetchError(
                f"rate limited by the API (HTTP 429) and it did not clear after {tries}. "
                "Hint: wait a while and try again, or set OPENALEX_API_KEY for a larger "
                "allowance"
            )
        if status in (401, 403):
            slow = " or when requests come too fast" if status == 403 else ""
            raise FetchError(
                f"the API refused the request (HTTP {status}){detail}. Hint: OpenAlex answers "
                f"so without a valid API key{slow}: set OPENALEX_API_KEY (free at "
                "openalex.org/settings/api), or check the one that is set"
            )
        if status >= 500:
            raise FetchError(
                f"the API failed (HTTP {status}) and still failed after {tries}"
                f"{detail}. Hint: the service may be down; try again later"
            )
        raise ApiError(status, f"the API rejected {shown} (HTTP {status}){detail}", message)


class ApiError(FetchError):
    """The API refused the query (a 4xx other than 401/403/404/429)."""

    def __init__(self, status: int, text: str, server_message: str = "") -> None:
        self.status = status
        self.server_message = server_message
        super().__init__(text)


def _retries(n: int) -> str:
    return f"{n} retr{'y' if n == 1 else 'ies'}"


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    import email.utils

    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(0.0, email.utils.mktime_tz(parsed) - time.time())


def _server_message(resp) -> str:
    """The API's own explanation (``{"error": ..., "message": ...}``), in one short line."""
    try:
        body = resp.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    parts = [str(body[k]) for k in ("error", "message") if isinstance(body.get(k), str)]
    text = " ".join(" - ".join(parts).split())
    return text[:200]
