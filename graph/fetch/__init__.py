"""Fetch stage: publication lists from bibliographic APIs into files the readers read.

It runs before ``load`` and is not part of the pure pipeline: it writes a JSON Lines file of
OpenAlex works (:func:`~graph.fetch.openalex.fetch_works`) that
:mod:`graph.load.openalex` reads like any export.  :mod:`graph.fetch.client` is the HTTP layer
(retries, backoff, ``Retry-After``, timeout, response cache); :mod:`graph.fetch.openalex` knows
OpenAlex (ids, filters, cursor paging, resumable JSONL); :mod:`graph.fetch.cli` holds the
``collabgraph fetch`` commands and ``run``'s ``--orcid``/``--author``.
"""

from __future__ import annotations

from .client import DEFAULT_API_URL, ApiClient, ClientSettings, FetchError, NotFound
from .openalex import (
    WORK_FIELDS,
    AuthorInfo,
    FetchResult,
    fetch_works,
    parse_author_id,
    parse_institution,
    parse_orcid,
    resolve_author,
    search_authors,
    works_filter,
)

__all__ = [
    "DEFAULT_API_URL",
    "WORK_FIELDS",
    "ApiClient",
    "AuthorInfo",
    "ClientSettings",
    "FetchError",
    "FetchResult",
    "NotFound",
    "fetch_works",
    "parse_author_id",
    "parse_institution",
    "parse_orcid",
    "resolve_author",
    "search_authors",
    "works_filter",
]
