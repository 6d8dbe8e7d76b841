""":class:`~talentkit.rules.ApplicationLimit` compiled: the order of applications.

One step over the other applications counts, per case, those the ``where`` filter
matches, those it leaves undecided, and (first come) those submitted strictly before this
one, on the same day, or undated. The status then follows the engine's thresholds; the
order reading and the limit are parameters, constant for the run.
"""

from __future__ import annotations

import polars as pl

from talentkit.batch.compile import (
    ALWAYS,
    CODE,
    EMPTY,
    FAIL,
    NA,
    NAMES,
    PASS,
    REVIEW,
    UNKNOWN,
    WAIVED,
    Compiled,
    ItemNames,
    NotCompilable,
    Scope,
    Step,
    absent_list,
    chain,
    compile_rule,
    compiles,
    date_fact,
    exact,
    fixed_names,
    gather_missing,
    is_,
    item_lists,
    lines_of,
    list_items,
    name_text,
    names,
    status_when,
    union_of,
    with_lines,
)
from talentkit.rules.order import APPLICATION_ORDERS, SAME_DAY, ApplicationLimit


@compiles(
    ApplicationLimit, "collection", "where", "limit", "order", "submitted", "item_date", "label"
)
def _(rule: ApplicationLimit, scope: Scope) -> Compiled:
    if scope.item is not None:
        # this application's date is the case's; inside a list it would be the item's
        raise NotCompilable("ApplicationLimit inside a list rule")
    limit, miss_limit = scope.const(rule.limit)
    order, miss_order = scope.const(rule.order)
    if miss_limit or not isinstance(limit, int) or isinstance(limit, bool):
        raise NotCompilable("application limit")
    if miss_order or order not in APPLICATION_ORDERS:
        raise NotCompilable("application order")  # the engine names the bad value
    first_come = order == "first_come"
    inner, coll, name = list_items(rule.collection, scope)
    if not name:
        return Compiled(pl.lit(UNKNOWN, dtype=CODE), names([(pl.lit(True), rule.collection)]))
    own = date_fact(scope, rule.submitted) if first_come else pl.lit(None, dtype=pl.Date())
    own_name = scope.full(rule.submitted)
    w = compile_rule(rule.where, inner) if rule.where is not None else None
    mt, d = pl.col(f"{name}_mt"), pl.col(f"{name}_d")
    items = {
        **dict(inner.defs),
        f"{name}_mt": w.status if w is not None else pl.lit(PASS, dtype=CODE),
        f"{name}_d": date_fact(inner, rule.item_date) if first_come else pl.lit(None),
    }
    lists = {f"{name}_dn": inner.full(rule.item_date)}
    match = is_(mt, PASS, WAIVED)
    undecided = ~is_(mt, FAIL, NA) & ~match
    # a matching item is ordered against this one only when this one's date is known
    dated = own.is_not_null()
    undated = match & dated & d.is_null()
    date_needed = pl.concat_list([pl.col(f"{name}_dn")])
    item_names = pl.when(undated).then(date_needed).otherwise(EMPTY)
    if w is not None and w.missing is not None:
        lists[f"{name}_wm"] = w.missing
        item_names = (
            pl.when(undated)
            .then(date_needed)
            .when(undecided)
            .then(pl.col(f"{name}_wm"))
            .otherwise(EMPTY)
        )
    gathered, gnull = gather_missing(undecided | undated, item_names)
    scope.steps.append(
        Step(
            name,
            coll,
            items,
            {},
            {
                f"{name}_yes": 0,
                f"{name}_open": 0,
                f"{name}_early": 0,
                f"{name}_same": 0,
                f"{name}_undated": 0,
                f"{name}_mis": [],
                f"{name}_mnull": False,
            },
            steps=inner.steps,
            sums={
                f"{name}_yes": match,
                f"{name}_open": undecided | undated,
                f"{name}_early": match & dated & (d < own),
                f"{name}_same": match & dated & (d == own),
                f"{name}_undated": undated,
            },
            # the names, from the items left open only
            named=[
                ItemNames(
                    undecided | undated,
                    item_lists(inner, lists),
                    {f"{name}_mis": gathered, f"{name}_mnull": gnull},
                )
            ],
        )
    )
    yes, open_ = pl.col(f"{name}_yes"), pl.col(f"{name}_open")
    early, same = pl.col(f"{name}_early"), pl.col(f"{name}_same")
    gathered_names = (
        pl.when(pl.col(f"{name}_mnull"))
        .then(pl.lit(None, dtype=NAMES))
        .otherwise(pl.col(f"{name}_mis"))
    )
    missing_coll = absent_list(coll, scope, rule.collection)
    one = pl.lit(1, dtype=pl.Int64())
    if not first_come:
        # every other application in conflict counts, whenever submitted
        status = scope.column(
            status_when(
                [
                    (missing_coll, UNKNOWN),
                    (yes + one > limit, FAIL),
                    (yes + open_ + one > limit, UNKNOWN),
                ],
                PASS,
            )
        )
        missing = chain(
            [
                (missing_coll, fixed_names([rule.collection])),
                (status == UNKNOWN, exact(gathered_names)),
            ],
            EMPTY,
        )
        return Compiled(status, missing)
    # without this application's date, others in conflict (or possibly so) cannot be
    # ordered: its date is needed, after what the undecided others need
    unordered = own.is_null() & ((yes > 0) | (open_ > 0))
    status = scope.column(
        status_when(
            [
                (missing_coll | unordered, UNKNOWN),
                (early + one > limit, FAIL),
                (early + open_ + one > limit, UNKNOWN),
                (early + same + one > limit, REVIEW),
            ],
            PASS,
        )
    )
    with_own = union_of([gathered_names, pl.concat_list([own_name])])
    missing = chain(
        [
            (missing_coll, fixed_names([rule.collection])),
            (unordered, _with_own_lines(with_own, gathered_names, own_name)),
            (status == UNKNOWN, exact(gathered_names)),
        ],
        EMPTY,
    )
    review = chain([(status == REVIEW, fixed_names([SAME_DAY.zh]))], EMPTY)
    return Compiled(status, missing, review)


def _with_own_lines(with_own: pl.Expr, gathered: pl.Expr, own_name: pl.Expr) -> pl.Expr:
    """``with_own`` (what the others need, then this application's date) with its entries:
    the others' names known per case, then the date's name where it is one name."""
    text = name_text(own_name)
    if text is None:
        return exact(with_own)
    return with_lines(with_own, [*(lines_of(exact(gathered)) or ()), (ALWAYS, text)])
