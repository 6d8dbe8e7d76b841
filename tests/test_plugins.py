"""Plugin discovery and every failure path: each reported by name, the rest keep working."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from talentkit import (
    AnyOf,
    Citation,
    Compare,
    Document,
    Engine,
    FactSpec,
    Judgement,
    Jurisdiction,
    Money,
    P,
    Programme,
    Status,
    Text,
    Verdict,
    hookimpl,
)
from talentkit.funding import FundingResult
from talentkit.manager import PluginProblem
from talentkit.rules import Check

DATA = Path(__file__).parent / "data"
AS_OF = dt.date(2026, 10, 20)


@pytest.fixture
def fake_dists(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Put the fake distributions of tests/data on the path, the way an install would."""
    monkeypatch.syspath_prepend(str(DATA))
    yield
    for name in ("talentkit_broken_demo", "talentkit_broken_demo.plugin", "talentkit_demo_ok"):
        sys.modules.pop(name, None)


def problems_of(engine: Engine, plugin: str) -> list[PluginProblem]:
    return [p for p in engine.problems if p.plugin == plugin]


def programme(pid: str, **kw: Any) -> Programme:
    rules = kw.pop(
        "rules",
        [
            Compare(
                id=f"{pid}.r",
                fact="person.full_time",  # a field of the input model: no fact to declare
                cite=Citation(document="D", article="第1条"),
                text=Text("标志", "flag"),
            )
        ],
    )
    return Programme(id=pid, jurisdiction="x", document="D", name=Text(pid, pid), rules=rules, **kw)


# -- entry points ------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_dists")
def test_broken_entry_point_is_reported_and_the_rest_load() -> None:
    engine = Engine.create(entry_points=True)
    (problem,) = problems_of(engine, "broken_demo")
    assert "cannot import talentkit_broken_demo.plugin: ImportError" in problem.problem
    assert "nonexistent_dependency" in problem.problem
    assert "TALENTKIT_BLOCK_PLUGINS=broken_demo" in problem.advice
    # a working distribution beside it loads, with its version
    assert "demo_ok" in engine.registry.jurisdictions
    assert engine.plugins.versions["demo_ok"] == "1.2.3"
    info = {p.name: p for p in engine.plugins.info()}
    assert info["demo_ok"].hooks == ("talentkit_add_jurisdictions",)
    assert info["talentkit.declared"].builtin is True
    # the plugin from TALENTKIT_PLUGINS is unaffected
    assert "fooland.team" in engine.registry.programmes


@pytest.mark.usefixtures("fake_dists")
def test_blocked_plugins_are_not_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTKIT_BLOCK_PLUGINS", "broken_demo, demo_ok")
    engine = Engine.create(entry_points=True)
    assert problems_of(engine, "broken_demo") == []
    assert "demo_ok" not in engine.registry.jurisdictions
    assert "fooland.team" in engine.registry.programmes


@pytest.mark.usefixtures("fake_dists")
def test_block_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TALENTKIT_BLOCK_PLUGINS", raising=False)
    engine = Engine.create(entry_points=True, block=["broken_demo"])
    assert problems_of(engine, "broken_demo") == []
    assert "demo_ok" in engine.registry.jurisdictions


@pytest.mark.usefixtures("fake_dists")
def test_disable_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTKIT_DISABLE_PLUGIN_AUTOLOAD", "1")
    engine = Engine.create()
    assert problems_of(engine, "broken_demo") == []
    assert "demo_ok" not in engine.registry.jurisdictions
    # built-ins and TALENTKIT_PLUGINS still load
    assert "fooland.team" in engine.registry.programmes
    assert "talentkit.declared" in {p.name for p in engine.plugins.info()}


def test_blocking_a_module_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTKIT_BLOCK_PLUGINS", "talentkit_fooland.plugin")
    engine = Engine.create(entry_points=False)
    assert "fooland.team" not in engine.registry.programmes
    assert engine.problems == []


def test_unimportable_module_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTKIT_PLUGINS", "talentkit_fooland.plugin,no_such_module_xyz")
    engine = Engine.create(entry_points=False)
    (problem,) = engine.problems
    assert problem.plugin == "no_such_module_xyz"
    assert "cannot import: ModuleNotFoundError" in problem.problem
    assert "TALENTKIT_PLUGINS" in problem.advice
    assert "fooland.team" in engine.registry.programmes


# -- invalid hook implementations ----------------------------------------------------------


class ExtraArgument:
    @hookimpl
    def talentkit_add_programmes(self, registry: object) -> list[Programme]:
        return [programme("extra.p")]


