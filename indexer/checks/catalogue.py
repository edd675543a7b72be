"""The auditor's rule catalogue, as data: every check the audit runs, with a stable id, a Chinese
title, its severity when broken, its tolerance and the identity it verifies. The check modules
beside this one (within, between, prose, direction, hygiene, completeness) refer to rules only by
id, so a report, the audit page and the seeded-error bench all read titles from here.

Severity: a gap larger than the tolerance is 错误; a gap within rounding of the printed precision
(≤ 0.01 万元, or one unit of the last printed digit when coarser) is 提示, never 错误.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR, HINT = "错误", "提示"
ROUNDING = "差额 ≤ 0.01 万元（或末位 1 个单位）记为提示"


@dataclass(frozen=True)
class Rule:
    id: str
    family: str  # 表内 | 表间 | 说明与表格 | 增减用词 | 规范 | 完整性
    title: str
    severity: str  # severity when the identity fails beyond the tolerance
    tolerance: str
    identity: str


RULES: tuple[Rule, ...] = (
    Rule("R-BAL-01", "表内", "收入总计与支出总计相等", ERROR, ROUNDING, "收入总计 = 支出总计（同表同栏）"),
    Rule("R-BAL-02", "表内", "合计等于基本支出与项目支出之和", ERROR, ROUNDING, "合计 = 基本支出 + 项目支出（同行）"),
    Rule("R-BAL-03", "表内", "基本支出等于人员经费与公用经费之和", ERROR, ROUNDING, "基本支出 = 人员经费 + 公用经费（同行）"),
    Rule("R-BAL-04", "表内", "三公经费等于三项之和", ERROR, ROUNDING,
         "三公经费合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费"),
    Rule("R-BAL-05", "表内", "公务用车费等于购置费与运行费之和", ERROR, ROUNDING,
         "公务用车购置及运行费 = 公务用车购置费 + 公务用车运行维护费"),
    Rule("R-BAL-06", "表内", "上级科目等于下级科目之和", ERROR, ROUNDING, "类 = Σ款，款 = Σ项（按科目编码归集，同栏）"),
    Rule("R-BAL-07", "表内", "合计行等于各类之和", ERROR, ROUNDING, "合计 = Σ类级科目（同栏）"),
    Rule("R-XT-01", "表间", "同一科目在各表中数字一致", ERROR, ROUNDING,
         "同一科目编码、同一栏目、同一口径的表，数字相同"),
    Rule("R-XT-02", "表间", "三公经费、机关运行经费说明与表格一致", ERROR, "按说明所印精度",
         "说明中的三公经费及其各项、机关运行经费 = 表中对应数字"),
    Rule("R-TXT-01", "说明与表格", "说明中的金额与表格一致", ERROR, "按说明所印精度",
         "说明中某项的金额 = 表中该项的数字"),
    Rule("R-TXT-02", "说明与表格", "说明中的占比与金额相符", ERROR, "按百分比所印精度",
         "占比 = 该项金额 ÷ 所占总额 × 100%"),
    Rule("R-TXT-03", "说明与表格", "说明中的增减率与增减额相符", ERROR, "按百分比所印精度",
         "增长率 = 增减额 ÷ 上年数 × 100%，上年数 = 本年数 ∓ 增减额"),
    Rule("R-DIR-01", "增减用词", "持平与增减额相符", ERROR, "0.01 万元",
         "说“持平/无增减”时增减额为 0；增减额为 0 时不说增加或减少"),
    Rule("R-DIR-02", "增减用词", "同一句的增减方向一致", ERROR, "—",
         "“增加…万元”后不跟“下降…%”，“减少…万元”后不跟“增长…%”"),
    Rule("R-DIR-03", "增减用词", "金额为 0 的项目不说增加", ERROR, "—", "本年数为 0 时不能比上年增加或增长"),
    Rule("R-HYG-01", "规范", "表名年度与文件年度一致", ERROR, "—", "表名所印年度 = 文件年度"),
    Rule("R-HYG-02", "规范", "金额单位与总额量级相符", ERROR, "100 倍总额",
         "一张表的金额 ≤ 100 × 其他表的最大总计（元、万元印错相差 10000 倍）"),
    Rule("R-HYG-03", "规范", "没有未填写的占位符", ERROR, "—", "不出现 XX、××、待填写、“主要原因是。”等占位"),
    Rule("R-HYG-04", "规范", "占比在 0–100% 之间", ERROR, "—", "0 ≤ 占比 ≤ 100%，百分比不为负"),
    Rule("R-CMP-01", "完整性", "公开的标准表齐全", ERROR, "—",
         "预算/决算公开的标准表都出现（无内容的表须有“本单位无…”说明）"),
    Rule("R-CMP-02", "完整性", "空表有“无…”说明", HINT, "—", "没有数字的标准表，表内或说明中注明本单位无此项"),
)
BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

# The standard tables a disclosure must publish, per kind: a name and the words its title has
# (each alternative a tuple of words that must all appear) and must not have. "note" is the word
# a 本单位无… note for an empty table names.
STANDARD_TABLES: dict[str, tuple[tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...], str], ...]] = {
    "预算": (
        ("收支总表", (("收支", "总"),), ("财政拨款", "政府性基金", "国有资本", "三公"), ""),
        ("收入总表", (("收入", "总"),), ("收支", "政府性基金", "国有资本"), ""),
        ("支出总表", (("支出", "总"),), ("收支", "基本支出", "项目支出", "三公", "政府性基金", "国有资本", "一般公共"), ""),
        ("财政拨款收支总表", (("财政拨款", "收支"),), (), ""),
        ("一般公共预算支出表", (("一般公共预算", "支出"), ("财政拨款", "支出", "功能")),
         ("基本支出", "三公", "项目支出", "机关运行", "收支"), ""),
        # a 一般公共预算 table by economic classification carries what the 基本支出表 does (some templates)
        ("一般公共预算基本支出表", (("基本支出", "一般公共预算"), ("基本支出", "财政拨款"), ("一般公共预算", "经济分类")),
         ("项目支出",), ""),
        ("三公经费表", (("三公",),), (), "三公"),
        ("政府性基金预算支出表", (("政府性基金",), ("政府基金",)), (), "政府性基金"),
        ("国有资本经营预算支出表", (("国有资本经营",),), (), "国有资本经营"),
    ),
    "决算": (
        ("收入支出决算总表", (("收入支出", "决算", "总"),), ("财政拨款", "政府性基金", "国有资本"), ""),
        ("收入决算表", (("收入决算",),), ("支出",), ""),
        ("支出决算表", (("支出决算",),), ("收入", "基本支出", "三公", "政府性基金", "国有资本", "一般公共"), ""),
        ("财政拨款收入支出决算总表", (("财政拨款", "收入支出", "决算"),), ("一般公共",), ""),
        ("一般公共预算财政拨款支出决算表", (("一般公共预算", "支出", "决算"),), ("基本支出", "三公"), ""),
        ("一般公共预算财政拨款基本支出决算表", (("一般公共预算", "基本支出", "决算"),), (), ""),
        ("三公经费决算表", (("三公",),), (), "三公"),
        ("政府性基金预算财政拨款收入支出决算表", (("政府性基金",),), (), "政府性基金"),
        ("国有资本经营预算财政拨款支出决算表", (("国有资本经营",),), (), "国有资本经营"),
    ),
}

# A standard table some templates publish split in parts: present when every part's title is.
SPLIT_TABLES: dict[str, tuple[str, ...]] = {"支出总表": ("基本支出总表", "项目支出总表")}

# Within-row identities of budget tables: total column = Σ part columns, by leaf heading, plus the
# columns right of the parts whose heading has one of the trailing words (other kinds of spending).
_OTHER_SPENDING = ("支出", "经费", "资金")
COLUMN_IDENTITIES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("R-BAL-02", "合计", ("基本支出", "项目支出"), _OTHER_SPENDING),
    ("R-BAL-02", "合计", ("人员经费支出", "公用经费支出", "专项业务经费支出"), ()),
    ("R-BAL-03", "基本支出", ("人员经费", "公用经费"), ()),
    ("R-BAL-03", "小计", ("人员经费", "公用经费"), ()),
)

# 三公 components, as headings or row labels print them (brackets and quotes removed).
SANGONG_TOTAL = ("三公经费", "合计", "小计", "三公经费合计")
SANGONG_PARTS = {
    "abroad": ("因公出国境费", "因公出国境费用", "因公出国境"),
    "reception": ("公务接待费", "公务接待"),
    "cars": ("公务用车购置及运行费", "公务用车购置及运行维护费", "公务用车购置和运行维护费", "公务用车费", "小计"),
    "purchase": ("公务用车购置费", "购置费", "公务用车购置"),
    "running": ("公务用车运行维护费", "公务用车运行费", "运行费", "运行维护费"),
}
