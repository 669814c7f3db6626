"""The real gazetteer, loaded once for every transform test that needs it."""

from __future__ import annotations

import pytest

from flows.settings import Settings
from flows.transform.entities import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return load_gazetteer(Settings().reference_dir)
