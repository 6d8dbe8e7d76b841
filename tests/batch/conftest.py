from __future__ import annotations

import pytest

from talentkit import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine.create()


@pytest.fixture
def shaanxi_installed(engine: Engine) -> None:
    """Skips a test of the Shaanxi programmes' facts where that plugin is not installed."""
    if "shaanxi.own_funds_share" not in engine.registry.facts:
        pytest.skip("the Shaanxi plugin is not installed")
