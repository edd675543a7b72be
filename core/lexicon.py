"""The vocabulary of budget disclosures: generic to 部门预算 everywhere, never taken from one
document, each list once. Everything here is data; the logic that reads it lives in indexer/ and
qa_app/. (indexer/metadata.py still keeps its own _AGENCY_SUFFIX, the same kinds as AGENCY_KINDS,
until the helper that owns that file switches it over.)"""
from __future__ import annotations

# colloquial phrase -> the wording disclosures print (longest phrases are applied first)
ITEM_SYNONYMS: dict[str, str] = {
    "人员工资": "工资福利支出",
    "工资福利": "工资福利支出",
    "工资支出": "工资福利支出",
    "公车运行维护费": "公务用车运行维护费",
    "公车运维费": "公务用车运行维护费",
    "公车购置费": "公务用车购置费",
    "公车": "公务用车",
    "三公经费": "三公经费",
    "三公": "三公经费",
    "出国经费": "因公出国（境）费",
    "出国费": "因公出国（境）费",
    "接待费": "公务接待费",
    "日常办公经费": "公用经费",
    "办公经费": "公用经费",
    "日常公用经费": "公用经费",
    "公积金": "住房公积金",
    "机关运行费": "机关运行经费",
    "总收入": "收入总计",
    "收入总额": "收入总计",
    "预算收入": "收入总计",
    "总支出": "支出总计",
    "养老保险缴费": "机关事业单位基本养老保险缴费",
    "医保缴费": "职工基本医疗保险缴费",
    "项目经费": "项目支出",
    "奖励": "奖金",
    # how a year's spending is asked in plain words
    "一年花": "支出总计",
    "一年要花": "支出总计",
    "全年花": "支出总计",
    "一年支出": "支出总计",
    "全年支出": "支出总计",
    "一年的支出": "支出总计",
    "一年收入": "收入总计",
    "全年收入": "收入总计",
}
# the narrative's names for the people a body has (its headcount) and for its staffing quota
HEADCOUNT_NAMES = ("实有人员", "实有人数", "实有在编人员", "在编人员", "财政供养人员", "在职人员", "现有人员",
                   "在职职工", "职工人数")
STAFFING_NAMES = ("人员编制", "核定编制", "编制")
# a question about how many people a body has (有几个人, 多少名员工), and one asking per person (人均)
HEADCOUNT_CUES = r"几个人|多少个人|多少人|几名|多少名|人数|员工|工作人员|职工"
PER_PERSON = r"人均|平均每人|平均每个人|每人|每个人"

# the endings one item is printed with in different tables (…费 / …支出 / …费用)
ITEM_ENDINGS = {"支出": ("费", "费用"), "费用": ("费", "支出"), "费": ("支出", "费用")}

# headings of value columns a question can name; the first of each tuple is the canonical one
COLUMN_WORDS: list[tuple[str, ...]] = [
    ("基本支出",),
    ("项目支出", "专项业务经费支出", "专项业务经费"),
    ("人员经费", "人员经费支出", "人员支出"),
    ("公用经费", "公用经费支出", "公用支出"),
    ("政府性基金",),
    ("上年结转", "上年结转安排"),
]
# the income sources a 收入总表 prints as columns of each row (…收入里事业收入有多少); the 收支总表
# prints them as rows of their own
INCOME_SOURCES: list[tuple[str, ...]] = [
    ("事业收入",), ("其他收入",), ("经营收入",), ("财政专户",), ("上级补助收入", "上级补助"),
    ("附属单位上缴收入", "附属单位上缴"),
]
# words that qualify which figure of a row is asked without naming a column to pick (final accounts
# print 年初预算数, 调整预算数 and 决算数 side by side): the cited cell's labels must say them
FIGURE_QUALIFIERS: list[tuple[str, ...]] = [
    # a fund named in the question (一般公共预算支出里，2080505…): the cell's table or column says it
    ("一般公共预算", "财政拨款"),
    ("国有资本经营",),
    ("年初预算", "年初预算数"),
    ("调整预算", "调整预算数", "全年预算"),
    ("决算数", "决算", "执行数", "实际支出"),
    # the agency's own level, as against the department with its subordinate units
    ("本级",),
    *INCOME_SOURCES,
]
# the value-column headings of the standard 收入/支出 tables (收入总表, 支出总表, 收入决算表, 支出决算表 …): a
# word of a broken header is taken for a whole column name only when it is one of these
TABLE_COLUMN_NAMES = frozenset({
    "基本支出", "项目支出", "人员经费", "公用经费", "人员支出", "日常公用支出", "上缴上级支出", "经营支出",
    "对附属单位补助支出", "事业单位经营支出", "财政拨款收入", "财政拨款", "一般公共预算", "一般公共预算拨款收入",
    "政府性基金预算", "政府性基金预算拨款收入", "国有资本经营预算", "国有资本经营预算拨款收入", "财政专户管理资金",
    "财政专户管理资金收入", "单位资金", "事业收入", "事业单位经营收入", "经营收入", "上级补助收入", "附属单位上缴收入",
    "其他收入", "上年结转", "上年结转结余", "年初结转和结余", "年末结转和结余", "用事业基金弥补收支差额"})