class Misspelled:
    @hookimpl
    def talentkit_add_programme(self) -> list[Programme]:
        return [programme("misspelled.p")]


class Good:
    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [programme("good.p")]


def test_bad_hook_signature_is_reported() -> None:
    engine = Engine.create([("extra_arg", ExtraArgument()), ("good", Good())], entry_points=False)
    (problem,) = problems_of(engine, "extra_arg")
    assert "invalid hook implementation" in problem.problem
    assert "registry" in problem.problem
    assert "may be omitted, not added" in problem.advice
    assert "extra.p" not in engine.registry.programmes
    assert "good.p" in engine.registry.programmes
    assert "fooland.team" in engine.registry.programmes


def test_misspelled_hook_is_reported_with_a_suggestion() -> None:
    engine = Engine.create([("typo", Misspelled()), ("good", Good())], entry_points=False)
    (problem,) = problems_of(engine, "typo")
    assert "unknown hook(s): talentkit_add_programme" in problem.problem
    suggestion = problem.problem.split("did you mean ")[1]
    assert "talentkit_add_programmes" in suggestion
    assert "misspelled.p" not in engine.registry.programmes
    assert "typo" not in {p.name for p in engine.plugins.info()}
    assert "good.p" in engine.registry.programmes


# -- conflicts -------------------------------------------------------------------------


class DupA:
    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [programme("dup.p", summary=Text("甲", "from a"))]

    @hookimpl
    def talentkit_add_jurisdictions(self) -> list[Jurisdiction]:
        return [Jurisdiction(id="dupland", name=Text("甲", "A"))]


class DupB:
    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [programme("dup.p", summary=Text("乙", "from b")), programme("b.only")]

    @hookimpl
    def talentkit_add_jurisdictions(self) -> list[Jurisdiction]:
        return [Jurisdiction(id="dupland", name=Text("乙", "B"))]


def test_duplicate_programme_id_names_both_plugins() -> None:
    engine = Engine.create([("plugin_a", DupA()), ("plugin_b", DupB())], entry_points=False)
    msgs = [p for p in engine.problems if "conflicting programme id 'dup.p'" in p.problem]
    assert len(msgs) == 1
    assert "plugin_a" in msgs[0].problem
    assert "plugin_b" in msgs[0].problem
    assert "TALENTKIT_BLOCK_PLUGINS" in msgs[0].advice
    # one declaration is used (never a silent mix), and the other programme still loads
    assert engine.registry.programmes["dup.p"].summary.en in ("from a", "from b")
    assert "b.only" in engine.registry.programmes
    jur = [p for p in engine.problems if "conflicting jurisdiction id 'dupland'" in p.problem]
    assert len(jur) == 1


class BadDeclarations:
    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        uncited = programme("bad.uncited", rules=[Compare(id="bad.uncited.r", fact="person.core")])
        undeclared = programme(
            "bad.param",
            rules=[
                Compare(
                    id="bad.param.r",
                    fact="person.core",
                    op=">=",
                    value=P("bad.nowhere"),
                    cite=Citation(document="D", article="第2条"),
                )
            ],
        )
        no_id = programme(
            "bad.noid",
            rules=[Compare(fact="person.core", cite=Citation(document="D", article="第3条"))],
        )
        disabled = programme("bad.enabled", enabled=P("bad.switch"))
        nested = programme(
            "bad.nested",
            rules=[
                AnyOf(
                    id="bad.nested.r",
                    cite=Citation(document="D", article="第4条"),
                    rules=[
                        Compare(fact="person.core"),
                        Judgement(criterion=Text("优秀", "excellent")),
                    ],
                )
            ],
        )
        return [uncited, undeclared, no_id, disabled, nested, programme("bad.fine")]


def test_rules_without_citation_or_with_undeclared_parameters_are_rejected() -> None:
    engine = Engine.create([("bad", BadDeclarations())], entry_points=False)
    problems = {p.problem.split(":")[0]: p for p in problems_of(engine, "bad")}
    assert set(problems) == {
        "programme bad.uncited not loaded",
        "programme bad.param not loaded",
        "programme bad.noid not loaded",
        "programme bad.enabled not loaded",
        "programme bad.nested not loaded",
    }
    assert "a nested Judgement needs an id" in problems["programme bad.nested not loaded"].problem
    assert (
        "rule bad.uncited.r has no id or citation"
        in problems["programme bad.uncited not loaded"].problem
    )
    assert "rule Compare has no id or citation" in problems["programme bad.noid not loaded"].problem
    assert (
        "rule bad.param.r uses undeclared parameter 'bad.nowhere'"
        in problems["programme bad.param not loaded"].problem
    )
    assert (
        "undeclared parameter 'bad.switch'" in problems["programme bad.enabled not loaded"].problem
    )
    assert set(engine.registry.programmes) >= {"bad.fine", "fooland.team"}
    assert not {"bad.uncited", "bad.param", "bad.noid"} & set(engine.registry.programmes)


