"""A plugin whose eligibility hook for the Fooland transfer subsidy raises (CLI tests)."""

from talentkit import Programme, hookimpl, touches


@hookimpl
@touches("fooland.transfer")
def talentkit_eligibility(programme: Programme) -> None:
    raise RuntimeError(f"cannot assess {programme.id}")
