"""A test plugin whose one programme uses every rule class and shape of the vocabulary, so
the batch differential test compares each compiler with the engine (not a real policy)."""

from __future__ import annotations

from fractions import Fraction

from talentkit import (
    AgeAtLeast,
    AllOf,
    Annual,
    AnyOf,
    ApplicationLimit,
    Citation,
    Compare,
    Count,
    Custom,
    DateCompare,
    Document,
    Duration,
    Exclusion,
    FactSpec,
    Fixed,
    InRole,
    Instalments,
    Jurisdiction,
    Money,
    NoneWithin,
    Not,
    OneOf,
    P,
    PackageCap,
    Parameter,
    ParamIs,
    Percentage,
    Period,
    PriorAward,
    Programme,
    Range,
    Share,
    Text,
    TimeSpent,
    When,
    WorkdaysWithin,
    hookimpl,
)

DOC = "VOCAB-1"
C = Citation(document=DOC, article="第1条")
T = Text("测试", "test")
START, END, PAID, PRIOR = (f"facts.vocab.{n}" for n in ("start", "end", "paid", "prior"))


def _rule(rule_id: str) -> dict[str, object]:
    return {"id": f"vocab.all.{rule_id}", "cite": C, "text": T}


ALL = Programme(
    id="vocab.all",
    jurisdiction="vocab",
    document=DOC,
    name=Text("词汇全集", "every rule shape"),
    subject="person",
    summary=T,
    reference=("application.call_notice_date",),
    rules=[
        AgeAtLeast(**_rule("age_at_least"), birth="person.birth_date", years=P("vocab.age")),
        WorkdaysWithin(**_rule("within"), fact=END, start=START, days=P("vocab.days")),
        WorkdaysWithin(**_rule("runs"), fact=END, start=START, days=5, count_start=True, op=">="),
        NoneWithin(
            **_rule("calendar_years"),
            collection="person.records",
            where=OneOf(fact="kind", values=("illegal", "research_misconduct")),
            calendar_years=P("vocab.bar_years"),
        ),
        NoneWithin(**_rule("period"), collection="person.records", period=Period(years=2)),
        TimeSpent(
            **_rule("time_spent"),
            since=START,
            spells="person.positions",
            where=Compare(fact="province", value="陕西省"),
            at_most=Period(years=6),
        ),
        Count(
            **_rule("in_role"),
            collection="team.members",
            where=InRole(fact="employer", roles=("lead", "partner")),
            op="==",
            value=2,
        ),
        Count(**_rule("count_ne"), collection="team.members", where=Compare(fact="core"), op="!="),
        # a fact of the case's root (``$.``) read on the case and on each member: named
        # from the root when missing, by the engine as by the batch
        Compare(**_rule("root_fact"), fact="$.person.gender", value="female"),
        Count(
            **_rule("count_root"),
            collection="team.members",
            where=Compare(fact="$.person.core"),
            op=">=",
            value=1,
        ),
        # a subject outside the list, counted once by its id (the centre director)
        Count(
            **_rule("count_also"),
            collection="team.members",
            where=Compare(fact="core"),
            also=("person",),
            op="==",
            value=2,
        ),
        Share(
            **_rule("share_also"),
            collection="team.members",
            where=Compare(fact="full_time"),
            among=Compare(fact="core"),
            also=("person",),
            fraction=Fraction(1, 2),
        ),
        Share(
            **_rule("share"),
            collection="team.members",
            where=Compare(fact="full_time"),
            among=Compare(fact="core"),
            fraction=Fraction(1, 3),
        ),
        When(
            **_rule("param_is"),
            condition=ParamIs(key="vocab.guard"),
            then=AnyOf(
                rules=(
                    DateCompare(fact="person.birth_date", op="<=", other=START),
                    Not(rule=Duration(start="person.birth_date", at_least=Period(years=30))),
                )
            ),
        ),
        AllOf(
            **_rule("custom"),
            rules=(
                Custom(
                    facts=("person.gender",),
                    predicate=lambda v: v["person.gender"] == "female",
                    statement=T,
                ),
            ),
        ),
    ],
    funding=[
        Fixed(
            id="vocab.all.instalments",
            cite=C,
            text=T,
            payee="person",
            amount=Money.parse("1000000.01"),  # split to the fen, the last carrying the rest
            schedule=Instalments(years=P("vocab.days"), start=START),
            prior_award=PriorAward(received=PRIOR, mode=P("vocab.mode")),
        ),
        Percentage(
            id="vocab.all.share",
            cite=C,
            text=T,
            payee="person",
            base=PAID,
            rate=Fraction(3, 100),
            rounding="fen_up",
            cap=Money.yuan(500_000),
            prior=PRIOR,
        ),
    ],
)


