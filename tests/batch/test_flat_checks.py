"""The flat layout's input checks read its columns: they flag the rows the nested layout's
checks flag, and every row the parser rejects gives the parser's own error rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from talentkit import Engine
from talentkit.batch.flat import FlatPlan
from talentkit.batch.io import Chunk, _numbers, _suspects, checked_chunk, parquet_chunks
from talentkit.batch.schema import from_row, suspect_by_column
from talentkit.convert import InputError, parse
from talentkit.subjects import Profile

COMPANY = "organisations[role=company]"
SHARE = f"{COMPANY}.facts.shaanxi.own_funds_share"
STAKE = f"{COMPANY}.facts.shaanxi.applicant_stake"
GRANT = "application.facts.shaanxi.research_grant"  # yuan
HEALTH = "attestations.shaanxi.health"

#: one change from a valid row each, and whether the parser rejects it (and where)
CASES: list[tuple[dict[str, Any], str | None]] = [
    ({}, None),
    ({SHARE: "1/3"}, None),  # exactly a third
    ({SHARE: "4/3"}, None),  # a share over 1 is a fraction: the rules judge it, not the input
    ({SHARE: "30%"}, None),  # not the pattern: parsed to be sure, and taken
    ({SHARE: " 1/3 "}, None),
    ({SHARE: "1/0"}, "$.organisations[0].facts.shaanxi.own_funds_share"),
    ({SHARE: "1//3"}, "$.organisations[0].facts.shaanxi.own_funds_share"),
    ({STAKE: "one third"}, "$.organisations[0].facts.shaanxi.applicant_stake"),
    ({GRANT: "0"}, None),
    ({GRANT: "-0.01"}, "$.application.facts.shaanxi.research_grant"),  # negative money
    ({"person.gender": "x"}, "$.person.gender"),
    ({"person.birth_date": dt.date(1900, 1, 1)}, None),
    ({"person.birth_date": dt.date(1899, 12, 31)}, "$.person.birth_date"),
    ({f"{COMPANY}.founded_on": dt.date(2200, 1, 1)}, "$.organisations[0].founded_on"),
    ({f"{HEALTH}.by": None}, "$.attestations['shaanxi.health'].by"),  # required, absent
]


def _row(i: int, change: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": f"p{i}",
        "person.birth_date": dt.date(1990, 5, 1),
        "person.gender": "female",
        f"{COMPANY}.kind": "enterprise",
        f"{COMPANY}.founded_on": dt.date(2020, 1, 1),
        SHARE: "1/2",
        STAKE: "51/100",
        GRANT: "5000",
        f"{HEALTH}.value": True,
        f"{HEALTH}.by": "clinic",
        f"{HEALTH}.on": dt.date(2026, 1, 5),
    }
    return {**row, **change}


pytestmark = pytest.mark.usefixtures("shaanxi_installed")


def test_flat_checks_flag_what_the_nested_checks_flag(engine: Engine) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame([_row(i, change) for i, (change, _) in enumerate(CASES)])
    plan = FlatPlan(frame.schema, facts, keys)
    nested, wrong, held = plan.read(frame)
    assert not wrong
    flat = held.frame.select(plan.suspect).to_series().arg_true().to_list()
    assert flat == _suspects(nested, suspect_by_column(nested.schema, facts, keys))
    assert plan.flagged(held.frame) == flat
    assert plan.flagged(held.frame.clear()) == []
    rejected = {}
    for i in range(nested.height):
        try:
            parse(from_row(nested.row(i, named=True), facts), Profile, facts, keys=keys)
        except InputError as exc:
            rejected[i] = exc.errors
    assert set(rejected) <= set(flat)  # a superset: the parser decides
    assert {i: errs[0].rsplit(" @ ", 1)[1].split(",")[0] for i, errs in rejected.items()} == {
        i: where for i, (_, where) in enumerate(CASES) if where is not None
    }


def test_flat_error_rows_are_the_row_parsers(engine: Engine, tmp_path: Path) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame([_row(i, change) for i, (change, _) in enumerate(CASES)])
    frame.write_parquet(tmp_path / "flat.parquet")
    (chunk,) = parquet_chunks(tmp_path / "flat.parquet", 100, facts, keys=keys)
    # the nested layout's way: its records searched by the nested checks, then parsed
    plan = FlatPlan(frame.schema, facts, keys)
    nested, _, _ = plan.read(frame)
    whole = Chunk(1, nested, _numbers(1, nested.height), [], nested.height)
    want = checked_chunk(whole, facts, keys, plan=plan)
    assert chunk.errors == want.errors
    assert chunk.rows.to_list() == want.rows.to_list()
    assert chunk.frame.equals(want.frame)
    bad = [i + 1 for i, (_, where) in enumerate(CASES) if where is not None]
    assert sorted({e.row for e in chunk.errors}) == bad
    assert chunk.read == len(CASES) == chunk.frame.height + len(bad)
    named = {e.row: (e.path, e.message) for e in chunk.errors}
    assert named[10] == (GRANT, "expected an amount of at least 0 yuan, got -0.01")


def test_records_given_by_position_naming_one_subject_twice(engine: Engine) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame(
        {
            "id": ["a", "b", "c"],
            "organisations[0].id": ["o1", "o1", None],
            "organisations[0].role": ["company", "company", "company"],
            "organisations[1].id": ["o1", "o2", None],
            "organisations[1].role": ["company", "company", "company"],
        }
    )
    plan = FlatPlan(frame.schema, facts, keys)
    nested, _, held = plan.read(frame)
    flat = held.frame.select(plan.suspect).to_series().arg_true().to_list()
    assert flat == _suspects(nested, suspect_by_column(nested.schema, facts, keys)) == [0]
    assert plan.flagged(held.frame) == [0]


def test_checks_combined_after_they_are_computed_flag_the_same_rows(engine: Engine) -> None:
    """:meth:`FlatPlan.flagged` (each check a column, then combined) flags the rows
    :attr:`FlatPlan.suspect` (one expression) flags."""
    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "person.gender": ["male", "robot", None, "female", None],
            "organisations[role=company].kind": ["enterprise", None, "enterprise", None, None],
            "organisations[role=company].founded_on": [
                None,
                None,
                "1800-01-01",
                "2001-02-03",
                None,
            ],
            "application.facts.shaanxi.research_grant": [None, 1, 2, None, -3],
        }
    )
    plan = FlatPlan(frame.schema, facts, keys)
    _, wrong, held = plan.read(frame)
    assert not wrong
    flat = held.frame.select(plan.suspect).to_series().arg_true().to_list()
    assert plan.flagged(held.frame) == flat == [1, 2, 4]
    # a frame read in several chunks (row groups) flags the same rows
    parts = pl.concat([held.frame[:2], held.frame[2:3], held.frame[3:]], rechunk=False)
    assert parts.n_chunks() == 3
    assert plan.flagged(parts) == flat


def test_a_key_no_column_gives_is_empty_in_every_row(engine: Engine) -> None:
    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame([_row(i, {}) for i in range(3)])
    held = FlatPlan(frame.schema, facts, keys).read(frame)[2]
    absent = held.column("waivers.shaanxi.qianren.entre.market.decision")
    assert absent is not None
    assert absent.name == "waivers.shaanxi.qianren.entre.market.decision"
    assert (absent.dtype, absent.len(), absent.null_count()) == (pl.String(), 3, 3)
    given = held.column(f"{HEALTH}.value")
    assert given is not None
    assert given.to_list() == [True, True, True]


def test_lists_no_plan_reads_are_built_only_for_a_case_by_itself(
    engine: Engine, tmp_path: Path
) -> None:
    from talentkit.batch.run import plans_for

    facts, keys = engine.registry.facts, engine.input_keys
    frame = pl.DataFrame([_row(i, change) for i, (change, _) in enumerate(CASES)])
    frame.write_parquet(tmp_path / "flat.parquet")
    plans, _ = plans_for(
        engine, ["shaanxi.qianren.youth"], as_of=dt.date(2026, 3, 1), overrides=None
    )
    path = tmp_path / "flat.parquet"
    (full,) = parquet_chunks(path, 100, facts, keys=keys)
    (chunk,) = parquet_chunks(path, 100, facts, keys=keys, plans=plans)
    # the attestations are read from their columns: their nested list is not built
    assert "attestations" in full.frame.columns
    assert "attestations" not in chunk.frame.columns
    assert chunk.errors == full.errors  # the required `by` of row 15's attestation included
    assert chunk.whole().equals(full.frame)
    assert chunk.whole([1, 0]).equals(full.frame[[1, 0]])


def test_lists_naming_one_subject_twice_are_flagged_whatever_their_length(
    engine: Engine,
) -> None:
    from talentkit.batch.io import conform
    from talentkit.batch.schema import profile_schema

    facts, keys = engine.registry.facts, engine.input_keys

    def orgs(*ids: str | None) -> list[dict[str, Any]]:
        return [{"id": i, "role": "company"} for i in ids]

    lists = [
        [],
        orgs("a"),
        orgs("a", "a"),
        orgs("a", "b"),
        orgs("a", None),
        orgs(None, None),  # an absent part never matches
        orgs("a", "b", "a"),
        orgs("a", "b", "c"),
        orgs("b", "a", None, "a"),
        [{"id": "a", "role": "company"}, {"id": "a", "role": "employer"}],
    ]
    rows = [{"id": f"p{i}", "organisations": x} for i, x in enumerate(lists)]
    schema = profile_schema(facts)
    frame = conform(pl.DataFrame(rows), schema, "test")
    flagged = _suspects(frame, suspect_by_column(schema, facts, keys))
    assert flagged == [2, 6, 8]
    rejected = []
    for i in range(frame.height):
        try:
            parse(from_row(frame.row(i, named=True), facts), Profile, facts, keys=keys)
        except InputError:
            rejected.append(i)
    assert rejected == flagged


ENTRE = "shaanxi.qianren.entre"
EMPLOYER = "organisations[role=employer]"
APPLICATIONS = f"{COMPANY}.applications"
APPLICATION = pl.List(
    pl.Struct(
        {
            "programme": pl.String(),
            "date": pl.Date(),
            "status": pl.String(),
            "platform": pl.String(),
            "applicant": pl.String(),
        }
    )
)


def _applied(programme: str | None, status: str | None, applicant: str | None) -> dict[str, Any]:
    return {
        "programme": programme,
        "date": dt.date(2025, 6, 1),
        "status": status,
        "platform": None,
        "applicant": applicant,
    }


def _by_role_rows() -> pl.DataFrame:
    """Cases whose organisations are given by role: the company's earlier applications
    (none, empty, pending for this programme by this applicant or another, null fields),
    a company or employer left out, a column empty in every row, an attestation whose
    key no column gives, values the parser rejects and a value not of its column's type."""
    applied: list[list[dict[str, Any]] | None] = [
        [_applied(ENTRE, "pending", "p0")],
        [],
        None,
        [_applied(ENTRE, "pending", "someone")],
        [_applied("shaanxi.qianren.long", "pending", "p4"), _applied(ENTRE, None, None)],
        [_applied("shaanxi.tezhi.youth", "granted", None)],
        [_applied(ENTRE, "pending", "p6"), _applied(ENTRE, "pending", "p6")],
        None,
        [_applied(ENTRE, "withdrawn", "p8")],
        [_applied(ENTRE, "pending", "p9")],
        [],
    ]
    rows = []
    for i, applications in enumerate(applied):
        row = _row(i, {})
        row.update(
            {
                "person.id": f"p{i}",
                APPLICATIONS: applications,
                f"{COMPANY}.province": "陕西省",
                f"{COMPANY}.county": None,  # a column empty in every row
                f"{EMPLOYER}.kind": "university",
                f"{EMPLOYER}.province": "陕西省" if i % 3 else "河南省",
                f"{HEALTH}.value": None if i == 1 else True,
            }
        )
        if i == 1:  # an attestation left out: none of its columns holds a value
            row.update({f"{HEALTH}.by": None, f"{HEALTH}.on": None})
        if i == 2:  # no company at all
            row.update({k: None for k in row if k.startswith(COMPANY)})
        if i == 5:  # no employer
            row.update({k: None for k in row if k.startswith(EMPLOYER)})
        if i == 7:
            row[f"{COMPANY}.founded_on"] = dt.date(2200, 1, 1)  # the parser rejects it
        if i == 8:
            row[GRANT] = "12.345"  # not an amount in yuan
        rows.append(row)
    schema = {APPLICATIONS: APPLICATION, f"{COMPANY}.county": pl.String()}
    return pl.DataFrame(rows, schema_overrides=schema)


