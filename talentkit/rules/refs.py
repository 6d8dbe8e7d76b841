"""References from a rule declaration to parameters and other facts."""

from __future__ import annotations

import attrs

from talentkit.slotinit import through_slots


@through_slots
@attrs.frozen
class P:
    """The value of a parameter (``P("yangquan.team.leading.min_core_members")``)."""

    key: str

    def __str__(self) -> str:
        return f"param:{self.key}"


@attrs.frozen
class F:
    """The value of another fact (``F("application.submitted_on")``)."""

    path: str

    def __str__(self) -> str:
        return self.path


REF = "ref"
"""Date source: the programme's reference date (call notice, batch reference date…)."""
AS_OF = "as_of"
"""Date source: the date the assessment is made "as of"."""
