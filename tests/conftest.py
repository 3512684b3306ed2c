"""Shared fixtures: the embedded default profile and small hand-made corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"
DEFAULT_PROFILE = DATA / "shouhong_ding_profile.txt"


def _shared_dir() -> Path | None:
    """The read-only ``shared/`` folder beside the checkout (real exports, the labelled
    author set): ``$COLLABGRAPH_SHARED``, else ``../shared`` of the checkout, else
    ``/work/shared``.  Its files are read in place, never copied into the project."""
    import os

    for cand in (os.environ.get("COLLABGRAPH_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if cand and (Path(cand) / "data").is_dir():
            return Path(cand)
    return None


#: ``shared/`` or None; tests that read it use the ``shared_data`` fixture (skips without it).
SHARED = _shared_dir()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``shared/data`` (real exports, disambiguation set); skips the test where it is absent."""
    if SHARED is None:
        pytest.skip("the read-only shared/ folder (real exports, labelled authors) is not here")
    return SHARED / "data"


@pytest.fixture(scope="session")
def default_profile() -> Path:
    return DEFAULT_PROFILE


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA


# A hand-checked profile (graph tests: test_build, test_analyse, test_rank, test_path).
# Owner Ada Lovelace is added to every paper; "Kurt Gödel" and "Kurt Godel" are one author;
# the 2021 list is cut ("et al.").
HAND_PAGE = """Ada Lovelace

CVMay 3, 2020
Engines of Analysis

Alan Turing, Kurt Gödel

CVJun 1, 2021
Computable Numbers

Alan Turing, Grace Hopper et al. · oxford, mit

CVJul 2, 2022
Compilers and Invariants

Grace Hopper, Kurt Godel, Emmy Noether · mit
"""


@pytest.fixture(scope="session")
def hand_page() -> str:
    return HAND_PAGE
