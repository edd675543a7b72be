"""The 说明 against the tables and against itself: a headline amount against the table cells
for that item (R-TXT-01; 三公 and 机关运行经费 R-XT-02), a share against its amounts (R-TXT-02),
a growth rate against its change amount (R-TXT-03)."""
from __future__ import annotations

import re
from decimal import Decimal

from indexer.checks.base import Audit, in_unit, item_location, money, squeeze_name, text_location
from indexer.checks.statements import Figure, changes, passages, shares
from indexer.numbers import PROSE_AMOUNT, UNIT_FACTORS, parse_amount

# The headline items a 说明 states and a table prints; the first group is the 三公 family.
_SANGONG_ITEMS = ("三公经费", "因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费",
                  "公务用车购置及运行维护费", "机关运行经费")
_OTHER_ITEMS = ("基本支出", "项目支出", "人员经费", "公用经费", "收入总计", "支出总计")
# A figure introduced by one of these is a change or last year's figure, not the item's amount.
_NOT_THE_AMOUNT = re.compile(r"增|减|比|较|上年|去年|同比|下降|增长|变化|持平")
_TOTAL_ROW = re.compile(r"^(?:合计|总计|本年支出合计|本年收入合计|支出总计|收入总计|)$")
_MEASURE_ROW = re.compile(r"^(?:(?:19|20)\d{2}年(?:度)?)?(?:年初)?(?:预算|决算|执行)?数?$")
_PROSE_FIGURE = re.compile(r"^(?P<gap>[^\d。；，,（(]{0,8}?)" + PROSE_AMOUNT)


def _column_names(item, key: str) -> bool:
    """True when the cell is the item's figure by its column: a total row (or a row of one measure,
    预算数/决算数/a year, as vertical 三公 tables print) under the item's heading, or under a 小计
    of that heading."""
    if not (_TOTAL_ROW.match(item.row_name) or _MEASURE_ROW.match(squeeze_name(item.row_name))):
        return False
    leaf = squeeze_name(item.column)
    return key in leaf or (key in squeeze_name(item.column_path).split("/") and leaf in ("小计", "合计", "总计"))


def _not_headline(before: str, gap: str) -> bool:
    """True when the figure after an item name is not that item's headline amount: a change or
    last year's figure, a figure inside a parenthesis about last year, or a sub-item's figure
    (the clause names a 类/款/项 before the item)."""
    clause = re.split(r"[。；;，,：:]", before)[-1]
    if _NOT_THE_AMOUNT.search(gap + before[-12:]) or re.search(r"[（(][类款项][)）]", clause):
        return True
    opened = max(before.rfind("("), before.rfind("（"))
    return opened > max(before.rfind(")"), before.rfind("）")) and bool(_NOT_THE_AMOUNT.search(before[opened:]))


def _name_pattern(name: str) -> str:
    return re.escape(name).replace("（", "[（(]").replace("）", "[)）]").replace("三公", "[“\"]?三公[”\"]?")


# A sentence naming one of these speaks of that fund's figures, not of all funds'.
_FUND_SCOPES = ("一般公共预算", "财政拨款", "政府性基金")


def _scopes(section, text: str, at: int) -> set[str]:
    """The funds the sentence at `at` is about: named in its heading or its sentence, or, for a
    sentence opening with 其中, in the sentence it details."""
    start = max(text.rfind(c, 0, at) for c in "。；;") + 1
    if text[start:at].lstrip().startswith("其中"):
        start = max(text.rfind(c, 0, max(start - 1, 0)) for c in "。；;") + 1
    context = section.title + text[start:at]
    return {w for w in _FUND_SCOPES if w in context}


