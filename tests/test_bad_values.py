"""Values that are wrong never pass: parameter domains, input money, keys naming rules,
library arguments, and the commands that take them."""

from __future__ import annotations

import datetime as dt
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from talentkit import Engine, InputError, ParameterError, load_parameters
from talentkit.cli import main
from talentkit.convert import read_document
from tests.cli_env import cli_env

FOOLAND = Path(__file__).parent / "fooland"
EXAMPLE = read_document(FOOLAND / "example.toml")
AS_OF = dt.date(2026, 10, 20)
# the installed plugins too, and the session's (Fooland unless set otherwise)
ENV = cli_env(
    TALENTKIT_DISABLE_PLUGIN_AUTOLOAD="",
    TALENTKIT_PLUGINS=os.environ.get("TALENTKIT_PLUGINS", "talentkit_fooland.plugin"),
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=ENV, catch_exceptions=False)


def param_file(tmp_path: Path, type_: str, value: str, extra: str = "") -> Path:
    path = tmp_path / "p.toml"
    path.write_text(
        f'[[param]]\nkey = "x.k"\ntype = "{type_}"\nvalue = {value}\n'
        f'document = "DOC"\narticle = "第3条"\n{extra}',
        encoding="utf-8",
    )
    return path


# -- parameter domains ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "value", "words"),
    [
        ("yuan", "-1", "a non-negative amount in yuan"),
        ("yuan", str(2**63), "an amount within 64-bit fen"),
        ("yuan", "92233720368547758.08", "an amount within 64-bit fen"),  # one fen beyond
        ("int", "-5", "a count of 0 or more"),
        ("fraction", '"-1/3"', "a share between 0 and 1"),
        ("fraction", '"150%"', "a share between 0 and 1"),
        ("fraction", '"4/3"', "a share between 0 and 1"),
    ],
)
def test_values_outside_a_parameters_domain_name_it_and_its_citation(
    tmp_path: Path, type_: str, value: str, words: str
) -> None:
    with pytest.raises(ParameterError) as exc:
        load_parameters(param_file(tmp_path, type_, value))
    assert words in str(exc.value)
    assert "x.k" in str(exc.value)
    if "64-bit" not in words:
        assert "(DOC 第3条)" in str(exc.value)


@pytest.mark.parametrize(
    ("type_", "value"),
    [
        ("yuan", "0"),
        ("yuan", "92233720368547758.07"),  # the largest 64-bit number of fen
        ("int", "0"),
        ("fraction", '"0"'),
        ("fraction", '"100%"'),
    ],
)
def test_the_domains_edges_are_inside(tmp_path: Path, type_: str, value: str) -> None:
    (p,) = load_parameters(param_file(tmp_path, type_, value))
    assert p.is_set


def test_a_file_may_declare_another_domain(tmp_path: Path) -> None:
    (p,) = load_parameters(param_file(tmp_path, "int", "-2", "min = -3\nmax = 3\n"))
    assert p.value == -2
    with pytest.raises(ParameterError, match="a value from -3 to 3"):
        load_parameters(param_file(tmp_path, "int", "4", "min = -3\nmax = 3\n"))


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("fooland.team.grant", -1_000_000, "a non-negative amount in yuan"),
        ("fooland.team.young_share", "-1/3", "a share between 0 and 1"),
        ("fooland.team.young_share", "150%", "a share between 0 and 1"),
        ("fooland.team.min_core_members", -5, "a count of 0 or more"),
    ],
)
def test_overrides_outside_the_domain_are_refused(key: str, value: Any, words: str) -> None:
    engine = Engine.create(entry_points=False)
    with pytest.raises(ParameterError) as exc:
        engine.params.with_overrides({key: value})
    message = str(exc.value)
    assert words in message
    assert f"overrides: {key}" in message
    assert "(FOO-" in message or "第" in message  # the citation of the parameter


