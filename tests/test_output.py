"""Output for people: a summary line per programme first, identifiers never cut, Chinese
throughout under --lang zh, and the rules listing showing money, scoring and exits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from talentkit.cli import main
from tests.cli_env import cli_env

FOOLAND = Path(__file__).parent / "fooland"
EXAMPLE = FOOLAND / "example.toml"
ENV = cli_env(COLUMNS=None)  # each run sets its width


def run(*args: str, columns: int = 120) -> Result:
    env = {**ENV, "COLUMNS": str(columns)}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_one_summary_line_per_programme_comes_first() -> None:
    out = run("check", str(EXAMPLE), "-p", "fooland", "--as-of", "2026-10-20").output
    lines = out.splitlines()
    assert lines[0].startswith("fooland.team  待评审  1,000,000 元 (金额未完全确定)")
    assert lines[1].startswith("fooland.transfer  尚无法判定")
    assert lines[2].startswith("fooland.pilot  办法未生效或未启用")
    assert lines[3].startswith("╭")


def test_declared_facts_show_their_chinese_labels(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('"fooland.notice_end" = 2026-10-12\n', "")
    case = tmp_path / "case.toml"
    case.write_text(text, encoding="utf-8")
    out = run("check", str(case), "-p", "fooland.team", "--as-of", "2026-10-20").output
    assert "公示结束" in out.splitlines()[0]
    assert "facts.fooland.notice_end" not in out.splitlines()[0]
    # the detail names the path too, for whoever fixes the input
    assert "公示结束（facts.fooland.notice_end）" in out
    en = run("check", str(case), "-p", "fooland.team", "--as-of", "2026-10-20", "--lang", "en")
    assert "facts.fooland.notice_end" in en.output


def exit_case(tmp_path: Path) -> Path:
    case = tmp_path / "exit.toml"
    case.write_text(
        'programme = "fooland.team"\n[award]\nprogramme = "fooland.team"\n'
        'paid = [{item = "fooland.team.grant", amount = 500000}]\n'
        '[event]\nkind = "acceptance_failed"\ndate = 2024-02-20\ndecided_on = 2024-02-29\n',
        encoding="utf-8",
    )
    return case


def test_exit_panels_in_chinese_titled_with_the_plugin(tmp_path: Path) -> None:
    out = run("exit", str(exit_case(tmp_path))).output
    assert "talentkit.declared" not in out
    assert "talentkit_fooland" in out or "fooland" in out.splitlines()[0]
    body = re.sub(r"[a-z_]+\.[a-z_.]+|FOO-\d|\d", "", out)  # ids and citations aside
    for word in ("status", "decided by", "recover", "ban on", "yuan", "new status"):
        assert word not in body, word
    assert "追回" in out
    assert "限制 带头人" in out
    assert "新状态：取消支持" in out
    assert "cancelled" not in out
    en = run("exit", str(exit_case(tmp_path)), "--lang", "en").output
    assert "new status: support cancelled" in en
    data = run("exit", str(exit_case(tmp_path)), "--format", "json").output
    assert '"new_status": "cancelled"' in data


def test_grading_in_chinese(tmp_path: Path) -> None:
    rows = "".join(
        f'[[subject]]\nsubject = "s{i}"\nproposed = "excellent"\nscore = {90 - i}\n'
        for i in range(6)
    )
    cohort = tmp_path / "c.toml"
    cohort.write_text(rows, encoding="utf-8")
    out = run("grade", "fooland.team", str(cohort), "--as-of", "2026-10-20").output
    assert "名额上限 优秀 1" in out
    assert "limits {" not in out
    assert "assessed" not in out


@pytest.mark.parametrize("columns", [40, 80])
def test_identifiers_are_never_cut(columns: int) -> None:
    params = run("params", "fooland", columns=columns).output
    assert "fooland.team.female_extra_years" in params
    assert "…" not in params
    rules = run("rules", "fooland.team", columns=columns).output
    assert "fooland.team.exit.failed_acceptance" in rules
    assert "…" not in rules


def test_params_print_values_as_the_texts_write_them() -> None:
    out = run("params", "fooland").output
    assert "3年" in out
    assert "Period(" not in out
    assert "1/5 (20%)" in out


def test_rules_show_funding_scoring_exits_and_keep_markers_in_english() -> None:
    out = run("rules", "fooland.team", "--lang", "en", columns=200).output
    assert "[attested]" in out
    assert "[expert panel]" in out
    for words in ("funding Fixed", "scoring priority", "exit acceptance_failed"):
        assert words in out, words
    zh = run("rules", "fooland.team", columns=200).output
    assert "支付条件" in zh or "资金 Fixed" in zh


# -- identifiers whole at every width ------------------------------------------------------------

SHIPPED_ENV = {"TALENTKIT_PLUGINS": "", "TALENTKIT_BLOCK_PLUGINS": ""}
EXAMPLES = Path(__file__).parent.parent / "plugins"


def run_shipped(*args: str, columns: int | None) -> str:
    env: dict[str, str | None] = {**SHIPPED_ENV, "TALENTKIT_DISABLE_PLUGIN_AUTOLOAD": None}
    env["COLUMNS"] = str(columns) if columns else None  # None: piped, rich's default width
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def whole(ids: list[str], out: str) -> list[str]:
    """The identifiers that are not printed whole on one line."""
    return [i for i in ids if not any(i in line for line in out.splitlines())]


WIDTHS = [40, 60, 80, 120, None]


@pytest.mark.parametrize("columns", WIDTHS)
def test_rule_ids_are_whole_in_rules_at_every_width(columns: int | None) -> None:
    from talentkit import Engine

    engine = Engine.create()
    for pid in ("xinzhou.eco.patent", "yangquan.team.key"):
        p = engine.programme(pid)
        out = run_shipped("rules", pid, columns=columns)
        ids = [x.id for x in (*p.rules, *p.funding, *p.scoring, *p.exits)]
        assert whole(ids, out) == []
        assert not [line for line in out.splitlines() if line.rstrip(" │").endswith("…")]
        for line in out.splitlines():  # texts wrap: only identifier lines may be wider
            assert columns is None or len(line) <= columns or line.lstrip().startswith(pid[:6])


@pytest.mark.parametrize("columns", WIDTHS)
def test_parameter_keys_and_programme_ids_are_whole_at_every_width(columns: int | None) -> None:
    from talentkit import Engine

    engine = Engine.create()
    out = run_shipped("params", "shaanxi.sanqin", columns=columns)
    keys = [k for k in engine.params.by_key if k.startswith("shaanxi.sanqin")]
    assert keys
    assert whole(keys, out) == []
    assert "…" not in out
    out = run_shipped("programmes", "--all", columns=columns)
    shipped = [p for p in engine.registry.programmes if not p.startswith("fooland")]
    assert whole(shipped, out) == []
    assert "…" not in out


@pytest.mark.parametrize("columns", WIDTHS)
def test_check_and_exit_keep_rule_ids_whole_at_every_width(columns: int | None) -> None:
    from talentkit import Engine

    engine = Engine.create()
    case = EXAMPLES / "xinzhou" / "examples" / "patent_project.toml"
    enable = EXAMPLES / "xinzhou" / "examples" / "enable.toml"
    args = ("check", str(case), "-p", "xinzhou.eco.patent", "--params", str(enable))
    out = run_shipped(*args, columns=columns)
    ids = [r.id for r in engine.programme("xinzhou.eco.patent").rules]
    assert whole(ids, out) == []
    exit_case = EXAMPLES / "shaanxi" / "examples" / "exit-qianren-withdrawal.toml"
    out = run_shipped("exit", str(exit_case), columns=columns)
    assert whole(["shaanxi.qianren.exit.voluntary"], out) == []
    assert whole(["shaanxi.qianren.funding.personal_subsidy"], out) == []


# -- values of closed sets show their labels ---------------------------------------------------


def test_codes_of_closed_sets_show_their_labels_and_json_keeps_the_codes() -> None:
    import json

    case = EXAMPLES / "xinzhou" / "examples" / "patent_project.toml"
    enable = EXAMPLES / "xinzhou" / "examples" / "enable.toml"
    args = ["check", str(case), "-p", "xinzhou.eco.patent", "--params", str(enable)]
    zh = run_shipped(*args, columns=200)
    # the declared fact by its label, its code by its label (the path stays in JSON)
    assert "专利类型 = 发明专利（要求为 发明专利）" in zh
    assert "= invention" not in zh
    en = run_shipped(*args, "--lang", "en", columns=300)
    assert "patent.type = invention patent (required: equal to invention patent)" in en
    data = json.loads(run_shipped(*args, "--format", "json", columns=200))
    checks = {c["rule_id"]: c for c in data["assessments"][0]["checks"]}
    invention = checks["xinzhou.eco.talent.patent_industrialisation_eligibility.invention"]
    assert invention["read"]["facts.xinzhou.eco.patent.type"] == "invention"


def test_the_subjects_own_codes_show_their_labels() -> None:
    import datetime as dt

    from talentkit import Citation, Compare, Engine, OneOf, Text
    from talentkit.subjects import Person, Profile
    from talentkit.workdays import WorkdayCalendar

    engine = Engine.create()
    ctx = engine.context(
        Profile(person=Person(degree="bachelor", title_level="sub_senior")),
        as_of=dt.date(2026, 1, 1),
        store=engine.params,
        calendar=WorkdayCalendar(),
    )
    cite = Citation(document="FOO-1", article="第1条")
    degree = Compare(id="d", fact="person.degree", value="doctor", cite=cite, text=Text("", ""))
    check = degree.evaluate(ctx)
    assert check.detail is not None
    assert check.detail.zh == "person.degree = 学士（要求为 博士）"
    assert check.detail.en == "person.degree = bachelor's degree (required: equal to doctorate)"
    assert [h.zh for h in check.hints] == ["person.degree 须为 博士"]
    title = OneOf(
        id="t",
        fact="person.title_level",
        values=("senior", "sub_senior"),
        cite=cite,
        text=Text("", ""),
    )
    detail = title.evaluate(ctx).detail
    assert detail is not None
    assert detail.zh == "person.title_level = 副高级职称；允许：正高级职称、副高级职称"


def test_grades_show_their_names(tmp_path: Path) -> None:
    rows = "".join(
        f'[[subject]]\nsubject = "s{i}"\nproposed = "excellent"\nscore = {90 - i}\n'
        for i in range(6)
    )
    cohort = tmp_path / "c.toml"
    cohort.write_text(rows, encoding="utf-8")
    out = run("grade", "fooland.team", str(cohort), "--as-of", "2026-10-20").output
    assert "名额上限 优秀 1" in out
    assert "超出“优秀”名额（1/6）" in out
    assert "excellent" not in out
    en = run("grade", "fooland.team", str(cohort), "--as-of", "2026-10-20", "--lang", "en")
    assert "over the excellent quota" in en.output


def test_parameters_listing_codes_show_their_labels() -> None:
    import json

    zh = run_shipped("params", "yangquan.commissioner.degrees", columns=200)
    assert "硕士、博士" in zh
    en = run_shipped("params", "yangquan.commissioner.degrees", "--lang", "en", columns=200)
    assert "master's degree, doctorate" in en
    data = json.loads(
        run_shipped("params", "yangquan.commissioner.degrees", "--format", "json", columns=200)
    )
    assert data[0]["value"] == ["master", "doctor"]


def test_rules_show_the_labels_of_codes_in_payment_conditions() -> None:
    out = run_shipped("rules", "xinzhou.eco.pilot_base", columns=250)
    assert "pilot.level 为 省级" in out
    assert "为 provincial" not in out
    en = run_shipped("rules", "xinzhou.eco.pilot_base", "--lang", "en", columns=250)
    assert "pilot.level equal to provincial" in en


def test_listings_speak_chinese_under_zh(tmp_path: Path) -> None:
    for args in (("params", "fooland.team"), ("rules", "fooland.team"), ("programmes",)):
        out = run(*args, columns=200).output
        for word in ("citation", "value", "operator must set", "document", "kind"):
            assert word not in out, (args, word)


def test_missing_attestations_are_named_by_their_question() -> None:
    from talentkit import Engine
    from talentkit.cli.check import fact_labels
    from talentkit.render import fact_label

    labels = fact_labels(Engine.create())
    path = "attestations.fooland.team.agreement"
    assert fact_label(path, "zh", labels) == "审核确认：依托单位与团队签订了合作协议"
    assert fact_label(path, "en", labels) == path


def test_every_field_of_the_subjects_has_a_label_and_no_label_names_a_missing_field() -> None:
    import attrs

    from talentkit import subjects as module
    from talentkit.subjects import FIELD_TEXT

    subjects = {
        cls
        for cls in vars(module).values()
        if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == module.__name__
    }
    assert set(FIELD_TEXT) == subjects
    for cls, labels in FIELD_TEXT.items():
        assert set(labels) == set(attrs.fields_dict(cls)), cls.__name__
        assert all(label.zh and label.en for label in labels.values()), cls.__name__


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("person.birth_date", "申报人·出生日期"),
        ("team.members[0].role", "团队·成员[0]·角色"),
        ("organisations[role=company].founded_on", "单位[角色=企业]·成立日期"),
        ("organisations[role=other].kind", "单位[角色=other]·类型"),
        ("event.decided_on", "变动事项·决定日期"),
        ("team.facts.fooland.notice_end", "公示结束"),
        ("person.no_such_field", "person.no_such_field"),
        ("team.facts.undeclared", "team.facts.undeclared"),
    ],
)
def test_fields_of_the_subjects_show_their_labels_under_zh(path: str, shown: str) -> None:
    from talentkit.render import fact_label

    labels = {"fooland.notice_end": "公示结束"}
    assert fact_label(path, "zh", labels) == shown
    assert fact_label(path, "en", labels) == path
    if shown != path:
        assert fact_label(path, "zh", labels, with_path=True) == f"{shown}（{path}）"


def test_missing_fields_read_as_labels_in_check_with_the_path_in_the_detail(
    tmp_path: Path,
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    case = tmp_path / "case.toml"
    case.write_text(re.sub(r"(?m)^birth_date = .*\n", "", text, count=1), encoding="utf-8")
    out = run("check", str(case), "-p", "fooland.team", "--as-of", "2026-10-20").output
    summary = out.splitlines()[0]
    assert "出生日期" in summary, out
    assert "birth_date" not in summary
    assert "出生日期（" in out
    assert "birth_date）" in out
    en = run("check", str(case), "-p", "fooland.team", "--as-of", "2026-10-20", "--lang", "en")
    assert "birth_date" in en.output.splitlines()[0]
    data = run(
        "check", str(case), "-p", "fooland.team", "--as-of", "2026-10-20", "--format", "json"
    )
    assert "出生日期" not in data.output
    assert "birth_date" in data.output


def _role_codes(node: object, found: set[str], seen: set[int]) -> None:
    """Role codes a declaration selects organisations by: ``organisations[role=x]`` in any
    path, and ``Compare(fact="role")`` in a count over ``organisations``."""
    import attrs

    from talentkit.rules.collections import Count
    from talentkit.rules.compare import Compare, OneOf

    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, str):
        found.update(re.findall(r"organisations\[role=(\w+)\]", node))
        return
    if isinstance(node, (list, tuple)):
        for item in node:
            _role_codes(item, found, seen)
        return
    if not attrs.has(type(node)):
        return
    if isinstance(node, Count) and node.collection == "organisations":
        for part in (node.where, getattr(node, "among", None)):
            if isinstance(part, Compare) and part.fact == "role":
                found.add(str(part.value))
            if isinstance(part, OneOf) and part.fact == "role":
                found.update(str(v) for v in part.values)  # type: ignore[union-attr]
    for field in attrs.fields(type(node)):  # type: ignore[arg-type]
        _role_codes(getattr(node, field.name), found, seen)


def test_every_organisation_role_a_plugin_selects_has_a_label() -> None:
    from talentkit import Engine
    from talentkit.subjects import ORGANISATION_ROLE_LABELS

    engine = Engine.create()
    found: set[str] = set()
    seen: set[int] = set()
    for programme in engine.registry.programmes.values():
        _role_codes(programme, found, seen)
    assert {"main_host", "co_builder", "dispatching_unit", "service_target"} <= found
    assert sorted(found - set(ORGANISATION_ROLE_LABELS)) == []
    assert ORGANISATION_ROLE_LABELS["main_host"].zh == "主要依托建设的法人单位"


# -- values read and hints name fields by their labels under zh --------------------------------


def test_values_read_and_hints_show_field_labels_under_zh(tmp_path: Path) -> None:
    args = ("check", str(EXAMPLE), "-p", "fooland.team", "--as-of", "2026-10-20")
    zh = run(*args, columns=200).output
    assert "单位[角色=依托单位]·类型 = enterprise；允许" in zh
    assert "organisations[role=host].kind" not in zh
    en = run(*args, "--lang", "en", columns=200).output
    assert "organisations[role=host].kind = enterprise; allowed" in en
    # JSON keeps the paths integrators read, in both languages
    doc = run(*args, "--format", "json").output
    assert '"zh": "organisations[role=host].kind = enterprise；允许' in doc
    # a failing check's hint too
    case = tmp_path / "case.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    case.write_text(text.replace('kind = "enterprise"', 'kind = "hospital"', 1), encoding="utf-8")
    zh = run("check", str(case), *args[2:], columns=200).output
    assert "→ 单位[角色=依托单位]·类型 须为以下之一" in zh


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("person.degree = 学士", "申报人·学位 = 学士"),
        ("team.members[0].role = fixed", "团队·成员[0]·角色 = fixed"),
        ("organisations[role=company].founded_on 早于", "单位[角色=企业]·成立日期 早于"),
        # a declared fact by its label, with whose it is
        (
            "team.members[3].facts.fooland.resident = true 与 person.facts.fooland.resident",
            "团队·成员[3]·居民 = true 与 申报人·居民",
        ),
        ("facts.fooland.notice_end", "公示结束"),
        # no labels: as written (parameter keys, unknown fields, numbers, file names)
        (
            "fooland.team.young_age 与 3.5 与 example.toml",
            "fooland.team.young_age 与 3.5 与 example.toml",
        ),
        ("person.nmae = x", "person.nmae = x"),
    ],
)
def test_paths_in_a_sentence_read_as_labels(text: str, shown: str) -> None:
    from talentkit import Engine
    from talentkit.cli.check import fact_labels
    from talentkit.render import labelled

    labels = fact_labels(Engine.create())
    assert labelled(text, "zh", labels) == shown
    assert labelled(text, "en", labels) == text


def test_json_is_printed_exactly_as_written() -> None:
    import click

    from talentkit import Text, to_json
    from talentkit.cli._common import echo_json

    text = to_json(Text("\x1b[31m红\x1b[0m", "\x1b[31mred\x1b[0m"))
    assert "\x1b" not in text  # JSON escapes control characters: no terminal sequence
    assert "\\u001b[31m" in text

    @click.command()
    def show() -> None:
        echo_json(text)

    assert CliRunner().invoke(show, []).output == text + "\n"


def _printed(obj: object, charset: str) -> bytes:
    import click

    from talentkit.cli._common import echo_document

    @click.command()
    def show() -> None:
        echo_document(obj)

    return CliRunner(charset=charset).invoke(show, [], catch_exceptions=False).stdout_bytes


def test_a_json_document_is_printed_as_its_text_in_the_stream_s_encoding() -> None:
    from fractions import Fraction

    from talentkit import Engine, Text, to_json

    engine = Engine.create()
    example = Path(__file__).parent.parent / "plugins" / "shaanxi" / "examples"
    report = engine.assess(engine.load(example / "qianren_youth.toml"))
    # orjson's bytes as they are to UTF-8; a report, a text, and what orjson does not
    # write (a float, a big integer) through the Python writer
    for obj in (report, Text("红\x1b", "red"), [0.5, 2**70, Fraction(1, 3)], {"a": "b"}):
        text = to_json(obj) + "\n"
        assert _printed(obj, "utf-8") == text.encode("utf-8")
        # any other encoding: the text, encoded by the stream
        assert _printed(obj, "gb18030") == text.encode("gb18030")