def _table_figures(items, name: str, scopes: set[str]) -> tuple[list, bool]:
    """The cells printing the item's figure, and whether they are only part of it. A sentence
    about one fund is held to that fund's tables only. A 三公 item's row of economic classification
    (30217 公务接待费) is not the item as the 三公 table prints it: in a 基本支出 or 机关运行经费 table
    it is the basic-spending part (项目支出 may add to it), a lower bound; elsewhere no measure."""
    key = squeeze_name(name)
    cells = [i for i in items if key == squeeze_name(i.row_name) or _column_names(i, key)]
    if name in _OTHER_ITEMS and scopes:
        cells = [i for i in cells if any(w in i.table for w in scopes)]
    if name not in _SANGONG_ITEMS or name == "机关运行经费":
        return cells, False
    wholes = [i for i in cells if not i.row_code]
    return (wholes, False) if wholes else ([i for i in cells if re.search("基本支出|机关运行", i.table)], True)


def check_amounts(audit: Audit) -> None:
    items = money(audit.doc.items)
    for index, section in enumerate(audit.doc.sections):
        whole_text = section.text.replace("\n", "")
        joined = 0  # where this line starts in the section's text with its line breaks left out
        for offset, text in enumerate(section.text.split("\n")):
            line = section.text_lines[offset] if offset < len(section.text_lines) else section.line_start
            joined += len(text)
            for name in _SANGONG_ITEMS + _OTHER_ITEMS:
                rule = "R-XT-02" if name in _SANGONG_ITEMS else "R-TXT-01"
                for m in re.finditer(_name_pattern(name), text):
                    fig = _PROSE_FIGURE.match(text[m.end():])
                    if not fig or _not_headline(text[: m.start()], fig.group("gap")):
                        continue
                    printed = fig.group("num").replace("，", ",")
                    amount = parse_amount(printed)
                    if amount is None:
                        continue
                    unit = fig.group("unit")
                    stated = amount.value * UNIT_FACTORS[unit]
                    start = joined - len(text) + m.end() + fig.start("num")
                    matches, part = _table_figures(items, name, _scopes(section, whole_text, start))
                    if not matches:
                        continue
                    said = text_location(audit.doc, line, name, amount.text)
                    # a rounded figure is within half its last printed digit of the exact one
                    slack = Decimal("0.5").scaleb(-len(amount.text.partition(".")[2])) * UNIT_FACTORS[unit]
                    tolerance = max(slack, Decimal(100))
                    bands = [((i.value_yuan - tolerance) / UNIT_FACTORS[unit],
                              Decimal("Infinity") if part else (i.value_yuan + tolerance) / UNIT_FACTORS[unit])
                             for i in matches]
                    near = [i for i, (lo, hi) in zip(matches, bands) if lo <= amount.value <= hi]
                    if near:
                        audit.passed(rule, [said, item_location(near[0])],
                                     marks={"amount": (index, start, start + len(fig.group("num")))},
                                     accepts=tuple(bands))
                        continue
                    ref = min(matches, key=lambda i: abs(i.value_yuan - stated))
                    audit.report(rule, "prose_vs_table",
                                 f"说明文字中「{name}」为 {fig.group('num')}{unit}，表格为 {ref.value}{ref.unit or ''}"
                                 + ("（基本支出部分，说明数不应更小）" if part else ""),
                                 item_location(ref), said, value_a=in_unit(ref.value_yuan, ref.unit),
                                 value_b=in_unit(stated, ref.unit), difference=in_unit(ref.value_yuan - stated, ref.unit))


def _percent_gap(stated: Figure, computed: Decimal, spread: Decimal) -> bool:
    """True when a printed percentage cannot be the rounding of the computed one: more than half
    its last digit away, plus what rounding of the amounts it came from can move it (`spread`)."""
    return abs(stated.value - computed) > stated.step / 2 + spread


def _band(stated: Figure, computed: Decimal, spread: Decimal) -> tuple[Decimal, Decimal]:
    """The printed percentages _percent_gap lets pass."""
    return computed - stated.step / 2 - spread, computed + stated.step / 2 + spread


def _rate(c, amount: Figure, prior: bool) -> tuple[Decimal, Decimal] | None:
    """The rate the change makes on `amount` (this year's, or last year's when its clause says so),
    and how far rounding of the printed figures can move it; None without a positive base."""
    if prior:
        last = amount.yuan
    else:
        last = amount.yuan - c.change.yuan if c.rises else amount.yuan + c.change.yuan
    if last <= 0:
        return None
    spread = (amount.step * UNIT_FACTORS[amount.unit] + c.change.step * UNIT_FACTORS[c.change.unit]) / last * 100
    return c.change.yuan / last * 100, spread


