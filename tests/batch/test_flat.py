"""The flat input layout (one column per fact path) gives what the nested layout gives."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentkit import Engine
from talentkit.batch import BatchError, profiles_frame, screen
from talentkit.batch.flat import _STEP, FlatLayoutError, FlatPlan, detect_layout
from talentkit.batch.io import parquet_chunks
from talentkit.batch.run import assess_chunk, plans_for
from talentkit.convert import unstructure
from tests.batch import vocab_plugin
from tests.batch.strategies import AS_OF, Vocabulary, in_force, profile

SPREAD = ("organisations", "team.members")  # collections given one column per record field


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create([vocab_plugin])


def _leaves(path: str, value: Any, out: dict[str, Any]) -> None:
    """The flat columns of one nested value: structs by field, facts by name, the spread
    collections by position, attestations by key, other lists whole."""
    if isinstance(value, dict):
        for k, v in value.items():
            sub = f"{path}.{k}" if path else k
            if v is None:
                continue
            if not path and k in ("attestations", "decisions", "waivers"):
                for item in v:
                    for field, x in item.items():
                        if field != "key" and x is not None:
                            out[f"{k}.{item['key']}.{field}"] = x
            elif k == "facts":
                for name, x in v.items():
                    if x is not None:
                        out[f"{sub}.{name}"] = _yuan(x) if name in YUAN else x
            else:
                _leaves(sub, v, out)
    elif isinstance(value, list) and path in SPREAD:
        for i, item in enumerate(value):
            _leaves(f"{path}[{i}]", item, out)
    else:
        out[path] = value


YUAN: set[str] = set()  # the yuan facts: fen in the nested layout, yuan in the flat one


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def flatten(frame: pl.DataFrame, engine: Engine, roles: Sequence[str] = ()) -> pl.DataFrame:
    """A nested frame as a flat one (money of facts back in yuan, as a person writes it);
    with ``roles``, the organisations spread by role, one per role of ``roles`` (each
    takes its own role if free, else the next free one; the others are left out)."""
    YUAN.update(n for n, spec in engine.registry.facts.items() if spec.type == "yuan")
    rows = []
    for row in frame.to_dicts():
        out: dict[str, Any] = {}
        organisations = row.pop("organisations") if roles else None
        free = list(roles)
        for org in organisations or ():
            if not free:
                break
            role = org.pop("role") if org.get("role") in free else free[0]
            org.pop("role", None)
            free.remove(role)
            _leaves(f"organisations[role={role}]", org, out)
        _leaves("", row, out)
        rows.append(out)
    names = sorted({k for r in rows for k in r})
    schema = _flat_schema(frame.schema, names)
    return pl.DataFrame([{n: r.get(n) for n in names} for r in rows], schema=schema)


def _flat_schema(schema: pl.Schema, names: list[str]) -> dict[str, pl.DataType]:
    nested = pl.Struct(dict(schema))
    out: dict[str, pl.DataType] = {}
    for n in names:
        yuan = any(n.endswith(f"facts.{f}") for f in YUAN)
        out[n] = pl.String() if yuan else _dtype(nested, n)
    return out


def _dtype(dtype: Any, column: str) -> Any:
    key = column.split(".", 1)
    if key[0] in ("attestations", "decisions", "waivers"):
        inner = dict(dtype.to_schema())[key[0]].inner
        return dict(inner.to_schema())[column.rsplit(".", 1)[1]]
    rest = column
    while True:
        m = _STEP.match(rest)
        assert m, column
        name, index, selector, _, tail = m.groups()
        fdt = dict(dtype.to_schema())[name]
        if name == "facts" and tail is not None:
            return dict(fdt.to_schema())[tail]
        if index is not None or selector is not None:
            fdt = fdt.inner
        if tail is None:
            return fdt
        dtype, rest = fdt, tail


def _drop_empty(value: Any, top: bool = True) -> Any:
    """What the flat layout cannot say: an empty struct or record is absent, and a spread
    collection with no record is not stated."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = _drop_empty(v, False)
            if v is None or (isinstance(v, dict) and not v and k != "facts"):
                continue
            if k in ("organisations", "members") and isinstance(v, list):
                v = [x for x in v if x]
                if not v:
                    continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [_drop_empty(v, False) for v in value]
    return value


