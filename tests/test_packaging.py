"""The installed package carries what a run needs (issue 12, item 11).

`.ci/run` also builds the wheel, installs it into a fresh environment and runs the default job
from another folder; these tests catch the same mistakes without a build.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def test_embedded_profile_is_package_data():
    packaged = resources.files("graph") / "data" / "shouhong_ding_profile.txt"
    assert packaged.is_file()
    assert packaged.read_bytes() == (ROOT / "data" / "shouhong_ding_profile.txt").read_bytes()
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["graph"]
    assert "data/*.txt" in globs and "templates/*" in globs
