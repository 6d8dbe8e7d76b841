from __future__ import annotations

import pytest

from talentkit import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.create()