def _empty_facts(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _empty_facts(v) for k, v in value.items() if not (k == "facts" and not v)}
    if isinstance(value, list):
        return [_empty_facts(v) for v in value]
    return value


def normalise(data: dict[str, Any]) -> dict[str, Any]:
    out = _drop_empty(_empty_facts(data))
    out = _drop_empty(out)  # a record left with no field once its empty facts went
    return out  # type: ignore[no-any-return]


def screened(engine: Engine, path: Path, tmp: Path, progs: list[str], **kw: Any) -> pl.DataFrame:
    out = tmp / f"{path.stem}-{path.suffix[1:]}-out.parquet"
    summary = screen(engine, path, out, programmes=progs, as_of=AS_OF, workers=1, **kw)
    assert summary.balanced
    return pl.read_parquet(out)


_PLANS: dict[str, Any] = {}


def plans(engine: Engine) -> tuple[list[Any], Any, list[str]]:
    """Every installed programme's plan, compiled once for the module, each programme in
    force (:func:`~tests.batch.strategies.in_force`: the drafts' rules compared too)."""
    if not _PLANS:
        ids = sorted(engine.registry.programmes)
        plans, store = plans_for(engine, ids, as_of=AS_OF, overrides=in_force(engine, AS_OF))
        _PLANS.update(plans=plans, store=store, ids=ids)
    return _PLANS["plans"], _PLANS["store"], _PLANS["ids"]


def assessed(engine: Engine, path: Path, layout: str | None = None) -> pl.DataFrame:
    plans_, store, _ = plans(engine)
    facts, keys = engine.registry.facts, engine.input_keys
    (chunk,) = parquet_chunks(path, 100, facts, keys=keys, layout=layout)
    assert not chunk.errors, chunk.errors
    return assess_chunk(engine, plans_, chunk, store, AS_OF)[0]


