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
