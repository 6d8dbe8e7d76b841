"""What ``talentkit batch`` says about a file it cannot screen, in the run's language: the
file's name (a path or a URL) as written, the problem in Chinese under ``--lang zh``, the
reader's own words (why a file could not be read) kept as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from talentkit.cli import main
from talentkit.inputtext import chinese

#: one message of each shape ``talentkit.batch`` and ``talentkit batch`` raise, and its Chinese
SHAPES = [
    (
        "in.csv: column(s) matching no profile field: 'a', 'b (x)'; name columns by profile "
        "path (person.birth_date, facts.<name>) or map them with --mapping; "
        "column(s) named twice: 'id'",
        "in.csv：以下列不对应申报材料的任何字段：'a', 'b (x)'；请按申报材料的路径命名各列"
        "（person.birth_date、facts.<name>），或用 --mapping 映射；以下列重名：'id'",
    ),
    (
        "in.parquet: column(s) matching no profile field: 'person.nme' (did you mean "
        "person.name?); `talentkit schema --flat` lists the flat columns",
        "in.parquet：以下列不对应申报材料的任何字段：'person.nme'（是否应为 person.name？）；"
        "`talentkit schema --flat` 列出扁平布局的各列",
    ),
    ("in.csv: column(s) named twice: 'id'", "in.csv：以下列重名：'id'"),
    (
        "x.txt: unknown format; use .jsonl, .csv, .xlsx or .parquet",
        "x.txt：未知的文件格式；请使用 .jsonl、.csv、.xlsx 或 .parquet 文件",
    ),
    (
        "a.parquet: not a readable Parquet file (bad: x)",
        "a.parquet：不是可读的 Parquet 文件（bad: x）",
    ),
    ("a.xlsx: not a readable .xlsx workbook (zip)", "a.xlsx：不是可读的 .xlsx 工作簿（zip）"),
    ("m.toml: cannot read the mapping: boom", "m.toml：无法读取列映射：boom"),
    (
        'm.toml: expected a [columns] table of header = "profile.path"',
        'm.toml：应为 header = "profile.path" 形式的 [columns] 表',
    ),
    ("in.csv: not valid gb18030 text (illegal)", "in.csv：不是有效的 gb18030 文本（illegal）"),
    ("in.csv: not valid CSV near line 3: x", "in.csv：第 3 行附近不是有效的 CSV：x"),
    ("in.parquet: cannot read rows 50001-: x", "in.parquet：无法读取第 50001 行起的各行：x"),
    ("o/r.csv: the directory o does not exist", "o/r.csv：目录 o 不存在"),
    ("o: is a directory", "o：是一个目录"),
    ("r.csv: cannot write here: Permission denied", "r.csv：无法在此写入：Permission denied"),
    ("r.csv: refusing to write over the input", "r.csv：拒绝覆盖输入文件"),
    ("r.csv: refusing to write over another output", "r.csv：拒绝覆盖另一个输出文件"),
    (
        "d: expected a directory of Parquet files (*.parquet)",
        "d：应为存放 Parquet 文件（*.parquet）的目录",
    ),
    ("d: no Parquet file (*.parquet) in the directory", "d：目录中没有 Parquet 文件（*.parquet）"),
    ("o: expected a directory for the partitions' results", "o：应为存放各分区结果的目录"),
    (
        "file://h/x: a file:// URL names a file on this machine (file:///path)",
        "file://h/x：file:// URL 指本机上的文件（file:///path）",
    ),
    (
        "s3://b/x: reading and writing URLs needs fsspec: install the [remote] extra "
        "(pip install 'talentkit[remote]')",
        "s3://b/x：读写 URL 需要 fsspec："
        "请安装 [remote] 附加组件（pip install 'talentkit[remote]'）",
    ),
    (
        "s3://b/x: s3:// needs s3fs beside fsspec (No module)",
        "s3://b/x：s3:// 除 fsspec 外还需要 s3fs（No module）",
    ),
    ("s3://b/x.parquet: no such file", "s3://b/x.parquet：没有这个文件"),
    ("s3://b/x: cannot read it: denied", "s3://b/x：无法读取：denied"),
    ("s3://b/x: cannot write it: denied", "s3://b/x：无法写入：denied"),
    (
        "f.parquet: column 'person.name' is Int64; expected text",
        "f.parquet：列 'person.name' 的类型为 Int64；应为文本",
    ),
    (
        "f.parquet: column 'x' holds floating-point numbers; amounts, counts and ratios must "
        "be exact (whole numbers, or text such as 12.50 or 1/3)",
        "f.parquet：列 'x' 存有浮点数；金额、数量和比例必须精确（整数，或 12.50、1/3 这样的文本）",
    ),
    ("f.csv: columns do not match the flat layout: x", "f.csv：各列与扁平布局不符：x"),
    (
        "in.csv: a binary file, not text (it contains NUL bytes)",
        "in.csv：是二进制文件，不是文本（含有 NUL 字节）",
    ),
    (
        "cannot reach the Dask scheduler at tcp://h:8786: timed out",
        "无法连接 Dask 调度器 tcp://h:8786：timed out",
    ),
    (
        "d is a directory: screen its Parquet partitions with --scheduler",
        "d 是一个目录：请用 --scheduler 筛查其中的 Parquet 分区",
    ),
    ("--columns: name at least one result column", "--columns：请至少指明一个结果列"),
    (
        "--mapping and --encoding do not apply to Parquet partitions",
        "--mapping 和 --encoding 不适用于 Parquet 分区",
    ),
    (
        "--errors: with --scheduler, a path, not a URL",
        "--errors：与 --scheduler 同用时应为路径，而非 URL",
    ),
]


@pytest.mark.parametrize(("english", "written"), SHAPES)
def test_each_file_problem_in_chinese(english: str, written: str) -> None:
    assert chinese(english) == written


@pytest.mark.parametrize(
    "english",
    [
        "in.csv: something no table knows",
        "in.csv: column 'x' is Int64; expected a colour",  # a type the table does not know
        "no colon here",
    ],
)
def test_an_unknown_problem_stays_whole_english(english: str) -> None:
    assert chinese(english) is None


def test_a_url_holding_colons_is_kept_whole() -> None:
    assert (
        chinese("memory://a: b/x.parquet: no such file") == "memory://a: b/x.parquet：没有这个文件"
    )


def _batch(folder: Path, *args: str) -> str:
    got = CliRunner().invoke(
        main, ["batch", *args, "-o", str(folder / "out.jsonl"), "--programme", "fooland"]
    )
    assert got.exit_code == 2, got.output
    return got.output.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("name", "content", "english", "written"),
    [
        ("x.txt", b"hi\n", "unknown format; use", "未知的文件格式；请使用"),
        ("in.csv", b"a,b\n1,2\n", "column(s) matching no profile field: 'a', 'b'", "以下列不对应"),
        (
            "in.parquet",
            b"not parquet",
            "not a readable Parquet file (",
            "不是可读的 Parquet 文件（",
        ),
    ],
)
def test_the_cli_says_it_in_the_run_s_language(
    tmp_path: Path, name: str, content: bytes, english: str, written: str
) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    en = _batch(tmp_path, str(src), "--lang", "en")
    zh = _batch(tmp_path, str(src), "--lang", "zh")
    assert en.startswith(f"Error: {src}: {english}")
    assert zh.startswith(f"错误：{src}：{written}")
    assert _batch(tmp_path, str(tmp_path), "--lang", "zh") == (
        f"错误：{tmp_path} 是一个目录：请用 --scheduler 筛查其中的 Parquet 分区"
    )
