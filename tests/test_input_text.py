"""Input errors in Chinese: every message the parser writes has a Chinese reading, the
field path stays a path, and a message of an unknown shape stays English whole."""

from __future__ import annotations

import json
from typing import Any

import pytest

from talentkit import Award, Engine, Event, InputError, Profile
from talentkit.convert import cohort_entries
from talentkit.inputtext import chinese, error_in, message_in, split_error

RECORD = {"value": True, "by": "panel", "on": "2026-05-01"}
WAIVER = {"decision": "approved", "by": "office", "on": "2026-05-01", "basis": "x"}
# one case per kind of problem the parser reports
BAD: list[tuple[Any, type[Any]]] = [
    ({"team": {"members": [{"birth_date": "1990-13-01"}]}}, Profile),
    ({"person": {"birth_date": "2020-01-01T00:00"}}, Profile),
    ({"person": {"birth_date": "1800-01-01"}}, Profile),
    ({"person": {"nmae": "x", "zzz_field": 1}}, Profile),
    ({"persons": {}}, Profile),
    ({"organisations": [{"applications": [{"applicant": "a"}]}]}, Profile),
    ({"team": {"members": [{"core": "yes"}]}}, Profile),
    ({"history": {"receipts": [{"source": "x", "amount": "5.001"}]}}, Profile),
    ({"history": {"receipts": [{"source": "x", "amount": True}]}}, Profile),
    ({"history": {"receipts": [{"source": "x", "amount": -5}]}}, Profile),
    ({"history": {"receipts": [{"source": "x", "amount": {"fen": 1, "yuan": "2"}}]}}, Profile),
    ({"history": {"receipts": [{"source": "x", "amount": "92233720368547758.08"}]}}, Profile),
    ({"history": {"receipts": [{"source": "x", "amount": 10**30}]}}, Profile),
    ({"facts": {"nope.x": 1}}, Profile),
    ({"facts": {"fooland.field": "farming"}}, Profile),
    ({"facts": {"fooland.already_funded": "yes"}}, Profile),
    ({"facts": {"fooland.matching_per_year": 1.505}}, Profile),
    ({"facts": {"fooland.resident": True}}, Profile),
    ({"person": {"facts": {"fooland.field": "ai"}}}, Profile),
    ({"person": {"gender": "m"}}, Profile),
    ({"person": 5}, Profile),
    ({"person": {"name": 5}}, Profile),
    ({"team": {"members": [{"id": "p1"}, {"id": "p1"}]}}, Profile),
    ({"organisations": [{"id": "c1", "role": "host"}, {"id": "c1", "role": "host"}]}, Profile),
    ({"attestations": {"fooland.team.agreemnt": RECORD}}, Profile),
    ({"decisions": {"fooland.team.standin": RECORD}}, Profile),
    ({"waivers": {"fooland.team.leader_ag": WAIVER}}, Profile),
    ({"waivers": {"fooland.team.host_type": WAIVER}}, Profile),
    ({"awards": [{"programme": "fooland.teem"}]}, Profile),
    ({}, Award),
    ({"kind": "x", "date": "soon"}, Event),
]


def problems(engine: Engine) -> list[str]:
    out = []
    for data, cls in BAD:
        with pytest.raises(InputError) as exc:  # awards are checked when a case is assessed
            engine.assess(engine.load(data, cls)) if cls is Profile else engine.load(data, cls)
        out.extend(exc.value.errors)
    return out


def test_every_problem_the_parser_reports_reads_in_chinese() -> None:
    engine = Engine.create(entry_points=False)
    found = problems(engine)
    assert len(found) >= len(BAD)
    for error in found:
        split = split_error(error)
        assert split is not None, error
        message, path = split
        zh = chinese(message)
        assert zh is not None, f"no Chinese for {message!r}"
        assert error_in(error, "zh") == f"{zh} @ {path}"
        assert error_in(error, "en") == error