# the parts a row's expenditure total is printed with: a total they contradict is a misprint
TOTAL_PARTS = ("基本支出", "项目支出")
# columns that hold a row's own total, preferred when a question names none
TOTAL_COLUMNS = ("合计", "总计", "决算数", "预算数", "金额", "项目金额", "本年收入", "小计", "数值", "总额")
# what is left of a question that asks for the budget as a whole, and the rows that state it
WHOLE_BUDGET = r"(?:部门|单位)?(?:预算)?(?:总额|总数|总计|总规模|规模)?(?:一共|共|总共)?"
BUDGET_TOTAL_ROWS = ("收入总计", "支出总计", "总计")
# the bare totals of a table (its 合计/总计 row or column), named by no item of their own
GRAND_TOTALS = ("合计", "总计")
TOTAL_ROWS = (*GRAND_TOTALS, "本年支出合计", "支出总计", "本年收入合计", "收入总计")
# row labels that name no item of their own: a question never names a row by them alone
GENERIC_LABELS = frozenset({"合计", "小计", "总计", "其他", "数值", "其中", "项目", "金额", "预算数"})
# a name that says it is the whole of something (全部支出, 支出总额): a total row or total column
WHOLE_WORDS = r"全部|总计|总额|合计|所有|^总|总支出|总收入"
# names of a budget's own totals a change question may ask about (…比上年增加多少)
YOY_TOTAL_NAMES = ("预算支出", "预算收入", "收入总计", "支出总计", "收入预算", "支出预算", "一般公共预算拨款支出",
                   "一般公共预算支出", "当年拨款", "财政拨款收入", "财政拨款", "收入总合计", "收入")
# a change question naming only 支出 or 收入 (支出比上年增加了多少) asks about the budget's total
BARE_TOTALS = {"支出": ("预算支出", "支出预算", "支出总计", "总支出"), "预算": ("预算支出", "支出预算", "支出总计"),
               "收入": ("预算收入", "收入预算", "收入总计", "总收入")}
# a change question asks for the amount even when it also asks why (…增加了多少？为什么？)
CHANGE_AMOUNT_ASKED = (r"(?:(?:比|较|与)(?:上年|去年|上一年|\d{4}年)[^？?。，,]{0,8}?|同比)"
                       r"(?:增加|减少|增长|下降|上升|降低|变化|增减|多|少)了?(?:百分之)?(?:多少|几)")
# the kinds of unit a classification names (行政单位医疗, 事业单位离退休): no agency's descriptor
UNIT_CLASSES = r"行政|事业|机关|企业|参公|其他|本"
REASON_ASKED = r"为什么|原因|为何|为啥|怎么回事"

# what a body's name ends with, from how agencies name themselves anywhere
AGENCY_KINDS = ("局", "中心", "委员会", "办公室", "医院", "学校", "管理处", "服务站", "服务部",
                "院", "所", "站", "队", "处", "馆", "厅", "委", "社", "办")
# the kinds a phrase of free text is taken as a body by: one character such as 处, 办 or 所 also
# ends ordinary words (用处, 住所), so a question's phrase needs a longer kind; no budget word ends in 局
SPOKEN_AGENCY_KINDS = tuple(k for k in AGENCY_KINDS if len(k) >= 2 or k == "局")

# the 三公 items: a table of their own (三公经费表) prints each whole, a 基本支出 table only its basic part
SANGONG_ITEMS = ("因公出国（境）费", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置及运行维护费",
                 "公务用车购置费", "公务用车运行费", "公务用车运行维护费", "三公经费")
