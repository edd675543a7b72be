"""Direction words against the figures they describe: 持平 with a change, 增加…下降 in one
sentence, an item of 0 said to have grown (R-DIR-01 … R-DIR-03)."""
from __future__ import annotations

from indexer.checks.base import Audit, text_location
from indexer.checks.catalogue import HINT
from indexer.checks.statements import changes, levels, passages


def _at(audit: Audit, f, column: str):
    return text_location(audit.doc, f.line, column, f.text + f.unit, column)


def check_direction(audit: Audit) -> None:
    for p in passages(audit.doc):
        for c in changes(p):
            change, amount = _at(audit, c.change, "增减额"), _at(audit, c.amount, "本年数")
            if c.percent is not None and c.percent_rises is not None:
                if c.percent_rises == c.rises:
                    audit.passed("R-DIR-02", [change, _at(audit, c.percent, "增减率")],
                                 marks={"word": (p.section, *c.word), "rate": (p.section, *c.rate)})
                else:
                    audit.report("R-DIR-02", "direction", f"同一句中增减方向相反：「{c.words}」",
                                 change, _at(audit, c.percent, "增减率"), addends=[amount])
            if c.prior:
                pass  # last year's amount may well be 0
            elif c.amount.value == 0 and c.rises and c.change.value:
                audit.report("R-DIR-03", "zero_change", f"本年数为 0，却说{c.words}", amount, change)
            elif c.amount.value == 0 or c.rises:
                # a rise from an amount not 0 passes too: this year's figure is what a 0 would break
                breakable = c.amount.value and c.change.value
                audit.passed("R-DIR-03", [amount, change],
                             marks={"amount": (p.section, *c.amount.span)} if breakable else None)
            if c.change.value == 0:
                audit.report("R-DIR-01", "level", f"增减额为 0，却说{c.words}", change, amount, severity=HINT)
        for lv in levels(p):
            amount = _at(audit, lv.amount, "本年数")
            if lv.change is None or lv.change.value == 0:
                audit.passed("R-DIR-01", [amount])
                continue
            audit.report("R-DIR-01", "level", f"说{lv.word}，但同句增减额为 {lv.change.text}{lv.change.unit}",
                         _at(audit, lv.change, "增减额"), amount)


CHECKS = (check_direction,)
