"""The environment the ``talentkit`` command runs in under the tests (click's runner).

Fooland (``tests/fooland``) is the only plugin: installed distributions do not load, so a
test reads the same whichever jurisdictions are installed. Nothing is blocked, no hook is
traced (an empty value is the same as unset), and the terminal is 200 columns wide so rich
does not wrap a line a test reads.
"""

from __future__ import annotations

FOOLAND_ONLY: dict[str, str] = {
    "TALENTKIT_DISABLE_PLUGIN_AUTOLOAD": "1",
    "TALENTKIT_PLUGINS": "talentkit_fooland.plugin",
    "TALENTKIT_BLOCK_PLUGINS": "",
    "TALENTKIT_TRACE_HOOKS": "",
    "COLUMNS": "200",
}


def cli_env(**changes: str | None) -> dict[str, str]:
    """:data:`FOOLAND_ONLY` with ``changes``; a change to None leaves that variable out,
    so the command sees it as the test session has it."""
    env: dict[str, str | None] = {**FOOLAND_ONLY, **changes}
    return {name: value for name, value in env.items() if value is not None}