def check_growth(audit: Audit) -> None:
    """R-TXT-03: 增长Y% = X ÷ (A ∓ X); the change is X, this year's amount A (the amount before the
    change, or the sentence's opening amount when a 其中 list stands between)."""
    for p in passages(audit.doc):
        for c in changes(p):
            if c.percent is None or c.percent_rises is None or c.percent_rises != c.rises:
                continue  # no rate, or the direction words disagree (R-DIR-02 says so)
            fits = [(a, r) for a, prior in ((c.amount, c.prior), (c.lead, c.lead_prior))
                    if a is not None and (r := _rate(c, a, prior)) is not None]
            if not fits:
                continue
            amount, (computed, spread) = next(((a, r) for a, r in fits if not _percent_gap(c.percent, *r)), fits[0])
            locations = [text_location(audit.doc, f.line, "增减率", f.text + f.unit, col)
                         for f, col in ((c.percent, "增减率"), (c.change, "增减额"), (amount, "本年数"))]
            if not _percent_gap(c.percent, computed, spread):
                audit.passed("R-TXT-03", locations, marks={"percent": (p.section, *c.percent.span)},
                             accepts=tuple(_band(c.percent, *r) for _, r in fits))
                continue
            audit.report("R-TXT-03", "growth_rate",
                         f"说明中增减率 {c.percent.text}% 与增减额 {c.change.text}{c.change.unit}、本年数 "
                         f"{amount.text}{amount.unit} 不符（应为 {computed:.2f}%）",
                         locations[0], locations[1], value_a=f"{c.percent.text}%", value_b=f"{computed:.2f}%",
                         difference=f"{c.percent.value - computed:.2f}%", addends=locations[2:])


def check_shares(audit: Audit) -> None:
    """R-TXT-02 (占Y% = A ÷ whole) and R-HYG-04 (a share outside 0–100%)."""
    for p in passages(audit.doc):
        for s in shares(p):
            said = text_location(audit.doc, s.percent.line, s.whole_name or "占比", s.percent.text + "%", "占比")
            amount = text_location(audit.doc, s.amount.line, "金额", s.amount.text + s.amount.unit, "金额")
            marks = {"percent": (p.section, *s.percent.span)}
            if not 0 <= s.percent.value <= 100:
                audit.report("R-HYG-04", "percent_range", f"占比 {s.percent.text}% 不在 0–100% 之间", said, amount)
            else:
                audit.passed("R-HYG-04", [said], marks=marks, accepts=((Decimal(0), Decimal(100)),))
            if s.whole is None or s.whole.yuan <= 0:
                continue
            computed = s.amount.yuan / s.whole.yuan * 100
            spread = (s.amount.step * UNIT_FACTORS[s.amount.unit] / s.whole.yuan
                      + s.amount.yuan * s.whole.step * UNIT_FACTORS[s.whole.unit] / s.whole.yuan ** 2) * 100
            whole = text_location(audit.doc, s.whole.line, s.whole_name or "总额", s.whole.text + s.whole.unit, "总额")
            if not _percent_gap(s.percent, computed, spread):
                audit.passed("R-TXT-02", [said, amount, whole], marks=marks,
                             accepts=(_band(s.percent, computed, spread),))
                continue
            audit.report("R-TXT-02", "share", f"说明中占比 {s.percent.text}% 与金额 {s.amount.text}{s.amount.unit}"
                         f" ÷ {s.whole.text}{s.whole.unit} 不符（应为 {computed:.2f}%）", said, amount,
                         value_a=f"{s.percent.text}%", value_b=f"{computed:.2f}%",
                         difference=f"{s.percent.value - computed:.2f}%", addends=[whole])


CHECKS = (check_amounts, check_growth, check_shares)
