"""What a result carries when a plugin's hook failed instead of answering."""

from __future__ import annotations

import attrs


@attrs.frozen
class HookError:
    """A plugin's hook implementation that raised or answered with the wrong type."""

    plugin: str
    hook: str
    message: str

    def describe(self) -> str:
        return f"plugin {self.plugin}: {self.hook}: {self.message}"