class Raising:
    @hookimpl
    def talentkit_add_documents(self) -> list[Document]:
        raise RuntimeError("parameter directory missing")


def test_a_raising_registration_hook_is_reported() -> None:
    engine = Engine.create([("raiser", Raising())], entry_points=False)
    (problem,) = problems_of(engine, "raiser")
    assert problem.problem == (
        "talentkit_add_documents raised RuntimeError: parameter directory missing"
    )
    assert "FOO-1" in engine.registry.documents


class FactConflict:
    @hookimpl
    def talentkit_add_facts(self) -> list[FactSpec]:
        return [FactSpec(name="fooland.field", type="int")]


def test_fact_declared_again_with_another_type() -> None:
    engine = Engine.create([("facts2", FactConflict())], entry_points=False)
    (problem,) = problems_of(engine, "facts2")
    assert "fact 'fooland.field' declared again with another type" in problem.problem
    assert engine.registry.facts["fooland.field"].type == "str"


# -- cooperation between plugins -----------------------------------------------------------


class Province:
    @hookimpl
    def talentkit_add_rules(self, programme: Programme) -> list[Compare]:
        if programme.id != "fooland.team":
            return []
        return [
            Compare(
                id="province.extra",
                fact="facts.fooland.already_funded",
                value=False,
                cite=Citation(document="PROV", article="第9条"),
                text=Text("未获省级资助", "not funded by the province"),
            )
        ]

    @hookimpl
    def talentkit_eligibility(self, programme: Programme) -> list[Check] | None:
        if programme.id != "fooland.transfer":
            return None
        return [
            Check(
                rule_id="province.python",
                status=Status.FAIL,
                text=Text("代码检查", "computed check"),
            )
        ]

    @hookimpl(wrapper=True)
    def talentkit_funding(self) -> Iterator[None]:
        result: FundingResult = yield
        return attrs.evolve(result, notes=(*result.notes, Text("改革", "reform")))


def test_added_checks_eligibility_and_funding_wrapper() -> None:
    engine = Engine.create([("province", Province())], entry_points=False)
    assert engine.problems == []
    raw: dict[str, Any] = {"facts": {"fooland.already_funded": True}}
    (a,) = engine.assess(engine.load(raw), ["fooland.team"], as_of=AS_OF).assessments
    extra = next(c for c in a.checks if c.rule_id == "province.extra")
    assert (extra.status, extra.plugin) == (Status.FAIL, "province")
    assert "province.extra" in a.failed
    (t,) = engine.assess(
        engine.load(
            {
                "organisations": [{"role": "applicant", "is_enterprise": True}],
                "facts": {"fooland.contract_paid": 100, "fooland.subsidy_already": 0},
            }
        ),
        ["fooland.transfer"],
        as_of=AS_OF,
    ).assessments
    assert "province.python" in t.failed
    assert t.verdict is Verdict.NOT_ELIGIBLE
    # the wrapper sees the built-in result (an eligible case has funding)
    ok = engine.load(
        {
            "organisations": [{"role": "applicant", "is_enterprise": True}],
            "facts": {"fooland.contract_paid": 100, "fooland.subsidy_already": 0},
        }
    )
    engine2 = Engine.create([("wrap", WrapOnly())], entry_points=False)
    (t2,) = engine2.assess(ok, ["fooland.transfer"], as_of=AS_OF).assessments
    assert t2.funding is not None
    assert t2.funding.total == Money.yuan(3)
    assert [n.en for n in t2.funding.notes] == ["reform"]


def test_checks_from_a_plugin_hook_carry_its_name() -> None:
    engine = Engine.create([("province", Province())], entry_points=False)
    (t,) = engine.assess(engine.load({}), ["fooland.transfer"], as_of=AS_OF).assessments
    check = next(c for c in t.checks if c.rule_id == "province.python")
    assert check.plugin == "province"


class WrapOnly:
    @hookimpl(wrapper=True)
    def talentkit_funding(self) -> Iterator[None]:
        result: FundingResult = yield
        return attrs.evolve(result, notes=(*result.notes, Text("改革", "reform")))


# -- tracing ---------------------------------------------------------------------------


