"""A plugin whose eligibility hook for the Fooland transfer subsidy raises (CLI tests)."""

from talentkit import Programme, hookimpl, touches


@hookimpl
@touches("fooland.transfer")
def talentkit_eligibility(programme: Programme) -> None:
    raise RuntimeError(f"cannot assess {programme.id}")


@hookimpl
@touches("fooland.team")
def talentkit_exit(programme: Programme) -> None:
    raise RuntimeError(f"no exit rules for {programme.id} today")
