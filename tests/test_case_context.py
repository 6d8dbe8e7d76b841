"""A programme's context, copied from the case's through the slots, is the one the engine
would build for it: the same fields, its own calendar and the programme's reference date
sources."""

from __future__ import annotations

import datetime as dt

import attrs

from talentkit import Engine
from talentkit.programme import Programme
from talentkit.rules.context import Context, Shared, for_programme
from talentkit.subjects import Profile
from talentkit.workdays import WorkdayCalendar


def _programme(engine: Engine) -> Programme:
    # one whose reference date sources are not the context's default
    for prog in engine.select(None):
        if tuple(prog.reference) != ("as_of",):
            return prog
    return engine.select(None)[0]


def test_programme_context_equals_the_one_built() -> None:
    engine = Engine.create()
    prog = _programme(engine)
    profile = Profile(id="p")
    shared = Shared()
    as_of = dt.date(2026, 3, 1)
    case = engine.context(
        profile, as_of=as_of, store=engine.params, calendar=WorkdayCalendar(), shared=shared
    )
    calendar = WorkdayCalendar(assume_unknown_years=True)
    made = for_programme(case, calendar, prog.reference)
    built = engine.context(
        profile,
        as_of=as_of,
        store=engine.params,
        calendar=calendar,
        programme=prog,
        shared=shared,
    )
    assert type(made) is Context
    assert made == built
    for field in attrs.fields(Context):
        assert getattr(made, field.name) is getattr(built, field.name) or (
            field.name == "labels" and made.labels == built.labels
        ), field.name
    assert made.calendar is calendar
    assert made.reference is prog.reference
    assert made.shared is shared
    assert case.calendar is not calendar
