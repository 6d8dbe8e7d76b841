"""talentkit: talent and innovation-support policies as cited, testable rules.

The public API for integrators and plugin authors. Everything importable from here is
stable within a major version.
"""

from talentkit.convert import InputError, to_json, unstructure
from talentkit.dates import Period
from talentkit.engine import Engine, ProgrammeNotFound
from talentkit.exits import Ban, Deadline, ExitCase, ExitOutcome, ExitReport, ExitRule, Recover
from talentkit.facts import FactSpec
from talentkit.funding import (
    TAX_EXEMPT,
    TAX_GOVERNMENT_AWARD,
    Annual,
    Exclusion,
    External,
    Fixed,
    FundingResult,
    Obligation,
    OneOff,
    Percentage,
    Range,
)
from talentkit.manager import PluginProblem, hookimpl
from talentkit.params import Parameter, ParameterError, load_overrides, load_parameters
from talentkit.programme import Document, Informational, Jurisdiction, Programme, Relaxation
from talentkit.results import Assessment, Comparison, Report, Verdict
from talentkit.rules import (
    AS_OF,
    REF,
    AgeAtLeast,
    AgeAtMost,
    AllOf,
    AnyOf,
    Attested,
    Check,
    Compare,
    Context,
    Count,
    Custom,
    DateCompare,
    Duration,
    F,
    Judgement,
    NoneWithin,
    Not,
    OneOf,
    P,
    Rule,
    Share,
    Status,
    When,
    WorkdaysWithin,
)
from talentkit.scoring import CohortEntry, Grading, GradingScheme, ScoreItem
from talentkit.subjects import (
    Application,
    Attestation,
    Award,
    Decision,
    Event,
    History,
    Organisation,
    PaidItem,
    Person,
    Profile,
    Team,
    Waiver,
)
from talentkit.text import Citation, Text
from talentkit.workdays import CalendarError, WorkdayCalendar

__all__ = [
    "AS_OF", "REF", "TAX_EXEMPT", "TAX_GOVERNMENT_AWARD", "AgeAtLeast", "AgeAtMost", "AllOf",
    "Annual", "AnyOf", "Application", "Assessment", "Attestation", "Attested", "Award", "Ban",
    "CalendarError", "Check", "Citation", "CohortEntry", "Compare", "Comparison", "Context",
    "Count", "Custom", "DateCompare", "Deadline", "Decision", "Document", "Duration", "Engine",
    "Event", "Exclusion", "ExitCase", "ExitOutcome", "ExitReport", "ExitRule", "External", "F",
    "FactSpec", "Fixed", "FundingResult", "Grading", "GradingScheme", "History",
    "Informational", "InputError", "Judgement", "Jurisdiction", "NoneWithin", "Not",
    "Obligation", "OneOf", "OneOff", "Organisation", "P", "PaidItem", "Parameter",
    "ParameterError", "Percentage", "Period", "Person", "PluginProblem", "Profile",
    "Programme", "ProgrammeNotFound", "Range", "Recover", "Relaxation", "Report", "Rule",
    "ScoreItem", "Share", "Status", "Team", "Text", "Verdict", "Waiver", "When",
    "WorkdayCalendar", "WorkdaysWithin", "hookimpl", "load_overrides", "load_parameters",
    "to_json", "unstructure",
]