# tables that print only a part of an item (its basic expenditure, its 机关运行 part)
PART_TABLES = r"基本支出|机关运行"
# a ranking or comparison whose answer is an agency (哪家 … 最多), not an item of one document
AGENCY_ASKED = (r"哪家|哪一家|哪个单位|哪个部门|哪一个单位|哪一个部门|谁|几家|各单位|各部门|单位中|单位里|部门中|部门里"
                r"|哪个(?:" + "|".join(k for k in AGENCY_KINDS if len(k) >= 2 or k in "局院委") + ")")
# how a question names the agencies it compares (这五家医保单位里, 各部门中): no item of theirs
AGENCY_GROUP = r"[这那]?(?:[一二三四五六七八九十两几\d]+家)?[\u4e00-\u9fff]{0,4}?(?:单位|部门|家)(?:里|中|之中|当中)"
# 比重 as the share asked («占支出的比重», «比重是多少»), not 比 before a name that begins with 重
# («A比重大公共卫生服务多多少» is a difference)
SHARE_WORD = r"(?:的|占|所占)比重|比重(?=是|为|有|多|几|大约|约|[？?，,。]|$)"
# a gap asked without a direction (A和B相差多少, 差距多大): its size, whichever is larger
GAP_ASKED = r"相差|差距|差多少|差了多少|差几"
# items named one by one (A、B和C加起来): what separates them, and the words after the list that
# say what to do with them (加起来, 中哪一项最多, 多多少, 的比例)
NAMED_SEPARATORS = r"以及|加上|、|和|与|及|跟|(?<![增附参追施叠])加(?![起在班])"
NAMED_LIST_END = (r"加起来|加在一起|一共|共计|总共|合计|之和|的和|总和|相加|两项|三项|几项|当中|之中"
                  r"|[中里](?=[，,]?(?:哪|谁|最|金额最|预算最))|哪一?[项个类样种]|谁|差额|" + GAP_ASKED
                  + r"|[多少高低](?:多少|出多少|了多少)|[多少](?:花|用|支出)了?多少|的比例|比例|" + SHARE_WORD
                  + r"|占比|百分之|几成|分别|是多少|多少|最[多少高低大小]"
                  r"|的?(?:几倍|多少倍)")

# a change against another year, in the narrative: its words and the context that says so
CHANGE_WORDS = r"增|减|比|较|上年|去年|同比|下降|持平"
FALL_WORDS = ("减少", "下降", "降低")
# a question that says the direction of a fall (少了多少, 下降了多少): its answer is the size of the fall
# a difference asked with the direction of a rise (A比B多多少): its sign is the answer's
RISE_ASKED = r"多多少|多(?:花|用|支出)?了多少|高多少"  # 决算比年初预算多花了多少
FALL_ASKED = (r"减少|下降|降低|缩减|压减|(?<!增)减(?:了|多少|几)|(?<!多)少(?:花|用|支出)?(?:了|多少|几)|降幅"
              r"|(?<!降)低(?:了|多少|出多少)")
CHANGE_DIRECTION = r"(?P<dir>增加|减少|增长|下降|上升|降低)"
YOY_CONTEXT = r"比上年|较上年|比去年|较去年|比\d{4}年|较\d{4}年|同比|增减情况"

# words that, in a table title, say what the table covers
TABLE_SCOPE_WORDS = ("收入", "支出", "基本支出", "项目支出", "一般公共预算", "财政拨款", "三公", "政府采购",
                     "经济分类", "功能分类", "绩效", "上年结转", "机关运行")