def test_organisations_read_by_role_are_nested_only_for_a_case_by_itself(
    engine: Engine, tmp_path: Path
) -> None:
    """The plans read the organisations a file gives by role from their columns, the
    company's earlier applications included (a step over them): their nested list is not
    built, and the chunks (several, errors included) give the results of the nested layout
    and the flat file's own error rows."""
    from talentkit.batch.compile import HELD
    from talentkit.batch.evaluate import case_columns, shared_work
    from talentkit.batch.run import assess_chunk, plans_for

    facts, keys = engine.registry.facts, engine.input_keys
    as_of = dt.date(2026, 3, 1)
    frame = _by_role_rows()
    path = tmp_path / "flat.parquet"
    frame.write_parquet(path)
    progs = [ENTRE, "shaanxi.qianren.youth", "shaanxi.tezhi.youth"]
    plans, store = plans_for(engine, progs, as_of=as_of, overrides=None)
    plan = FlatPlan(frame.schema, facts, keys)
    assert "organisations" in plan.unread(plans)
    steps, paths = plan.read(frame)[2].steps(plans[0].steps)
    assert paths == {HELD + APPLICATIONS: APPLICATIONS}
    assert sum(str(s.collection) == str(pl.col(HELD + APPLICATIONS)) for s in steps) == 1

    full = list(parquet_chunks(path, 4, facts, keys=keys))
    chunks = list(parquet_chunks(path, 4, facts, keys=keys, plans=plans))
    assert len(chunks) == 3
    assert [e.row for c in chunks for e in c.errors] == [8, 9]
    for chunk, built in zip(chunks, full, strict=True):
        assert "organisations" not in chunk.frame.columns
        assert "organisations" in built.frame.columns
        assert chunk.errors == built.errors
        assert chunk.whole().equals(built.frame)

    # the nested layout of the same cases, with the nested layout's own lookups
    nested = pl.concat([c.frame for c in full])
    whole = Chunk(1, nested, pl.concat([c.rows for c in full]), [], nested.height)
    want = assess_chunk(engine, plans, whole, store, as_of)[0]
    got = pl.concat([assess_chunk(engine, plans, c, store, as_of)[0] for c in chunks])
    assert got.equals(want)
    # the step over the company's applications, read from its column, counts what the
    # nested search counts, and tells the cases apart
    (step,) = [s for s in steps if str(s.collection) == str(pl.col(HELD + APPLICATIONS))]
    counted = list(step.defaults)
    sharing = [p for p in plans if p.defs is plans[0].defs]
    work = pl.concat(
        [shared_work(plans[0], case_columns(sharing, c.frame), c.held) for c in chunks]
    ).select(counted)
    assert work.equals(shared_work(plans[0], case_columns(sharing, nested)).select(counted))
    assert any(work.get_column(c).n_unique() > 1 for c in counted)