def test_a_negative_grant_in_params_is_exit_2(tmp_path: Path) -> None:
    over = tmp_path / "over.toml"
    over.write_text('[params]\n"fooland.team.grant" = -1000000\n', encoding="utf-8")
    args = ("check", str(FOOLAND / "example.toml"), "--params", str(over))
    result = run(*args, "--lang", "en")
    assert result.exit_code == 2
    assert "fooland.team.grant" in result.output
    assert "non-negative" in result.output
    result = run(*args)  # --lang zh, the default
    assert result.exit_code == 2
    assert (
        "应为以元计、不小于 0 且以分计不超出 64 位整数的金额 @ overrides: fooland.team.grant（"
        in (result.output)
    )


# -- input money ----------------------------------------------------------------------


@pytest.mark.parametrize("amount", [-1, 2**63])
def test_input_money_is_checked_like_parameters(amount: int) -> None:
    engine = Engine.create(entry_points=False)
    data = {**EXAMPLE, "history": {"receipts": [{"source": "x", "amount": amount}]}}
    with pytest.raises(InputError) as exc:
        engine.load(data)
    assert any("@ $.history.receipts[0].amount" in e for e in exc.value.errors)
    facts = {**EXAMPLE["facts"], "fooland.matching_per_year": -1}
    with pytest.raises(InputError, match=r"@ \$\.facts\.fooland\.matching_per_year"):
        engine.load({**EXAMPLE, "facts": facts})


# -- keys that name rules and attestations ------------------------------------------------

RECORD = {"value": True, "by": "panel", "on": "2026-05-01"}
WAIVER = {"decision": "approved", "by": "office", "on": "2026-05-01", "basis": "x"}


@pytest.mark.parametrize(
    ("table", "key", "record", "words"),
    [
        ("decisions", "fooland.team.standin", RECORD, "did you mean fooland.team.standing?"),
        ("attestations", "fooland.team.agreemnt", RECORD, "did you mean fooland.team.agreement?"),
        ("waivers", "fooland.team.leader_ag", WAIVER, "did you mean fooland.team.leader_age?"),
        ("waivers", "fooland.team.host_type", WAIVER, "cannot be waived"),
    ],
)
def test_keys_naming_no_rule_are_errors(
    table: str, key: str, record: dict[str, Any], words: str
) -> None:
    engine = Engine.create(entry_points=False)
    with pytest.raises(InputError) as exc:
        engine.load({**EXAMPLE, table: {key: record}})
    (message,) = exc.value.errors
    assert words in message
    assert message.endswith(f"@ $.{table}.{key}")


def test_keys_the_programmes_read_are_accepted() -> None:
    engine = Engine.create(entry_points=False)
    profile = engine.load(
        {
            **EXAMPLE,
            "decisions": {"fooland.team.standing": RECORD},
            "waivers": {"fooland.team.leader_age": WAIVER},
        }
    )
    assert "fooland.team.standing" in profile.decisions


# -- library arguments ----------------------------------------------------------------


def test_a_single_programme_id_and_iso_dates_are_accepted() -> None:
    engine = Engine.create(entry_points=False)
    case = engine.load(EXAMPLE)
    one = engine.assess(case, "fooland.team", as_of="2026-10-20")
    both = engine.assess(case, ["fooland.team"], as_of=AS_OF)
    assert [a.programme for a in one.assessments] == ["fooland.team"]
    assert one == both


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"as_of": "20 Oct 2026"}, "as_of: expected a date or an ISO date string"),
        ({"as_of": dt.datetime(2026, 10, 20)}, "as_of: expected a date"),
        ({"programmes": 3}, "programmes: expected a programme id or a list of ids"),
    ],
)
def test_wrong_library_arguments_are_type_errors_naming_them(
    kwargs: dict[str, Any], words: str
) -> None:
    engine = Engine.create(entry_points=False)
    with pytest.raises(TypeError, match=words):
        engine.assess(engine.load(EXAMPLE), **kwargs)
    with pytest.raises(TypeError, match="profile: expected a Profile"):
        engine.assess(EXAMPLE)  # type: ignore[arg-type]


