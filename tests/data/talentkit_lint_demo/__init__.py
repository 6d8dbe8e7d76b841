"""Plugins with one planted declaration defect each, for ``talentkit lint`` tests."""