def test_organisations_a_programme_is_about_are_nested(engine: Engine) -> None:
    """A programme whose subject is an organisation reads the list itself (which cases
    describe one): it is built, whatever the plans read from columns."""
    import attrs

    from talentkit.batch.run import plans_for

    facts, keys = engine.registry.facts, engine.input_keys
    frame = _by_role_rows()
    (plan,), _ = plans_for(engine, [ENTRE], as_of=dt.date(2026, 3, 1), overrides=None)
    about = attrs.evolve(plan, programme=attrs.evolve(plan.programme, subject="organisation"))
    flat = FlatPlan(frame.schema, facts, keys)
    assert "organisations" in flat.unread([plan])
    assert "organisations" not in flat.unread([about])
    assert "organisations" not in flat.unread([plan, about])


@pytest.mark.parametrize("size", [1, 3, 4, 100])
def test_the_chunks_of_a_file_share_what_its_header_gives(
    engine: Engine, tmp_path: Path, size: int
) -> None:
    """What follows from the header is worked out once for a file: every chunk gets the
    same steps (objects, so the compiled steps' caches hold across chunks) and the
    record expressions; a key no column gives is empty in each chunk, at that chunk's
    height (the last chunk shorter, a chunk with error rows taken out shorter still);
    chunks of any size give the nested layout's results."""
    from talentkit.batch.compile import HELD
    from talentkit.batch.run import assess_chunk, plans_for

    facts, keys = engine.registry.facts, engine.input_keys
    as_of = dt.date(2026, 3, 1)
    path = tmp_path / "flat.parquet"
    _by_role_rows().write_parquet(path)
    progs = [ENTRE, "shaanxi.qianren.youth", "shaanxi.tezhi.youth"]
    plans, store = plans_for(engine, progs, as_of=as_of, overrides=None)
    chunks = list(parquet_chunks(path, size, facts, keys=keys, plans=plans))
    full = list(parquet_chunks(path, 100, facts, keys=keys))
    assert [e.row for c in chunks for e in c.errors] == [8, 9]
    helds = [c.held for c in chunks]
    assert all(h is not None for h in helds)
    first = helds[0].steps(plans[0].steps)[0]  # type: ignore[union-attr]
    assert [s is t for s, t in zip(first, plans[0].steps, strict=True)].count(False) == 1
    for held in helds[1:]:
        again = held.steps(plans[0].steps)[0]  # type: ignore[union-attr]
        assert all(s is t for s, t in zip(again, first, strict=True))
    unknown = "attestations.shaanxi.qianren.entre.market.value"  # no column gives it
    assert HELD + unknown in {n for n, _ in plans[0].defs}
    for chunk in chunks:
        assert chunk.held is not None
        empty = chunk.held.column(unknown)
        assert empty is not None
        assert (empty.len(), empty.null_count()) == (chunk.frame.height, chunk.frame.height)
    heights = {c.frame.height for c in chunks}
    assert size == 100 or len(heights) > 1
    nested = full[0].frame
    whole = Chunk(1, nested, full[0].rows, [], nested.height)
    want = assess_chunk(engine, plans, whole, store, as_of)[0]
    got = pl.concat([assess_chunk(engine, plans, c, store, as_of)[0] for c in chunks])
    assert got.equals(want)
    assert got.height == len(progs) * (11 - 2)