# a ratio asked as a multiple (A是B的几倍), not as a percentage
TIMES_ASKED = r"几倍|多少倍|倍数"
# the year before the document's, asked of a figure (上一年的会议费预算, 前一年)
PRIOR_YEAR_CUES = r"上年|去年|上一年|前一年|上一个?年度"
INTENT_CUES: dict[str, str] = {
    "definition": r"是什么意思|指什么|指的?是(?:什么|哪)|是(?:什么|啥)(?:钱|费用|经费|东西)|是指|什么是"
                  r"|怎么定义|如何定义|定义|名词解释|的解释|怎么解释|含义",
    "list": r"哪些|列出|都有什么|哪几个|哪几项",
    "ranking": r"最大|最多|最高|最少|最低|排名|排第|前三|前五",
    "comparison": (r"哪个多|哪个大|哪个高|谁的.*(?:大|多|高)|谁.*(?:更|最)|哪家.*(?:多|大|高)|更(?:大|多|高|少|低)"
                   r"|比较|谁高|谁多|谁大"),
    "yoy": r"比上年|较上年|比去年|较去年|同比|" + PRIOR_YEAR_CUES
           + r"|增长了?百分之几|增长了?多少百分比|增幅|降幅|增长率|比\d{4}年",
    "ratio": (r"占.{0,20}(?:比例|比重|百分之几|百分比|多少|几成)"
              r"|(?:相当于|是)[^，,。？?]{1,20}?的(?:百分之|百分比|比例|比重)|占比|比例是|" + SHARE_WORD + "|"
              + TIMES_ASKED),
    "difference": (r"多多少|少多少|[多少](?:花|用|支出)?了?多少|差额|[高低]了?多少|(?:多|高|超)出来?了?多少|"
                   + GAP_ASKED),
    "sum": (r"加起来|一共|共计|总共|两项.*合计|之和|加上|加在一起|合计多少"
            r"|[和与及、][^，,。？?]{1,20}合计(?:是|有|为)多少"),
    "description": (r"职责|职能|干什么|做什么|负责什么|机构|内设|性质|级别|隶属|成立|原因|为什么|目标|任务|用途|用于"
                    r"|主要内容|情况如何|怎么样"),
}
# descriptive however a number may be mentioned: why, what for, what kind of body
# Measure words a count or other non-money quantity is printed with (人, 辆, 场, 平方米 …): a figure with
# one of them is never money, and a question 多少/几 + one of them asks for that quantity.
MEASURE_WORDS = tuple("""万人次 人次 万人 人 名 辆 个 家 份 次 项 户 万平方米 平方米 件 所 场 台 套 篇 条 册 本 张
    期 天 个月 小时 分钟 工作日 万页 页 公里 千米 吨 座 间 批 床 课时 学时 人天""".split())
MEASURE = "|".join(sorted(MEASURE_WORDS, key=len, reverse=True))
# What happens to things in a year (购置 1 辆, 接收调拨车辆 2 辆), as opposed to how many there are
# (共有车辆 5 辆): a count of one is no answer to a question about the other
FLOW_WORDS = r"购置|购买|新购|新增|更新|报废|处置|采购|配备|配置|接收|调拨|调入|调出|划转|淘汰|减少|增加"
# The levels a 绩效目标表 files its indicators under (一级 / 二级指标), printed before each indicator's
# own name; never the name of what is measured.
INDICATOR_LEVELS = (r"(?:产出|效益|成本|满意度|经济成本|社会成本|生态环境成本|数量|质量|时效|经济效益|社会效益"
                    r"|生态效益|可持续影响|服务对象满意度|满意)指标")
STRONG_DESCRIPTION = (r"原因|为什么|职责|职能|性质|隶属|成立|绩效目标是什么|目标是什么|要实现什么|用途是什么"
                      r"|(?:花|用)在(?:哪|什么)|用于(?:哪|什么)|干什么用|做什么用")
NUMERIC_CUES = r"多少|几|金额|数额|预算数|决算数|执行数|完成率|执行率|安排了|是多少|有多少|花了|花多少|钱"
# how a question asks for a target's bound (不少于 160 次: the indicator's ≥ 160)
BOUND_WORDS = r"不少于|不低于|不超过|不高于|至少|最少要|以上|以内|以下"
PERCENT_CUES = r"百分之几|百分之多少|百分比|%|增幅|降幅|增长率|比例|占比|几成|" + SHARE_WORD
# questions no budget disclosure answers, whatever the agency
OUT_OF_SCOPE = (r"天气|比特币|股价|写一首|写诗|诗歌|笑话|谁是|是谁|姓名|叫什么名字|名字是什么|电话号码"
                r"|报销比例|能报销|报销多少")