@pytest.fixture(scope="module")
def vocab(engine: Engine) -> Vocabulary:
    return Vocabulary(engine, plans(engine)[2])


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_flat_and_nested_give_identical_results(
    engine: Engine,
    vocab: Vocabulary,
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Every installed programme (person, team, organisation), drawn populations: the
    nested frame and its flat columns (organisations and team members spread over
    numbered columns, attestations and decisions over keyed ones) give the same rows."""
    drawn = data.draw(st.lists(profile(vocab), min_size=1, max_size=12))
    profiles = [engine.load(normalise(unstructure(engine.load(p)))) for p in drawn]
    tmp = tmp_path_factory.mktemp("flat")
    nested = profiles_frame(profiles, engine.registry.facts)
    nested.write_parquet(tmp / "nested.parquet")
    flat = flatten(nested, engine)
    flat.write_parquet(tmp / "flat.parquet")
    want = assessed(engine, tmp / "nested.parquet")
    assert want.height == len(profiles) * len(plans(engine)[0])
    assert assessed(engine, tmp / "flat.parquet", "flat").equals(want)


def _selected_roles(engine: Engine) -> list[str]:
    """The roles the installed programmes select organisations by."""
    found = set()
    for name, _ in plans(engine)[0][0].defs:
        m = re.match(r"^__held:organisations\[role=([^\]]+)\]", name)
        if m:
            found.add(m.group(1))
    return sorted(found)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_lookups_read_from_flat_columns_give_what_the_nested_search_gives(
    engine: Engine,
    vocab: Vocabulary,
    data: st.DataObject,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Every installed programme, drawn populations with the organisations spread by the
    roles the rules select and the attestations, decisions and waivers by key: the plan
    reads those lookups from their own columns, and gets what converting the same file to
    the nested layout and searching its lists gets."""
    roles = _selected_roles(engine)
    assert {"company", "employer"} <= set(roles)
    drawn = data.draw(st.lists(profile(vocab), min_size=1, max_size=12))
    profiles: list[Any] = [engine.load(normalise(unstructure(engine.load(p)))) for p in drawn]
    tmp = tmp_path_factory.mktemp("held")
    flat = flatten(profiles_frame(profiles, engine.registry.facts), engine, roles)
    flat.write_parquet(tmp / "flat.parquet")
    plan = FlatPlan(flat.schema, engine.registry.facts, engine.input_keys)
    nested, wrong, held = plan.read(flat)
    assert not wrong
    nested.write_parquet(tmp / "nested.parquet")
    for role in roles:  # the selected records are built from their columns
        assert held.column_of(f"organisations[role={role}]") is not None
    for column in flat.columns:  # each column of a selected record or key is read as it is
        if column.startswith(("organisations[", "attestations.", "decisions.", "waivers.")):
            found = held.column_of(column)
            assert found is not None, column
            assert found[0] == column
    want = assessed(engine, tmp / "nested.parquet")
    assert assessed(engine, tmp / "flat.parquet", "flat").equals(want)


def test_held_columns_are_those_that_hold_the_value(engine: Engine) -> None:
    """Which lookups a flat file holds as they are: a key's or a selected record's field
    (empty when no column gives it); not the selector's own field, numbered records,
    records picked by two different fields, or a list given whole."""
    facts, keys = engine.registry.facts, engine.input_keys
    columns = {
        "organisations[role=host].founded_on": pl.Date(),
        "organisations[role=company].facts.shaanxi.own_funds_share": pl.String(),
        "attestations.fooland.team.agreement.value": pl.Boolean(),
        "team.members[0].birth_date": pl.Date(),
    }
    frame = pl.DataFrame(schema=columns)
    plan = FlatPlan(frame.schema, facts, keys)
    held = plan.read(frame)[2]
    organisation = plan.schema["organisations"].inner  # type: ignore[attr-defined]
    assert held.column_of("organisations[role=host].founded_on") == (
        "organisations[role=host].founded_on",
        pl.Date(),
    )
    share = "organisations[role=company].facts.shaanxi.own_funds_share"
    assert held.column_of(share) == (share, pl.String())
    agreement = "attestations.fooland.team.agreement.value"
    assert held.column_of(agreement) == (agreement, pl.Boolean())
    # given by no column: empty in every row, of the field's type
    assert held.column_of("organisations[role=host].county") == (None, pl.String())
    assert held.column_of("organisations[role=company].founded_on") == (None, pl.Date())
    assert held.column_of("organisations[role=employer].province") == (None, pl.String())
    assert held.column_of("attestations.fooland.team.agreement.by") == (None, pl.String())
    assert held.column_of("attestations.other.key.value") == (None, pl.Boolean())
    assert held.column_of("decisions.some.rule.value") == (None, pl.Boolean())
    assert held.column_of("person.birth_date") == (None, pl.Date())
    got = held.column("organisations[role=company].founded_on")
    assert got is not None
    assert (got.dtype, got.len()) == (pl.Date(), 0)
    # searched in the nested frame, not read
    assert held.column_of("organisations[role=host].role") is None
    assert held.column_of("team.members[0].birth_date") is None
    assert held.column_of("team.members[role=lead].birth_date") is None
    record = held.column_of("organisations[role=host]")  # the struct of its columns
    assert record is not None
    assert (record[0][1], record[1]) == ({"role": "host"}, organisation)  # type: ignore[index]
    assert held.column_of("organisations[role=employer]") == (None, organisation)
    assert held.column_of("attestations.fooland.team.agreement.key") is None
    assert held.column_of("no.such.path") is None
    two = {"organisations[role=host].kind": pl.String(), "organisations[kind=x].id": pl.String()}
    mixed = FlatPlan(two, facts, keys).read(pl.DataFrame(schema=two))[2]
    assert mixed.column_of("organisations[role=host].kind") is None
    given = {"attestations": FlatPlan({}, facts).schema["attestations"]}
    whole = FlatPlan(given, facts, keys).read(pl.DataFrame(schema=given))[2]
    assert whole.column_of(agreement) is None


def example_flat(engine: Engine) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Fooland's example as an export would give it: the host organisation by its role, the
    attestation by its key, members by position; and the same cases nested."""
    flat, nested = [], []
    base = unstructure(engine.load("tests/fooland/example.toml"))
    for i in range(6):
        born = dt.date(1981, 3, 1) + dt.timedelta(days=i - 3)
        row: dict[str, Any] = {
            "id": f"case-{i}",
            "application.call_notice_date": dt.date(2026, 3, 1),
            "team.name": "Fooland photonics",
            "team.leader.birth_date": born,
            "team.leader.gender": "female" if i % 2 else "male",
            "team.leader.records": [],
            "organisations[role=host].kind": "enterprise" if i != 4 else None,
            "organisations[role=host].founded_on": dt.date(2024, 3, 1) if i != 4 else None,
            "facts.fooland.notice_start": dt.date(2026, 9, 30),
            "facts.fooland.notice_end": dt.date(2026, 10, 12),
            "facts.fooland.support_start": dt.date(2026, 7, 1),
            "facts.fooland.matching_per_year": 500000 if i != 5 else None,
            "facts.fooland.already_funded": False,
            "facts.fooland.field": "ai",
            "attestations.fooland.team.agreement.value": i != 2,
            "attestations.fooland.team.agreement.by": "host office",
            "attestations.fooland.team.agreement.on": dt.date(2026, 3, 10),
        }
        for k, m in enumerate(base["team"]["members"]):
            row[f"team.members[{k}].birth_date"] = dt.date.fromisoformat(m["birth_date"])
            row[f"team.members[{k}].core"] = m["core"]
        flat.append(row)
        data = json.loads(json.dumps(base))
        data["id"] = f"case-{i}"
        data["team"]["leader"]["birth_date"] = born.isoformat()
        data["team"]["leader"]["gender"] = row["team.leader.gender"]
        data["attestations"]["fooland.team.agreement"]["value"] = i != 2
        if i == 4:
            del data["organisations"]
        if i == 5:
            del data["facts"]["fooland.matching_per_year"]
        nested.append(data)
    return flat, nested


def test_selected_records_and_keys_in_parquet_csv_and_excel(engine: Engine, tmp_path: Path) -> None:
    from openpyxl import Workbook

    progs = ["fooland.team"]
    flat, nested = example_flat(engine)
    (tmp_path / "nested.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in nested), encoding="utf-8"
    )
    want = screened(engine, tmp_path / "nested.jsonl", tmp_path, progs).drop("row")
    verdicts = want.get_column("verdict").to_list()
    assert len(set(verdicts)) > 1, verdicts  # the rows differ: the comparison means something
    pl.DataFrame(flat).write_parquet(tmp_path / "flat.parquet")
    got = screened(engine, tmp_path / "flat.parquet", tmp_path, progs)
    assert got.drop("row").equals(want)
    names = list(flat[0])
    assert detect_layout(names) == "flat"
    with (tmp_path / "flat.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(names)
        for r in flat:
            w.writerow(["" if r[n] is None else _cell(r[n]) for n in names])
    assert screened(engine, tmp_path / "flat.csv", tmp_path, progs).drop("row").equals(want)
    book = Workbook()
    sheet = book.active
    sheet.append(names)
    for r in flat:
        sheet.append([_cell(r[n]) if isinstance(r[n], list) else r[n] for n in names])
    book.save(tmp_path / "flat.xlsx")
    assert screened(engine, tmp_path / "flat.xlsx", tmp_path, progs).drop("row").equals(want)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value)
    return str(value)


def test_bad_values_are_error_rows_naming_the_column(engine: Engine, tmp_path: Path) -> None:
    flat, _ = example_flat(engine)
    frame = pl.DataFrame(flat).with_columns(
        pl.col("team.leader.birth_date").cast(pl.String()),
        pl.col("facts.fooland.matching_per_year").cast(pl.String()),
    )
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 1)
        .then(pl.lit("1981-02-30"))
        .otherwise(pl.col("team.leader.birth_date"))
        .alias("team.leader.birth_date"),
        pl.when(pl.int_range(pl.len()) == 3)
        .then(pl.lit("12.345"))
        .when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("499999.99"))
        .otherwise(pl.col("facts.fooland.matching_per_year"))
        .alias("facts.fooland.matching_per_year"),
        pl.when(pl.int_range(pl.len()) == 2)
        .then(pl.lit("unknown"))
        .otherwise(pl.col("team.leader.gender"))
        .alias("team.leader.gender"),
    )
    frame.write_parquet(tmp_path / "flat.parquet")
    out = tmp_path / "out.parquet"
    s = screen(
        engine,
        tmp_path / "flat.parquet",
        out,
        programmes=["fooland.team"],
        as_of=AS_OF,
        errors_path=tmp_path / "errors.jsonl",
    )
    assert (s.rows_read, s.rows_assessed, s.error_rows) == (6, 3, 3)
    errors = pl.read_ndjson(tmp_path / "errors.jsonl").to_dicts()
    assert [(e["row"], e["path"]) for e in errors] == [
        (2, "team.leader.birth_date"),
        (3, "team.leader.gender"),
        (4, "facts.fooland.matching_per_year"),
    ]
    assert "expected a date (YYYY-MM-DD), got '1981-02-30'" in errors[0]["message"]
    assert "at most 2 decimals" in errors[2]["message"]
    got = pl.read_parquet(out)
    assert got.get_column("row").to_list() == [1, 5, 6]
    # the rows left read their lookups from their own columns (5: no host organisation)
    _, nested = example_flat(engine)
    (tmp_path / "nested.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in nested[4:]), encoding="utf-8"
    )
    want = screened(engine, tmp_path / "nested.jsonl", tmp_path, ["fooland.team"])
    assert got.filter(pl.col("row") > 1).drop("row").equals(want.drop("row"))


def test_yuan_columns_are_yuan_to_the_fen(engine: Engine) -> None:
    plan = FlatPlan(
        {"facts.fooland.matching_per_year": pl.String()}, engine.registry.facts, where="t"
    )
    frame = pl.DataFrame({"facts.fooland.matching_per_year": ["500000", "0.01", "7.5", "-0"]})
    nested, bad = plan.nest(frame)
    fen = nested.get_column("facts").struct.field("fooland.matching_per_year").to_list()
    assert (fen, bad) == ([50_000_000, 1, 750, 0], {})
    whole = FlatPlan({"facts.fooland.matching_per_year": pl.Int32()}, engine.registry.facts)
    nested, _ = whole.nest(pl.DataFrame({"facts.fooland.matching_per_year": [7_000_000]}))
    assert nested.get_column("facts").struct.field("fooland.matching_per_year").to_list() == [
        700_000_000
    ]
    with pytest.raises(FlatLayoutError, match="floating-point"):
        FlatPlan({"facts.fooland.matching_per_year": pl.Float64()}, engine.registry.facts)


def test_unknown_columns_are_named_with_the_closest(engine: Engine, tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "person.birth_dat": [dt.date(1980, 1, 1)],
            "person.facts.fooland.residen": [True],
            "attestations.fooland.team.agreemnt.value": [True],
            "organisations[role=host].kind": ["enterprise"],
        }
    )
    frame.write_parquet(tmp_path / "flat.parquet")
    with pytest.raises(BatchError) as err:
        screen(engine, tmp_path / "flat.parquet", tmp_path / "o.parquet", as_of=AS_OF)
    text = str(err.value)
    assert "'person.birth_dat' (did you mean person.birth_date?)" in text
    assert "'person.facts.fooland.residen' (did you mean person.facts.fooland.resident?)" in text
    assert "did you mean fooland.team.agreement?" in text
    assert "organisations[role=host]" not in text
    assert not (tmp_path / "o.parquet").exists()
    frame = pl.DataFrame({"person.birth_date": [1980]})
    frame.write_parquet(tmp_path / "int.parquet")
    with pytest.raises(BatchError, match=re.escape("'person.birth_date' is Int64; expected date")):
        screen(engine, tmp_path / "int.parquet", tmp_path / "o.parquet", as_of=AS_OF)
    (tmp_path / "h.csv").write_text("id,person.birth_dat\na,1980-01-01\n", encoding="utf-8")
    with pytest.raises(BatchError, match=re.escape("did you mean person.birth_date")):
        screen(engine, tmp_path / "h.csv", tmp_path / "o.parquet", as_of=AS_OF)


def test_the_layout_can_be_named(engine: Engine, tmp_path: Path) -> None:
    """``layout="flat"`` reads top-level columns as flat ones (whole structs);
    ``layout="nested"`` refuses dotted names."""
    example = engine.load("tests/fooland/example.toml")
    frame = profiles_frame([example], engine.registry.facts)
    frame.write_parquet(tmp_path / "n.parquet")
    want = screened(engine, tmp_path / "n.parquet", tmp_path, ["fooland.team"])
    got = screened(engine, tmp_path / "n.parquet", tmp_path, ["fooland.team"], layout="flat")
    assert got.equals(want)
    flatten(frame, engine).write_parquet(tmp_path / "f.parquet")
    from talentkit.convert import InputError

    with pytest.raises(InputError, match="unknown field"):
        screened(engine, tmp_path / "f.parquet", tmp_path, ["fooland.team"], layout="nested")


def _docs_mapping() -> str:
    text = (Path(__file__).parents[2] / "docs" / "batch.md").read_text(encoding="utf-8")
    m = re.search(r"```toml\n(# perf-baseline\.toml\n.*?)```", text, re.S)
    assert m, "the mapping of the reference population is in docs/batch.md"
    return m.group(1)


def test_the_reference_population_reads_as_documented(tmp_path: Path) -> None:
    """The perf baseline's gen.py output: the 8 columns the documented mapping renames are
    read as facts; the whole file stops at the 15 columns that are not facts as they stand."""
    pytest.importorskip("numpy")
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    baseline = root / ".." / "shared" / "perf-baseline"
    if not baseline.is_dir():
        pytest.skip(f"the reference population is not here: {baseline}")
    mp = pytest.MonkeyPatch()
    mp.setenv("PERF_DATA", str(tmp_path))
    mp.syspath_prepend(str(baseline.resolve()))
    for name in ("common", "gen"):  # they read PERF_DATA at import
        sys.modules.pop(name, None)
    try:
        spec = importlib.util.spec_from_file_location("gen", baseline / "gen.py")
        assert spec is not None
        assert spec.loader is not None
        gen = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(gen)
        gen.main(60)
        flat = pl.read_parquet(tmp_path / "people-60.parquet")
    finally:
        mp.undo()
        for name in ("common", "gen"):
            sys.modules.pop(name, None)
    (tmp_path / "map.toml").write_text(_docs_mapping(), encoding="utf-8")
    mapping = tomllib.loads(_docs_mapping())["columns"]
    assert len(flat.columns) == 23
    assert len(mapping) == 8
    engine = Engine.create()
    with pytest.raises(BatchError) as err:
        screen(
            engine,
            tmp_path / "people-60.parquet",
            tmp_path / "o.parquet",
            as_of=AS_OF,
            csv_mapping=tmp_path / "map.toml",
        )
    named = re.findall(r"'(\w+)'", str(err.value))
    assert sorted(named) == sorted(set(flat.columns) - set(mapping))
    flat.select(list(mapping)).write_parquet(tmp_path / "renamed.parquet")
    s = screen(
        engine,
        tmp_path / "renamed.parquet",
        tmp_path / "o.parquet",
        programmes=["shaanxi.qianren.entre"],
        as_of=AS_OF,
        csv_mapping=tmp_path / "map.toml",
    )
    assert (s.rows_read, s.rows_assessed) == (60, 60)
    (chunk,) = parquet_chunks(
        tmp_path / "renamed.parquet", 100, engine.registry.facts, mapping=mapping
    )
    person = chunk.frame.get_column("person")
    assert person.struct.field("birth_date").equals(
        flat.get_column("birth_date"), check_names=False
    )
    companies = chunk.frame.get_column("organisations").to_list()
    for have, founded in zip(companies, flat.get_column("established_on"), strict=True):
        assert have == (None if founded is None else [_company(founded, have[0])])


def _company(founded: dt.date, record: dict[str, Any]) -> dict[str, Any]:
    assert record["role"] == "company"
    return {**record, "founded_on": founded}


def test_a_case_by_case_rule_on_a_frame_without_a_list_s_columns() -> None:
    """A rule the engine assesses case by case needs each case whole: the lists no column
    of the frame gives (attestations, awards...) are empty in every row, as many rows as
    the frame has (a constant alone was one row, and the case could not be built)."""
    from talentkit.batch import screen_frame

    engine = Engine.create([vocab_plugin])
    company = {"role": "company", "facts": {"shaanxi.own_funds_share": "1/3"}}
    employer = {"role": "employer", "province": "陕西省"}
    people = [
        {"id": f"p{i}", "person": {"gender": "male"}, "organisations": [company, employer]}
        for i in range(3)
    ]
    nested = profiles_frame([engine.load(p) for p in people], engine.registry.facts)
    frame = flatten(nested, engine, roles=("company", "employer"))
    assert not [c for c in frame.columns if c.startswith(("attestations", "awards"))]
    progs = sorted(engine.registry.programmes)
    got = screen_frame(engine, frame, programmes=progs, as_of=AS_OF)
    assert got.errors.height == 0
    assert got.results.height == 3 * len(progs)
    # what the nested layout's cases give
    assert got.results.equals(screen_frame(engine, nested, programmes=progs, as_of=AS_OF).results)


def test_text_columns_given_a_type_are_read_as_the_parser_reads_them(engine: Engine) -> None:
    """A Parquet text column of booleans, dates, whole numbers or yuan: spaces around a
    cell and a boolean in any case are read, as the case parser reads them; anything
    else is an error naming the column. A column whose booleans are all ``true`` and
    ``false`` is read without changing case (the other case only where a cell has it)."""
    columns = {
        "person.core": [" TRUE", "false", "False ", "yes", None],
        "person.full_time": ["true", "false", "true", "false", "true"],
        "person.birth_date": [" 1980-01-02 ", "1980-1-2", "1980-01-02", None, "1980-01-02"],
        "person.facts.shaanxi.days_in_shaanxi": ["12", " -3 ", "1.5", "12", "0"],
        "facts.fooland.matching_per_year": [" 7.5 ", "1", "1", "1", "999999.999"],
    }
    plan = FlatPlan(dict.fromkeys(columns, pl.String()), engine.registry.facts, where="t")
    nested, bad = plan.nest(pl.DataFrame(columns))
    person = nested.get_column("person").struct
    assert person.field("core").to_list() == [True, False, False, None, None]
    assert person.field("full_time").to_list() == [True, False, True, False, True]
    born = dt.date(1980, 1, 2)
    assert person.field("birth_date").to_list() == [born, None, born, None, born]
    days = person.field("facts").struct.field("shaanxi.days_in_shaanxi").to_list()
    assert days == [12, -3, None, 12, 0]
    fen = nested.get_column("facts").struct.field("fooland.matching_per_year").to_list()
    assert fen == [750, 100, 100, 100, None]
    assert {i: [c for c, _ in found] for i, found in bad.items()} == {
        1: ["person.birth_date"],
        2: ["person.facts.shaanxi.days_in_shaanxi"],
        3: ["person.core"],
        4: ["facts.fooland.matching_per_year"],
    }