def test_a_list_no_column_gives_is_not_nested(engine: Engine, tmp_path: Path) -> None:
    """A list the file has no column of (the waivers, the awards) that the plans read only
    through the lookups of their keys is left out of the nested frame, as the lists given
    by key are: the lookups read the empty columns, with the results of the list built."""
    from talentkit.batch.run import assess_chunk, plans_for

    facts, keys = engine.registry.facts, engine.input_keys
    as_of = dt.date(2026, 3, 1)
    path = tmp_path / "flat.parquet"
    _by_role_rows().write_parquet(path)
    progs = [ENTRE, "shaanxi.qianren.long", "shaanxi.tezhi.youth"]  # waivers read by key
    plans, store = plans_for(engine, progs, as_of=as_of, overrides=None)
    plan = FlatPlan(pl.read_parquet_schema(path), facts, keys)
    assert {"waivers", "awards"} <= set(plan.unread(plans))
    chunks = list(parquet_chunks(path, 4, facts, keys=keys, plans=plans))
    built = list(parquet_chunks(path, 4, facts, keys=keys))
    for chunk, whole in zip(chunks, built, strict=True):
        assert "waivers" not in chunk.frame.columns
        assert "waivers" in whole.frame.columns
        assert chunk.whole().equals(whole.frame)
    got = pl.concat([assess_chunk(engine, plans, c, store, as_of)[0] for c in chunks])
    want = pl.concat([assess_chunk(engine, plans, c, store, as_of)[0] for c in built])
    assert got.equals(want)


