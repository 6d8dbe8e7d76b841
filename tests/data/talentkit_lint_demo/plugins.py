"""One plugin class per planted defect; ``clean`` has none."""

from __future__ import annotations

import attrs

from talentkit import (
    Compare,
    Document,
    FactSpec,
    Fixed,
    Money,
    P,
    Parameter,
    Programme,
    Rule,
    Text,
    hookimpl,
)
from talentkit_lint_demo.common import CITE, DOCUMENT, SIZE, programme, size_rule

SIZE_FACT = FactSpec(name="lint.size", type="int", scope="team")


class Clean:
    @hookimpl
    def talentkit_add_documents(self) -> list[Document]:
        return [DOCUMENT]

    @hookimpl
    def talentkit_add_parameters(self) -> list[Parameter]:
        return [SIZE]

    @hookimpl
    def talentkit_add_facts(self) -> list[FactSpec]:
        return [SIZE_FACT]

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        return [programme("lint.clean")]


class MisspelledPath(Clean):
    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        age = Compare(id="lint.path.age", fact="team.leader.brith_date", value=1, cite=CITE)
        return [programme("lint.path", age)]


class UnusedFact(Clean):
    @hookimpl
    def talentkit_add_facts(self) -> list[FactSpec]:
        return [SIZE_FACT, FactSpec(name="lint.colour", type="str", scope="team")]


class DuplicateRule(Clean):
    @hookimpl
    def talentkit_add_rules(self, programme: Programme) -> list[Rule]:
        if programme.id != "lint.clean":
            return []
        again = Compare(id="lint.clean.size", fact="team.name", value="x", cite=CITE)
        return [again]


class BadPlaceholder(Clean):
    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        typo = size_rule("lint.text.typo", Text("不少于{min_sise}人", "at least {min_sise}"))
        return [programme("lint.text", typo)]


class BadFundingPlaceholder(Clean):
    @hookimpl
    def talentkit_add_parameters(self) -> list[Parameter]:
        return [SIZE, GRANT]

    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        grant = Fixed(
            id="lint.money.grant",
            payee="host",
            amount=P(GRANT.key),
            cite=CITE,
            text=Text("每年{grnat:wan}万元", "{grnat} yuan a year"),
        )
        return [attrs.evolve(programme("lint.money"), funding=(grant,))]


class BadSummaryPlaceholder(BadFundingPlaceholder):
    @hookimpl
    def talentkit_add_programmes(self) -> list[Programme]:
        grant = Fixed(
            id="lint.money.grant",
            payee="host",
            amount=P(GRANT.key),
            cite=CITE,
            text=Text("每年{grant:wan}万元", "{grant} yuan a year"),
        )
        summary = Text("每年{grant:wan}万元，至少{min_sise}人", "{grant} a year")
        return [attrs.evolve(programme("lint.money"), funding=(grant,), summary=summary)]


GRANT = Parameter(key="lint.grant", type="yuan", value=Money.yuan(100_000), citation=CITE)