FINAL_ACCOUNTS = r"决算|实际支出|执行数|实际执行|实际花|实际使用"
# last year's outturn as the baseline a budget compares with (比上年执行数增加): no 决算 asked of it
PRIOR_OUTTURN = r"上年(?:度)?(?:执行数|决算数?|实际执行数?)"
# How final accounts label an item's figures by stage, in its sentences (年初预算10.00万元，支出决算
# 12.00万元，完成年初预算的120%); longer labels first, each key a stage a question can ask
STAGE_LABELS: tuple[tuple[str, str], ...] = (
    ("完成率", r"完成(?:了)?(?:年初|全年|调整后?的?)?预算(?:数)?的|执行率为?|完成率为?"),
    ("年初预算", r"年初预算(?:数)?"),
    ("调整预算", r"调整(?:后的?)?预算(?:数)?|全年预算(?:数)?"),
    ("决算数", r"(?:支出|收入)?决算(?:数)?|(?:全年)?执行数|实际支出"),
    ("预算数", r"预算(?:数)?"),
)
STAGE_KEYS = frozenset(key for key, _ in STAGE_LABELS)
# a Chinese numeral as headings number items (（三）, 十二、)
NUMERAL = "[一二三四五六七八九十]{1,3}"
# a part asked as an amount (…里项目支出占了多少万元): a lookup of the part, not a share
PART_AMOUNT_ASKED = r"占了?(?:多少|几)(?:万|亿)?元"
# a question asking how much of its budget an item used (完成了年初预算的百分之几, 执行率)
STAGE_RATE_ASKED = r"完成率|执行率|完成(?:了)?[^，。？?]{0,6}?预算的?(?:百分之(?:几|多少)|百分比|比例|多少|几)"
# 预算 as the name of a fund (一般公共预算拨款) says nothing about the stage of a figure
FUND_BUDGET = r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算"
# «…会议费、培训费表里»: the words up to 表里 name the table (its title lists items), not the item asked
TABLE_LOCATIVE = r"[^，,。？?\s]{2,}?表(?:里|中|内|上)的?"
# a question that asks for an item's whole figure, over every fund (支出总计, 全部资金)
WHOLE_ASKED = r"总计|合计|全部|总共|一共|总额|所有资金"
# the funds a table may be limited to: an item's figure in such a table is only that fund's part
FUNDS = r"一般公共预算|政府性基金|国有资本经营|社会保险基金|财政拨款|财政专户|事业收入"
# a fund or part the question leaves out («不是财政拨款安排的», «除基本支出以外»): it asks for the rest, which
# no cell of that fund or part states
EXCLUDED_SCOPE = (r"(?:不是|并非|不属于|除了?|不算|不包括|扣除|剔除)由?(" + FUNDS + "|基本支出|项目支出|上年结转)|("
                  + FUNDS + r"|基本支出|项目支出|上年结转)(?:安排)?(?:以外|之外)")
# the two sides of a budget: a figure of one never answers a question about the other
SIDES = ("收入", "支出")
# a question about the budget itself, which a 决算 document answers only with its 决算 figures
BUDGET_WORDS = r"预算"
# words every question and passage share; they say nothing about relevance
STOP_WORDS = frozenset({"文件", "公开", "说明", "单位", "部门", "主要", "情况", "多少", "哪些", "什么", "怎么", "如何",
                        "预算", "有哪些", "是什么", "名词解释", "解释", "定义", "意思", "包括", "指什么"})
# Words of a question that name no particular item (what kind of figure, whose, asked how): the rest of
# the question must be accounted for by the cited row, column, table title or sentence.
FIGURE_WORDS = ("预算", "决算", "支出", "收入", "安排", "经费", "资金", "金额", "费用", "部门", "单位", "本级", "本年",
                "今年", "当年", "年度", "全年", "一年", "合计", "总计", "总额", "总共", "一共", "共计", "共", "数额",
                "数", "是", "为", "有", "在", "中", "里", "其中", "用于", "花", "钱", "元", "万元", "情况", "科目",
                "编码", "功能", "经济", "分类", "类", "款", "项", "安排了", "多", "少", "最", "大", "高", "低",
                "小", "哪", "一", "加", "起来", "和", "与", "及", "以及", "占", "比", "比例", "比重", "百分之",
                "计划", "目标", "实际", "拨款", "财政", "年", "表", "公开", "列支", "开支", "用", "给", "拿",
                "花了", "要", "能", "该", "这", "那", "它", "其", "各", "所有", "全部", "总", "额",
                "指标", "指标值", "值", "达到", "多少钱", "几", "了", "呢", "吗", "部分", "方面", "口径", "规模")
QUESTION_NOISE = (r"请问|请|帮我|一下|是多少|有多少|多少钱|多少|是什么|什么|哪些|哪个|哪项|哪家|的|了|呢|吗"
                  r"|？|\?|。|，|,|！")

# a question about the parts of a figure (三公经费各项分别是多少, 基本支出的构成): answered by the rows
# under it that add up to it
COMPOSITION_CUES = r"构成|组成|各项|各是多少|分别(?:是|为)?多少|由哪些|包括哪些|包含哪些"