@pytest.mark.parametrize(
    ("english", "zh"),
    [
        ("required field missing", "缺少必填字段"),
        ("expected a date (YYYY-MM-DD)", "应为日期（YYYY-MM-DD）"),
        ("expected true or false", "应为 true 或 false"),
        (
            "expected a date between 1900-01-01 and 2199-12-31",
            "应为 1900-01-01 至 2199-12-31 之间的日期",
        ),
        (
            "unknown field(s) zzz, nmae (did you mean name?)",
            "未知字段：zzz, nmae（是否应为 name？）",
        ),
        ("expected one of male, female", "应为以下之一：male, female"),
        ("expected a string from {ai, energy, other}", "应为字符串，取值为 {ai, energy, other}"),
        ("expected an amount of at least 0 yuan, got -5", "应为不小于 0 元的金额，实际为 -5"),
        ("expected a table (got list)", "应为表（键值对），实际为 list"),
        (
            "expected a date (YYYY-MM-DD), got '1990-13-01'",
            "应为日期（YYYY-MM-DD），实际为 '1990-13-01'",
        ),
        (
            'expected an amount in yuan with at most two decimals (e.g. 1000000 or "999999.99")'
            " (at most two decimals: fen)",
            '应为以元计、至多两位小数的金额（如 1000000 或 "999999.99"）（至多两位小数，即到分）',
        ),
        (
            'duplicate id "c1" in role "host" (first at $.organisations[0])',
            '重复的 id "c1"（同为 role "host"），首次出现于 $.organisations[0]',
        ),
        (
            "undeclared fact 'nope.x'; no installed plugin declares it (see `talentkit schema`)",
            "未声明的事实 'nope.x'：已安装的插件均未声明（见 `talentkit schema`）",
        ),
        (
            "fact 'fooland.resident' belongs to the person",
            "事实 'fooland.resident' 属于申报人（person），不应写在此处",
        ),
        (
            "no rule 'a.b' can be waived; did you mean a.c?",
            "没有可放宽的规则 'a.b'；是否应为 a.c？",
        ),
        ("1 cell(s) beyond the 3 column(s) of the header", "多出 1 个单元格，超出表头的 3 列"),
        ("bytes that are not valid text in the file's encoding", "含有不符合文件编码的字节"),
        ("nested more than 64 levels deep", "嵌套超过 64 层"),
        (
            "a binary file, not text (it contains NUL bytes)",
            "是二进制文件，不是文本（含有 NUL 字节）",
        ),
        (
            "not valid gb18030 text at line 3 (byte 17); give the file's encoding with --encoding",
            "第 3 行不是有效的 gb18030 文本（第 17 字节）；请用 --encoding 指明文件的编码",
        ),
        (
            "not valid JSON: Expecting value: line 1 column 9 (char 8)",
            "不是有效的 JSON：此处应为一个值（第 1 行第 9 列）",
        ),
        (
            "fooland.team: 2190 is outside the official holiday calendar known to this "
            "installation (2004–2026); upgrade the 'holidays' package or allow weekends-only "
            "counting (--assume-calendar)",
            "fooland.team：2190 年不在本安装已知的官方节假日日历（2004–2026）之内；"
            "请升级 holidays 包，或允许只按周末计算（--assume-calendar）",
        ),
    ],
)
def test_messages_in_chinese(english: str, zh: str) -> None:
    assert message_in(english, "zh") == zh
    assert message_in(english, "en") == english


def test_a_message_of_an_unknown_shape_stays_english_whole() -> None:
    for text in ("something new went wrong", "expected a unicorn", "fact 'x' belongs to the moon"):
        assert chinese(text) is None
        assert message_in(text, "zh") == text
    assert error_in("expected a unicorn @ $.x", "zh") == "expected a unicorn @ $.x"


def test_the_path_is_kept_as_written_even_with_quotes_and_at_signs() -> None:
    error = "required field missing @ $.attestations['a @ $.b'].by"
    assert split_error(error) == ("required field missing", "$.attestations['a @ $.b'].by")
    assert error_in(error, "zh") == "缺少必填字段 @ $.attestations['a @ $.b'].by"
    assert split_error("no path here") is None
    assert error_in("required field missing", "zh") == "缺少必填字段"


def test_cohort_problems_read_in_chinese() -> None:
    rows = [{"subject": "a", "proposed": "x", "score": "high"}, {"subject": "", "proposed": 3}]
    with pytest.raises(InputError) as exc:
        cohort_entries({"subject": rows})
    zh = [error_in(e, "zh") for e in exc.value.errors]
    assert zh == [
        "应为数值（如 85、85.5 或 \"171/2\"），实际为 'high' @ $.subject[0].score",
        "应为非空字符串 @ $.subject[1].subject",
        "应为非空字符串 @ $.subject[1].proposed",
    ]
    assert json.dumps(zh, ensure_ascii=False).count("expected") == 0
