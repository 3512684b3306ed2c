"""The OpenAlex fetch against a local stand-in server, as ratios within the same run.

Usage::

    .venv/bin/python bench/bench_fetch.py [--per-page 50] [--repeat 3]

Serves the real sample ``tests/data/openalex/works_tu9_2022.json`` (410 works) with the test
stand-in ``tests/fake_openalex.py`` on 127.0.0.1 (no network) and measures:

* a first fetch (every page from the server) vs the same fetch again (every page from the
  response cache): seconds, and the requests the server saw;
* the JSONL written with ``select`` (the fields the reader uses) vs whole records: bytes.

Best of ``--repeat`` runs; absolute seconds are mostly the local server's and vary with load.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "openalex" / "works_tu9_2022.json"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-page", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "tests"))
    from fake_openalex import FakeOpenAlex
    from pytest_httpserver import HTTPServer

    from graph.fetch import ApiClient, ClientSettings, fetch_works

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        fake = FakeOpenAlex(server, json.loads(SAMPLE.read_text(encoding="utf-8")))
        flt = "from_publication_date:2017-01-01"
        first, cached, sizes = [], [], {}
        for _ in range(args.repeat):
            folder = Path(tempfile.mkdtemp())
            for label, times in (("first", first), ("cached", cached)):
                sent = len(fake.requests)
                t0 = time.perf_counter()
                with ApiClient(ClientSettings(api_url=fake.url, cache_dir=folder / "c")) as c:
                    res = fetch_works(
                        c, flt, folder / "w.jsonl", per_page=args.per_page, progress=False
                    )
                times.append(time.perf_counter() - t0)
                print(
                    f"{label:>6}: {res.works} works, {res.pages} pages, {res.from_cache} from "
                    f"the cache, {len(fake.requests) - sent} requests reached the server"
                )
            sizes["select"] = (folder / "w.jsonl").stat().st_size
            with ApiClient(ClientSettings(api_url=fake.url, use_cache=False)) as c:
                fetch_works(
                    c,
                    flt,
                    folder / "all.jsonl",
                    per_page=args.per_page,
                    select=None,
                    progress=False,
                )
            sizes["whole"] = (folder / "all.jsonl").stat().st_size
    finally:
        server.stop()
    print(
        f"first fetch {min(first):.2f} s, cached {min(cached):.2f} s "
        f"(cached/first {min(cached) / min(first):.2f})"
    )
    print(
        f"JSONL with select {sizes['select'] / 1e6:.2f} MB, whole records "
        f"{sizes['whole'] / 1e6:.2f} MB (select/whole {sizes['select'] / sizes['whole']:.2f})"
    )


if __name__ == "__main__":
    main()