def test_trace_hooks_prints_calls_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TALENTKIT_TRACE_HOOKS", "1")
    engine = Engine.create(entry_points=False)
    capsys.readouterr()
    engine.assess(engine.load({}), ["fooland.transfer"], as_of=AS_OF)
    out = capsys.readouterr()
    assert out.out == ""
    assert (
        "[talentkit hook] talentkit_eligibility(programme=<Programme fooland.transfer>" in out.err
    )
    assert "talentkit.declared" in out.err
    assert "[talentkit hook] talentkit_eligibility returned" in out.err


def test_no_trace_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TALENTKIT_TRACE_HOOKS", raising=False)
    engine = Engine.create(entry_points=False)
    engine.assess(engine.load({}), ["fooland.transfer"], as_of=AS_OF)
    assert "[talentkit hook]" not in capsys.readouterr().err


def test_trace_hooks_includes_registration(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TALENTKIT_TRACE_HOOKS", "1")
    Engine.create(entry_points=False)
    assert "[talentkit hook] talentkit_add_programmes" in capsys.readouterr().err


@pytest.mark.usefixtures("fake_dists")
def test_the_cheap_entry_point_reader_agrees_with_importlib_metadata() -> None:
    import importlib.metadata

    from talentkit import entrypoints

    cheap = entrypoints.entry_points("talentkit")
    assert cheap is not None  # plain directories on sys.path: no fallback needed
    standard = importlib.metadata.entry_points(group="talentkit")
    assert sorted((e.name, e.value) for e in cheap) == sorted((e.name, e.value) for e in standard)
    versions = {e.name: e.dist.version for e in standard if e.dist is not None}
    assert {e.name: e.version for e in cheap} == versions
    assert {"demo_ok", "broken_demo"} <= versions.keys()
    for dist in ("talentkit", "pluggy", "talentkit-yangquan"):
        assert entrypoints.version(dist) == importlib.metadata.version(dist)


def test_the_entry_point_reader_sees_a_distribution_installed_meanwhile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os

    from talentkit import entrypoints

    monkeypatch.syspath_prepend(str(tmp_path))
    group = "talentkit_reader_test"
    assert entrypoints.entry_points(group) == []
    assert entrypoints.version("reader-demo") is None
    dist = tmp_path / "reader_demo-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text(f"[{group}]\ndemo = reader_demo\n", encoding="utf-8")
    (dist / "METADATA").write_text("Name: reader-demo\nVersion: 1.0\n\n", encoding="utf-8")
    os.utime(tmp_path, ns=(1, 1))  # changed, whatever the clock's resolution
    found = entrypoints.entry_points(group)
    assert [(e.name, e.value, e.version) for e in found or ()] == [("demo", "reader_demo", "1.0")]
    assert entrypoints.version("reader_demo") == "1.0"
    # listed again only when changed: the same directory gives the same answer
    assert entrypoints.entry_points(group) == found
    (dist / "entry_points.txt").unlink()
    (dist / "METADATA").unlink()
    dist.rmdir()
    os.utime(tmp_path, ns=(2, 2))
    assert entrypoints.entry_points(group) == []


def test_the_entry_point_reader_leaves_zip_archives_to_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from talentkit import entrypoints

    archive = tmp_path / "plugins.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip archive
    monkeypatch.syspath_prepend(str(archive))
    assert entrypoints.entry_points("talentkit") is None
    engine = Engine.create(entry_points=True)  # found through importlib.metadata instead
    assert "yangquan" in engine.registry.jurisdictions


def test_a_custom_distribution_finder_sends_the_reader_to_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from talentkit import entrypoints

    class Finder:
        def find_spec(self, *args: object) -> None:
            return None

        def find_distributions(self, *args: object) -> list[object]:
            return []

    assert entrypoints.entry_points("talentkit") is not None
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert entrypoints.entry_points("talentkit") is None
    engine = Engine.create(entry_points=True)  # found through importlib.metadata instead
    assert "yangquan" in engine.registry.jurisdictions


def test_the_plugin_manager_finds_the_same_hooks_as_pluggy_s_own() -> None:
    import importlib

    import pluggy

    from talentkit import hookspecs, manager
    from talentkit.builtin import declared

    modules = [declared] + [
        importlib.import_module(f"talentkit_{name}.plugin")
        for name in ("yangquan", "shaanxi", "xinzhou")
    ]

    def found(pm: pluggy.PluginManager) -> dict[str, list[tuple[Any, ...]]]:
        pm.add_hookspecs(hookspecs)
        for module in modules:
            pm.register(module, name=module.__name__)
        return {
            name: [(i.plugin_name, i.function, i.opts) for i in caller.get_hookimpls()]
            for name, caller in vars(pm.hook).items()
            if isinstance(caller, pluggy.HookCaller)
        }

    ours = found(manager._PluginManager("talentkit"))
    assert ours == found(pluggy.PluginManager("talentkit"))
    assert sum(map(len, ours.values())) > 10


def test_the_plugin_manager_reads_a_module_s_functions_as_pluggy_does() -> None:
    """Plain functions are read for their marker without pluggy's static look-up: the same
    answer for a marked hook, a helper, a marker that is no table, a function whose
    ``__func__`` carries the marker, and a name the module's class shadows."""
    import types

    import pluggy

    from talentkit import hookspecs, manager

    def talentkit_add_facts() -> list[object]:
        return []

    def talentkit_add_documents() -> list[object]:
        return []

    def helper() -> None:
        pass

    def odd() -> None:
        pass

    def talentkit_add_jurisdictions() -> list[object]:
        return []

    class Shadowing(types.ModuleType):
        def talentkit_add_documents(self) -> list[object]:
            return []

    odd.talentkit_impl = "no table"  # type: ignore[attr-defined]
    talentkit_add_jurisdictions.__func__ = hookspecs.hookimpl(  # type: ignore[attr-defined]
        talentkit_add_facts
    )
    plain = types.ModuleType("edge_plain")
    shadowed = Shadowing("edge_shadowed")
    for module in (plain, shadowed):
        module.talentkit_add_facts = hookspecs.hookimpl(talentkit_add_facts)  # type: ignore[attr-defined]
        module.talentkit_add_documents = hookspecs.hookimpl(talentkit_add_documents)  # type: ignore[attr-defined]
        module.talentkit_add_jurisdictions = talentkit_add_jurisdictions  # type: ignore[attr-defined]
        module.helper = helper  # type: ignore[attr-defined]
        module.odd = odd  # type: ignore[attr-defined]

    def found(pm: pluggy.PluginManager) -> dict[str, list[tuple[Any, ...]]]:
        pm.add_hookspecs(hookspecs)
        for module in (plain, shadowed):
            pm.register(module, name=module.__name__)
        return {
            name: [(i.plugin_name, i.function, i.opts) for i in caller.get_hookimpls()]
            for name, caller in vars(pm.hook).items()
            if isinstance(caller, pluggy.HookCaller)
        }

    ours = found(manager._PluginManager("talentkit"))
    assert ours == found(pluggy.PluginManager("talentkit"))
    assert [i[0] for i in ours["talentkit_add_facts"]] == ["edge_plain", "edge_shadowed"]
    assert [i[0] for i in ours["talentkit_add_jurisdictions"]] == ["edge_plain", "edge_shadowed"]


@pytest.mark.parametrize(
    "name",
    ["talentkit", "Talentkit_Yangquan", "a-b.c_d", "a--b", "a._-b", "_a_", "a__", "-", "", "A.B-C"],
)
def test_the_entry_point_reader_normalises_names_as_the_pattern_does(name: str) -> None:
    import re

    from talentkit import entrypoints

    wanted = re.sub(r"[-_.]+", "_", name).lower()
    assert entrypoints._name_key(name) == wanted
    assert (
        entrypoints._normalised(f"{name}-1.0.dist-info")
        == re.sub(r"[-_.]+", "_", f"{name}-1.0".rsplit(".", 1)[0].split("-", 1)[0]).lower()
    )


def test_the_entry_point_reader_passes_over_a_distribution_without_entry_points(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Only the distributions that have the file are read; a same-named later one, with
    or without it, is shadowed by the first as a whole."""
    from talentkit import entrypoints

    group = "talentkit_reader_test_none"
    first, second = tmp_path / "first", tmp_path / "second"
    for root, dists in (
        (first, {"Plain_Dist-1.0.dist-info": None, "with_eps-2.0.dist-info": "a = mod_a"}),
        (second, {"plain.dist-3.0.dist-info": "b = mod_b", "other-1.0.egg-info": "c = mod_c"}),
    ):
        for dirname, eps in dists.items():
            (root / dirname).mkdir(parents=True)
            if eps is not None:
                (root / dirname / "entry_points.txt").write_text(
                    f"[{group}]\n{eps}\n", encoding="utf-8"
                )
    (first / "dir_only-1.0.dist-info" / "entry_points.txt").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(second))
    monkeypatch.syspath_prepend(str(first))
    found = entrypoints.entry_points(group)
    assert [(e.name, e.value) for e in found or ()] == [("a", "mod_a"), ("c", "mod_c")]