# -- commands ---------------------------------------------------------------------------


def test_params_with_an_unknown_prefix_is_exit_2() -> None:
    result = run("params", "nonexist")
    assert result.exit_code == 2
    assert "no parameter starts with 'nonexist'" in result.output


def cohort(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "cohort.toml"
    path.write_text(rows, encoding="utf-8")
    return path


def test_grade_names_the_field_of_a_bad_score_and_duplicates(tmp_path: Path) -> None:
    path = cohort(
        tmp_path,
        '[[subject]]\nsubject = "a"\nproposed = "excellent"\nscore = "high"\n',
    )
    result = run("grade", "fooland.team", str(path))
    assert result.exit_code == 2
    assert "@ $.subject[0].score" in result.output
    path = cohort(
        tmp_path,
        '[[subject]]\nsubject = "a"\nproposed = "excellent"\n'
        '[[subject]]\nsubject = "a"\nproposed = "qualified"\n',
    )
    result = run("grade", "fooland.team", str(path), "--lang", "en")
    assert result.exit_code == 2
    assert "appears twice" in result.output
    assert "@ $.subject[1].subject" in result.output
    result = run("grade", "fooland.team", str(path), "--lang", "zh")
    assert "对象 'a' 重复出现，首次出现于 $.subject[0] @ $.subject[1].subject" in result.output


def test_decimal_scores_rank_exactly(tmp_path: Path) -> None:
    rows = "".join(
        f'[[subject]]\nsubject = "s{i}"\nproposed = "excellent"\nscore = {s}\n'
        for i, s in enumerate(["85.5", '"171/2"', "85.4", "90", "80", "70", "60", "50", "40", "30"])
    )
    result = run("grade", "fooland.team", str(cohort(tmp_path, rows)), "--format", "json")
    assert result.exit_code == 0, result.output


def test_grade_on_a_programme_not_enabled_says_so(tmp_path: Path) -> None:
    engine = Engine.create()
    disabled = [
        p.id
        for p in engine.registry.programmes.values()
        if p.grading is not None and not engine.enabled(p, engine.params, dt.date.today())
    ]
    if not disabled:
        pytest.skip("no installed grading programme is disabled")
    path = cohort(tmp_path, '[[subject]]\nsubject = "a"\nproposed = "x"\n')
    result = CliRunner().invoke(main, ["grade", disabled[0], str(path)], env=ENV)
    assert "is not enabled" in result.stderr
    assert result.exit_code == 2  # "x" is no grade of the programme


@pytest.mark.parametrize(
    ("type_", "value", "bounds"),
    [
        ("int", -5, {}),
        ("fraction", Fraction(3, 2), {}),
        ("int", 4, {"minimum": -3, "maximum": 3}),
        ("map", {"a": 1, "b": -2}, {}),
    ],
)
def test_a_citation_is_named_in_the_error_as_its_short_text(
    type_: str, value: Any, bounds: dict[str, Any]
) -> None:
    """The checks are given the citation and write it short only for an error: the same
    message as given its short text, through the store too."""
    from talentkit.params import Parameter, ParameterStore, check_domain
    from talentkit.text import Citation

    cite = Citation(document="DOC", article="第3条", item="（一）")
    messages = []
    for given in (cite, cite.short()):
        with pytest.raises(ParameterError) as exc:
            check_domain(value, type_, "p.toml: x.k", cite=given, **bounds)
        messages.append(str(exc.value))
    param = Parameter(key="x.k", type=type_, value=value, citation=cite, source="p.toml", **bounds)  # type: ignore[arg-type]
    with pytest.raises(ParameterError) as exc:
        ParameterStore().add([param])
    messages.append(str(exc.value))
    assert len(set(messages)) == 1
    assert "(DOC 第3条（一）)" in messages[0]
    for none in (None, ""):
        with pytest.raises(ParameterError) as exc:
            check_domain(value, type_, "p.toml: x.k", cite=none, **bounds)
        assert "(" not in str(exc.value).split("@")[1].split(",")[0]