def _order(order: str, limit: int | P) -> Programme:
    """One rule: at most ``limit`` pending applications, in the given order reading."""
    pid = f"vocab.order.{order}"
    return Programme(
        id=pid,
        jurisdiction="vocab",
        document=DOC,
        name=Text("申报顺序", f"application order, {order}"),
        subject="person",
        summary=T,
        rules=[
            ApplicationLimit(
                id=f"{pid}.limit",
                cite=C,
                text=T,
                collection="history.applications",
                where=OneOf(fact="status", values=("pending",)),
                limit=limit,
                order=P("vocab.order") if order == "first_come" else "all_rejected",
            )
        ],
    )


ORDER = [_order("first_come", P("vocab.limit")), _order("all_rejected", 2)]


def _line(name: str) -> dict[str, object]:
    return {"id": f"vocab.package.{name}", "cite": C, "text": T}


PACKAGE_LINES = ("yearly", "decided", "share")
#: a cap on the sum of three lines (a yearly grant, an amount decided up to a ceiling, a
#: share excluded for some), where the condition holds; a fourth line outside it
PACKAGE = Programme(
    id="vocab.package",
    jurisdiction="vocab",
    document=DOC,
    name=Text("综合资助上限", "a package cap"),
    subject="person",
    summary=T,
    rules=[Compare(**_rule("paid_given"), fact=PAID, op=">=", value=Money(0))],
    funding=[
        Fixed(
            **_line("yearly"),
            payee="person",
            amount=P("vocab.package_yearly"),
            schedule=Annual(years=P("vocab.days"), start=START),
        ),
        Range(**_line("decided"), payee="person", high=Money.yuan(2_000_000), decided=PAID),
        Percentage(
            **_line("share"),
            payee="person",
            base=PRIOR,
            rate=Fraction(1, 3),
            rounding="fen_down",
            condition=Compare(fact="person.core"),
        ),
        Fixed(**_line("outside"), payee="person", amount=Money.parse("0.01")),
        Exclusion(
            **_line("no_share"),
            when=OneOf(fact="person.gender", values=("male",)),
            excludes=("vocab.package.share",),
        ),
        PackageCap(
            **_line("cap"),
            items=tuple(f"vocab.package.{n}" for n in PACKAGE_LINES),
            cap=P("vocab.package_cap"),
            condition=Not(rule=OneOf(fact="application.field", values=("natural_science",))),
        ),
    ],
)


@hookimpl
def talentkit_add_jurisdictions() -> list[Jurisdiction]:
    return [Jurisdiction(id="vocab", name=Text("词汇", "vocabulary"))]


@hookimpl
def talentkit_add_documents() -> list[Document]:
    return [Document(id=DOC, title="词汇测试", jurisdiction="vocab")]


@hookimpl
def talentkit_add_programmes() -> list[Programme]:
    return [ALL, *ORDER, PACKAGE]


@hookimpl
def talentkit_add_facts() -> list[FactSpec]:
    return [
        FactSpec(name="vocab.start", type="date"),
        FactSpec(name="vocab.end", type="date"),
        FactSpec(name="vocab.paid", type="yuan"),
        FactSpec(name="vocab.prior", type="yuan"),
    ]


@hookimpl
def talentkit_add_parameters() -> list[Parameter]:
    return [
        Parameter(key="vocab.age", type="int", value=35),
        Parameter(key="vocab.days", type="int", value=3),
        Parameter(key="vocab.bar_years", type="int", value=2),
        Parameter(key="vocab.guard", type="bool", value=True),
        Parameter(key="vocab.limit", type="int", value=1),
        Parameter(key="vocab.order", type="application_order", value="first_come"),
        Parameter(key="vocab.mode", type="str", value="top_up", values=("cumulative", "top_up")),
        Parameter(key="vocab.package_yearly", type="yuan", value=Money.yuan(200_000)),
        Parameter(key="vocab.package_cap", type="yuan", value=Money.yuan(1_000_000)),
    ]
