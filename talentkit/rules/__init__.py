"""The rule vocabulary: small, typed, cited declarations evaluated in three-valued logic."""

from talentkit.rules.base import Outcome, Rule
from talentkit.rules.collections import Count, InRole, NoneWithin, Share
from talentkit.rules.compare import Compare, DateCompare, OneOf, ParamIs, WorkdaysWithin
from talentkit.rules.context import Context
from talentkit.rules.human import Attested, Custom, Judgement
from talentkit.rules.logic import AllOf, AnyOf, Not, When
from talentkit.rules.order import ApplicationLimit
from talentkit.rules.outcome import Check, Status
from talentkit.rules.refs import AS_OF, REF, F, P
from talentkit.rules.spells import TimeSpent
from talentkit.rules.temporal import AgeAtLeast, AgeAtMost, Duration

__all__ = [
    "AS_OF",
    "REF",
    "AgeAtLeast",
    "AgeAtMost",
    "AllOf",
    "AnyOf",
    "ApplicationLimit",
    "Attested",
    "Check",
    "Compare",
    "Context",
    "Count",
    "Custom",
    "DateCompare",
    "Duration",
    "F",
    "InRole",
    "Judgement",
    "NoneWithin",
    "Not",
    "OneOf",
    "Outcome",
    "P",
    "ParamIs",
    "Rule",
    "Share",
    "Status",
    "TimeSpent",
    "When",
    "WorkdaysWithin",
]
