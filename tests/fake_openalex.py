"""A local stand-in for the OpenAlex API, served by pytest-httpserver (no network).

It answers the requests ``graph.fetch`` makes the way the OpenAlex documentation describes
them: ``/authors/{id}`` and ``/authors/orcid:{orcid}`` (single entities, 404 when unknown),
``/authors?search=`` (a list page), and ``/works?filter=&select=&per-page=&cursor=`` with
cursor paging (``meta {count, db_response_time_ms, page: null, per_page, next_cursor,
groups_count}``; ``next_cursor`` is null only on the empty page after the last one, as the
docs say: "repeat until next_cursor is null and results is empty").  Filters it understands:
``authorships.author.id``, ``authorships.author.orcid``, ``authorships.institutions.ror`` /
``.id``, ``from_publication_date``, ``to_publication_date``, ``type``; anything else is a 400
with the API's error body.  ``select`` keeps only the named root fields and refuses a field
the Work object does not have (400), like the API.

Failures are scripted per request number (``fail``): a status, headers and body for the n-th
request to a path, so tests can send a 429 with ``Retry-After`` or a 500 before the real answer.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from werkzeug import Request, Response

API_DATA = Path(__file__).resolve().parent / "data" / "openalex_api"

#: Root fields of the Work object (OpenAlex docs, "Work object"); ``select`` accepts these.
WORK_OBJECT_FIELDS = frozenset(
    {
        "abstract_inverted_index",
        "apc_list",
        "apc_paid",
        "authorships",
        "best_oa_location",
        "biblio",
        "cited_by_api_url",
        "cited_by_count",
        "cited_by_percentile_year",
        "citation_normalized_percentile",
        "concepts",
        "corresponding_author_ids",
        "corresponding_institution_ids",
        "countries_distinct_count",
        "counts_by_year",
        "created_date",
        "display_name",
        "doi",
        "fulltext_origin",
        "fwci",
        "grants",
        "has_fulltext",
        "id",
        "ids",
        "indexed_in",
        "institutions_distinct_count",
        "is_authors_truncated",
        "is_paratext",
        "is_retracted",
        "keywords",
        "language",
        "locations",
        "locations_count",
        "mesh",
        "open_access",
        "primary_location",
        "primary_topic",
        "publication_date",
        "publication_year",
        "referenced_works",
        "referenced_works_count",
        "related_works",
        "sustainable_development_goals",
        "title",
        "topics",
        "type",
        "type_crossref",
        "updated_date",
    }
)


def _short(value: object) -> str:
    return value.rsplit("/", 1)[-1] if isinstance(value, str) else ""


def encode_cursor(offset: int) -> str:
    return base64.b64encode(json.dumps([offset, "fake"]).encode()).decode()


def decode_cursor(cursor: str) -> int:
    return int(json.loads(base64.b64decode(cursor))[0])


def _error(status: int, error: str, message: str) -> Response:
    return Response(
        json.dumps({"error": error, "message": message}),
        status=status,
        content_type="application/json",
    )


class FakeOpenAlex:
    """Serve ``works`` and ``authors`` the way OpenAlex does; record every request."""

    def __init__(self, httpserver, works: list[dict], authors: dict[str, dict] | None = None):
        self.server = httpserver
        self.works = works
        self.authors = authors or {}
        self.searches: dict[str, dict] = {}
        self.requests: list[tuple[str, dict]] = []  #: (path, query) in arrival order
        self.failures: dict[tuple[str, int], Callable[[], Response]] = {}
        self.counts: dict[str, int] = {}
        self.max_per_page = 200
        self.refuse_select: set[str] = set()
        self.require_key: str | None = None
        httpserver.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    @classmethod
    def from_files(cls, httpserver) -> FakeOpenAlex:
        works = json.loads((API_DATA / "works.json").read_text(encoding="utf-8"))
        authors = json.loads((API_DATA / "authors.json").read_text(encoding="utf-8"))
        fake = cls(httpserver, works, authors)
        for name, file in (
            ("ana ilic", "authors_search_ana_ilic.json"),
            ("tomas o briain", "authors_search_tomas.json"),
        ):
            fake.searches[name] = json.loads((API_DATA / file).read_text(encoding="utf-8"))
        return fake

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def fail(self, path: str, nth: int, status: int, headers=None, body=None) -> None:
        """Answer the ``nth`` (1-based) request to ``path`` with ``status`` instead."""

        def respond() -> Response:
            if body is not None:
                return Response(body, status=status, headers=headers or {})
            return Response(
                json.dumps({"error": f"HTTP {status}", "message": "scripted failure"}),
                status=status,
                headers=headers or {},
                content_type="application/json",
            )

        self.failures[(path, nth)] = respond

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    # ------------------------------------------------------------------ dispatch

    def handle(self, request: Request) -> Response:
        path = unquote(request.path)
        query = {k: v for k, v in request.args.items()}
        self.requests.append((path, query))
        self.counts[path] = self.counts.get(path, 0) + 1
        scripted = self.failures.get((path, self.counts[path]))
        if scripted is not None:
            return scripted()
        if self.require_key is not None and query.get("api_key") != self.require_key:
            return _error(401, "Unauthorized", "API key required")
        if path == "/works":
            return self._works(query)
        if path == "/authors":
            return self._search(query)
        if path.startswith("/authors/"):
            return self._author(path[len("/authors/") :])
        return _error(404, "Not found", f"no route {path}")

    def _author(self, ident: str) -> Response:
        if ident.lower().startswith("orcid:"):
            orcid = ident[len("orcid:") :].upper()
            found = [a for a in self.authors.values() if _short(a.get("orcid")).upper() == orcid]
        else:
            found = [self.authors[ident.upper()]] if ident.upper() in self.authors else []
        if not found:
            return _error(404, "Not Found", f"author {ident} not found")
        return Response(json.dumps(found[0]), content_type="application/json")

    def _search(self, query: dict) -> Response:
        from graph.text import name_key

        asked = name_key(query.get("search", ""))
        for name, page in self.searches.items():
            if name_key(name) == asked:
                return Response(json.dumps(page), content_type="application/json")
        empty = {
            "meta": {"count": 0, "db_response_time_ms": 9, "page": 1, "per_page": 25},
            "results": [],
            "group_by": [],
        }
        return Response(json.dumps(empty), content_type="application/json")

    def _matches(self, work: dict, name: str, value: str) -> bool:
        ships = work.get("authorships") or []
        if name in ("authorships.author.id", "author.id"):
            return any(_short(s["author"].get("id")).upper() == value.upper() for s in ships)
        if name in ("authorships.author.orcid", "author.orcid"):
            return any(_short(s["author"].get("orcid")).upper() == value.upper() for s in ships)
        if name in ("authorships.institutions.ror", "institutions.ror"):
            return any(
                _short(i.get("ror")) == value for s in ships for i in s.get("institutions") or []
            )
        if name in ("authorships.institutions.id", "institutions.id"):
            return any(
                _short(i.get("id")) == value for s in ships for i in s.get("institutions") or []
            )
        if name == "from_publication_date":
            return (work.get("publication_date") or "") >= value
        if name == "to_publication_date":
            return (work.get("publication_date") or "9999") <= value
        if name == "type":
            return work.get("type") == value
        raise KeyError(name)

    def _works(self, query: dict) -> Response:
        per_page = int(query.get("per-page") or query.get("per_page") or 25)
        if not 1 <= per_page <= self.max_per_page:
            return _error(
                400,
                "Invalid query parameters error.",
                f"per-page is {per_page}; it must be between 1 and {self.max_per_page}",
            )
        works = self.works
        for part in filter(None, (query.get("filter") or "").split(",")):
            name, _, value = part.partition(":")
            try:
                works = [w for w in works if self._matches(w, name, value)]
            except KeyError:
                return _error(
                    400, "Invalid query parameters error.", f"{name} is not a valid field"
                )
        select = [f for f in (query.get("select") or "").split(",") if f]
        for f in select:
            if f not in WORK_OBJECT_FIELDS or f in self.refuse_select:
                return _error(
                    400,
                    "Invalid query parameters error.",
                    f"{f} is not a valid select field. Valid fields for select are: ...",
                )
        cursor = query.get("cursor")
        offset = 0 if cursor in (None, "*") else decode_cursor(cursor)
        page = works[offset : offset + per_page]
        if select:
            page = [{k: w[k] for k in select if k in w} for w in page]
        distinct = len({w.get("id") for w in works})
        meta = {
            "count": distinct,
            "db_response_time_ms": 12,
            "page": None,
            "per_page": per_page,
            "next_cursor": encode_cursor(offset + per_page) if page else None,
            "groups_count": None,
        }
        body = {"meta": meta, "results": page, "group_by": []}
        return Response(json.dumps(body, ensure_ascii=False), content_type="application/json")