def _every_check(plan: FlatPlan, frame: pl.DataFrame) -> list[int]:
    """The rows some check flags, every check evaluated (no text check settled)."""
    from talentkit.batch.schema import null_item_rows

    found = frame.select(plan.suspect).to_series().arg_true().to_list()
    return sorted(null_item_rows(frame).union(found))


def test_text_checks_settled_by_a_few_texts(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk whose text column holds only a few texts, none of which its checks flag,
    skips those checks; a bad text after the rows sampled, a bad text among the few, or
    another chunk of other texts (the checks' answer is kept per texts, not per column)
    still flags its rows, as evaluating every check does."""
    import talentkit.batch.flat as flat

    monkeypatch.setattr(flat, "SAMPLE_ROWS", 4)
    monkeypatch.setattr(flat, "SETTLED_ROWS", 8)
    facts, keys = engine.registry.facts, engine.input_keys
    genders = ["female", "male", None]
    good = [
        _row(i, {"person.gender": genders[i % 3], SHARE: ["1/2", "2/5"][i % 2]}) for i in range(12)
    ]
    plan = FlatPlan(pl.DataFrame(good).schema, facts, keys)
    by_text = plan._by_text
    assert {"person.gender", SHARE, STAKE} <= set(by_text)

    def flagged(rows: list[dict[str, Any]]) -> tuple[list[int], set[int]]:
        frame = plan.read(pl.DataFrame(rows, schema=plan_schema))[2].frame
        got = plan.flagged(frame)
        assert got == _every_check(plan, frame)
        return got, plan._settled(frame)

    plan_schema = pl.DataFrame(good).schema
    got, settled = flagged(good)
    assert got == []
    assert {*by_text["person.gender"], *by_text[SHARE], *by_text[STAKE]} <= settled
    # a bad text after the rows sampled: the column holds more than the sampled texts
    late = [dict(r) for r in good]
    late[9]["person.gender"] = "x"
    late[10][SHARE] = "1/0"
    got, settled = flagged(late)
    assert got == [9, 10]
    assert not settled & {*by_text["person.gender"], *by_text[SHARE]}
    assert set(by_text[STAKE]) <= settled
    # a bad text among the few sampled: the checks flag it
    early = [{**r, SHARE: "1/0" if i % 2 else "1/2"} for i, r in enumerate(good)]
    got, settled = flagged(early)
    assert got == [1, 3, 5, 7, 9, 11]
    assert not settled & set(by_text[SHARE])
    # the next chunk's one text is bad: the answer kept for the first chunk's texts is not it
    got, _ = flagged([{**r, "person.gender": "x"} for r in good])
    assert got == list(range(12))
    # too few rows to settle: every check runs
    assert plan._settled(plan.read(pl.DataFrame(good[:7], schema=plan_schema))[2].frame) == set()


@pytest.mark.parametrize("key", [None, "", "nobody.declared.this"])
def test_a_keyed_list_given_whole_flags_an_entry_of_no_or_an_unknown_key(
    engine: Engine, key: str | None
) -> None:
    from talentkit.batch.schema import profile_schema

    facts, keys = engine.registry.facts, engine.input_keys
    entry = {"value": True, "by": "clinic", "on": dt.date(2026, 1, 5), "evidence": []}
    lists = [[{"key": "shaanxi.health", **entry}] for _ in range(4)]
    lists[2] = [{"key": "shaanxi.health", **entry}, {"key": key, **entry}]
    dtype = profile_schema(facts)["attestations"]
    frame = pl.DataFrame(
        [pl.Series("id", ["a", "b", "c", "d"]), pl.Series("attestations", lists, dtype=dtype)]
    )
    plan = FlatPlan(frame.schema, facts, keys)
    nested, wrong, held = plan.read(frame)
    assert not wrong
    assert plan.flagged(held.frame) == [2]
    with pytest.raises(InputError):  # and the parser rejects it
        parse(from_row(nested.row(2, named=True), facts), Profile, facts, keys=keys)
