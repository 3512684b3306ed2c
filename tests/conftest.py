"""Shared fixtures: the embedded default profile and small hand-made corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"
DEFAULT_PROFILE = DATA / "shouhong_ding_profile.txt"


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
