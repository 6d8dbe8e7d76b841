"""Structural checks on the Xinzhou declarations: draft gating, citations, no exit rules."""

from __future__ import annotations

from pathlib import Path

import talentkit_xinzhou.plugin as xz

from talentkit import External, F, P, load_parameters

PARAMS = Path(xz.__file__).with_name("params") / "eco.toml"


def test_every_programme_is_a_gated_draft() -> None:
    for prog in xz.PROGRAMMES:
        assert prog.enabled == P("xinzhou.eco.enabled"), prog.id
        assert prog.valid_from == P("xinzhou.eco.effective_on"), prog.id
        assert prog.document == "XZ-ECO"


def test_draft_is_off_and_the_effective_date_is_left_to_the_operator() -> None:
    params = {p.key: p for p in load_parameters(PARAMS)}
    assert params["xinzhou.eco.enabled"].value is False
    assert not params["xinzhou.eco.effective_on"].is_set


def test_lists_the_text_does_not_state_have_no_value() -> None:
    params = {p.key: p for p in load_parameters(PARAMS)}
    assert not params["xinzhou.eco.talent.clusters"].is_set


def test_no_single_figure_for_amounts_the_text_does_not_state() -> None:
    """一、1 and 三、7 s1 name another policy or a fund but no amount: the amount is decided
    per case (a fact), never one parameter for every case; 三、9 s1 pays nothing."""
    keys = {p.key for p in load_parameters(PARAMS)}
    for gone in (
        "xinzhou.eco.talent.leading.treatment_amount",
        "xinzhou.eco.major.support_amount",
        "xinzhou.eco.award_project.support_amount",
    ):
        assert gone not in keys
    by_id = {prog.id: prog for prog in xz.PROGRAMMES}
    for pid, path in (
        ("xinzhou.eco.leading_talent", "facts.xinzhou.eco.talent.treatment_cash"),
        ("xinzhou.eco.major_project", "facts.xinzhou.eco.major.fund_decided"),
    ):
        (item,) = by_id[pid].funding
        assert isinstance(item, External), pid
        assert item.amount == F(path), pid
    assert not by_id["xinzhou.eco.award_project"].funding


def test_no_exit_rules_in_the_text() -> None:
    assert all(not prog.exits for prog in xz.PROGRAMMES)


def test_every_rule_and_amount_cites_a_measure() -> None:
    for prog in xz.PROGRAMMES:
        for decl in (*prog.rules, *prog.funding):
            assert decl.cite is not None, decl.id
            assert decl.cite.key.startswith("XZ-ECO/pt"), decl.id
            assert decl.cite.quote, decl.id
        for info in prog.informational:
            assert info.reason.zh
            assert info.reason.en


def test_every_parameter_cites_the_text() -> None:
    for param in load_parameters(PARAMS):
        assert param.citation is not None, param.key
        assert param.citation.quote, param.key


def test_an_unknown_upgrade_mode_is_rejected_before_any_amount() -> None:
    """The upgrade reading is a closed choice: a typo is refused, never guessed."""
    import pytest

    from talentkit import Engine, ParameterError

    engine = Engine.create()
    with pytest.raises(ParameterError, match="expected one of cumulative, top_up"):
        engine.params.with_overrides({"xinzhou.eco.pilot.upgrade_mode": "both"})


def test_the_3_percent_subsidy_cannot_be_rounded_up() -> None:
    """三、9 「给予3%的补助」: rounding up would pay more than the rate gives, so the
    rounding parameter takes only the modes that round down, here and as an override."""
    import pytest

    from talentkit import Engine, ParameterError

    params = {p.key: p for p in load_parameters(PARAMS)}
    assert params["xinzhou.eco.transfer.rounding"].values == ("fen_down", "yuan_down")
    engine = Engine.create()
    for mode in ("fen_up", "yuan_up"):
        with pytest.raises(ParameterError, match="fen_down, yuan_down"):
            engine.params.with_overrides({"xinzhou.eco.transfer.rounding": mode})
    engine.params.with_overrides({"xinzhou.eco.transfer.rounding": "yuan_down"})
