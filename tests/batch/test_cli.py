"""``talentkit batch`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from talentkit.cli import main
from talentkit.convert import unstructure
from talentkit.engine import Engine


def test_batch_command(engine: Engine, tmp_path: Path) -> None:
    good = unstructure(engine.load("tests/fooland/example.toml"))
    (tmp_path / "in.jsonl").write_text(
        json.dumps(good) + "\n" + '{"person": 1}\n', encoding="utf-8"
    )
    (tmp_path / "p.toml").write_text('[params]\n"fooland.team.grant" = 600000\n', encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "batch",
            str(tmp_path / "in.jsonl"),
            "-o",
            str(tmp_path / "out.csv"),
            "--programme",
            "fooland.team",
            "--as-of",
            "2025-06-01",
            "--errors",
            str(tmp_path / "err.jsonl"),
            "--params",
            str(tmp_path / "p.toml"),
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "rows read        2" in result.output
    assert "error rows       1" in result.output
    assert "rows in = assessed + errors: yes" in result.output
    assert "fooland.team.name_given" in result.output  # reported as evaluated row by row
    out = pl.read_csv(tmp_path / "out.csv")
    assert out["funding_total_fen"].to_list() == [120_000_000]
    err = pl.read_ndjson(tmp_path / "err.jsonl")
    assert err["row"].to_list() == [2]
    assert err["path"].to_list() == ["$.person"]


def test_batch_command_rejects_unknown_programme(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text("{}\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "batch",
            str(tmp_path / "in.jsonl"),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--programme",
            "nope",
        ],
    )
    assert result.exit_code == 2
    assert not (tmp_path / "o.jsonl").exists()


def test_batch_speaks_chinese_under_lang_zh(engine: Engine, tmp_path: Path) -> None:
    good = unstructure(engine.load("tests/fooland/example.toml"))
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(good) + "\n" + '{"person": 1}\n', encoding="utf-8")
    args = ["batch", str(src), "-o", str(tmp_path / "out.csv"), "--as-of", "2025-06-01"]
    args += ["--programme", "fooland.team", "--workers", "1", "--lang", "zh"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "读入行数：2" in result.output
    assert "错误行数：1" in result.output
    assert "读入行数 = 已评估 + 错误：是" in result.output
    assert f"结果文件：{tmp_path / 'out.csv'}" in result.output
    assert "rows read" not in result.output
    src.write_text('{"nope": 1}\n', encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "未评估任何行：每一行都有错误" in result.stderr


def test_schema_flat_lists_the_columns_with_labels_and_readers() -> None:
    result = CliRunner().invoke(main, ["schema", "--flat", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["column"]: r for r in json.loads(result.output)}
    assert rows["person.birth_date"]["type"] == "date"
    assert (rows["person.birth_date"]["zh"], rows["person.birth_date"]["en"]) == (
        "申报人·出生日期",
        "person › date of birth",
    )
    founded = rows["organisations[role=host].founded_on"]
    assert (founded["type"], founded["zh"]) == ("date", "单位[角色=依托单位]·成立日期")
    assert "fooland.team" in founded["programmes"]
    assert rows["facts.fooland.matching_per_year"]["type"] == "yuan"
    agreement = rows["attestations.fooland.team.agreement.value"]
    assert agreement["type"] == "bool"
    assert "fooland.team" in agreement["programmes"]
    assert rows["team.members"]["type"] == "list of records"
    assert rows["person.name"]["programmes"] == []
    table = CliRunner().invoke(main, ["schema", "--flat"])
    assert table.exit_code == 0
    assert "organisations[role=host].founded_on" in table.output  # brackets kept


def test_batch_layout_option(engine: Engine, tmp_path: Path) -> None:
    from talentkit.batch import profiles_frame

    frame = profiles_frame([engine.load("tests/fooland/example.toml")], engine.registry.facts)
    frame.write_parquet(tmp_path / "in.parquet")
    args = ["--programme", "fooland.team", "--as-of", "2025-06-01"]
    for layout in ("flat", "nested"):
        out = tmp_path / f"{layout}.parquet"
        result = CliRunner().invoke(
            main, ["batch", str(tmp_path / "in.parquet"), "-o", str(out), "--layout", layout, *args]
        )
        assert result.exit_code == 0, result.output
    assert pl.read_parquet(tmp_path / "flat.parquet").equals(
        pl.read_parquet(tmp_path / "nested.parquet")
    )
    pl.DataFrame({"person.birth_dat": ["1980-01-01"]}).write_parquet(tmp_path / "bad.parquet")
    result = CliRunner().invoke(
        main, ["batch", str(tmp_path / "bad.parquet"), "-o", str(tmp_path / "o.parquet"), *args]
    )
    assert result.exit_code == 2
    assert "did you mean person.birth_date?" in result.output
