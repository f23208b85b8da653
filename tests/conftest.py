"""Shared fixtures: the site is built once per test session, strictly, both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from build import build_site
from sitelib.project import ROOT

#: The address the test build is made for (the browser tests serve it elsewhere; every
#: link in the site is relative, so the served copy works at any address).
TEST_SITE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site (both languages), made once for the whole session."""
    return build_site(tmp_path_factory.mktemp("build") / "site", TEST_SITE_URL)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
