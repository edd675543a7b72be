"""Answer templates: every sentence the product says is here, so wording can change (or an
optional LLM can rephrase) without touching the logic. Figures are filled in only from evidence."""

LOOKUP = "根据{agency}{year}年{kind}公开文件《{table}》，{item}{column}为 {value}{unit}{extra}（第{line}行）。"
# what a figure stated in the narrative is cited as, where a table title would stand
PROSE_SOURCE = "说明部分"
LOOKUP_PROSE = "根据{agency}{year}年{kind}公开文件的说明部分，{item}为 {value}{unit}{extra}（第{line}行）。"
MULTI_DOC = "问题未指明单位，{n} 份文件中均有「{item}」：{parts}。请指明要问哪个单位。"
MULTI_DOC_PART = "{agency}{year}年 {value}{unit}（{doc} 第{line}行）"
SUM = "{agency}{year}年：{formula} = {value}{unit}。"
DIFFERENCE = "{agency}{year}年：{formula} = {value}{unit}。"
# A比B多多少 with A below B: the user is told A is less, by how much, rather than a bare minus sign
DIFFERENCE_LESS = "{agency}{year}年：{formula} = −{shown}{unit}，即{first}比{second}少 {shown}{unit}。"
SHORTFALL = "{agency}{year}年：{formula} = {value}{unit}，即{first}比{second}少 {value}{unit}。"
SHORTFALL_MORE = "{agency}{year}年：{formula} = −{shown}{unit}，即{first}比{second}多 {shown}{unit}，并不少。"
RATIO = "{agency}{year}年：{formula} = {value}%。"
TIMES = "{agency}{year}年：{formula} = {value}倍。"
YOY_PERCENT = "{agency}{year}年{item}为 {current}{unit}，比上年{direction} {delta}{unit}，{how}{value}%（第{line}行）。"
YOY_PRIOR = "{agency}{year}年{item}为 {current}{unit}，比上年{direction} {delta}{unit}，推算上年为 {formula} = {value}{unit}（第{line}行）。"
YOY_DELTA = "{agency}{year}年{item}比上年{direction} {value}{unit}（第{line}行）。"
RANKING = "{scope}中{which}的是「{item}」，{value}{unit}（{source}第{line}行）。依次为：{order}。"
COMPARISON = "{winner}更{more}：{order}。"
LIST = "{agency}{year}年《{table}》列出 {n} 项：{names}。"
COMPOSITION = "{agency}{year}年《{table}》中{item}为 {value}{unit}（第{line}行），由以下 {n} 项构成：{names}。"
DEFINITION = "{agency}{kind}公开文件「{section}」（第{line_start}-{line_end}行）：{quote}"
DESCRIPTION = "{agency}{kind}公开文件「{section}」（第{line_start}-{line_end}行）：{quote}"
CONFLICT = "注意：《{table}》第{line}行该项为 {value}{unit}，与上述数字不一致。"
FINDING = "注意：{message}（第{line_a}行 {value_a}，第{line_b}行 {value_b}）。"
UNIT_NOTE = "（约合 {converted}{unit2}）"

REFUSE_UNKNOWN_AGENCY = "已索引的预算公开文件中没有「{agency}」。现有单位：{known}。"
REFUSE_YEAR = "已索引的文件中没有{agency}{year}年的预算；现有年份：{years}。"
REFUSE_CODE = "{agency}{year}年{kind}公开文件中没有科目编码 {code}。"
REFUSE_OPERANDS = ("在{agency}{year}年{kind}公开文件中没有找到「{missing}」的数字，无法对所问的 {named} 计算"
                   "（不会略去其中任何一项）。")
REFUSE_NOT_TOGETHER = ("{agency}{year}年{kind}公开文件中，「{part}」与「{whole}」不在同一张表的同一行或同一列，"
                       "无法确定前者是后者的一部分，因此不计算占比。")
PER_PERSON = "{agency}{year}年人均：{formula} = {value}{unit}/人。"
HEADCOUNT = "实有人数"
NAMED_SCOPE = "{agency}{year}年所问的 {n} 项"
REFUSE_ITEM = "在{agency}{year}年{kind}公开文件中没有找到「{item}」的数字，无法回答。"
REFUSE_OUT_OF_SCOPE = "这个问题不在预算公开文件的范围内，无法据此回答。"
REFUSE_FINAL = "已索引的{agency}文件是{kind}（{year}年），不含决算或实际执行数。"
REFUSE_FINAL_ALL = "已索引的文件都是预算（年初预算）文件，不含决算或实际执行数。"
# a budget question answered from final accounts: the figures are the year's 决算 tables
KIND_IS_FINAL = "已索引的{agency}文件是{kind}（{year}年），不是预算文件；以下数字取自该决算。"
NOT_DISCLOSED = "文件中提到了相关内容，但没有公开「{item}」的具体数字，无法回答。"
REFUSE_NO_PASSAGE = "在{scope}中没有找到能回答这个问题的段落。"
WHICH_INSTANCE = ("{agency}{year}年{kind}公开文件中有多张《{table}》，每张各有「{item}」，问题没有指明是哪一张："
                  "{choices}。请在问题中写明是哪一项。")
INSTANCE_CHOICE = "{label} {value}{unit}（第{line}行）"
LINE = "第{line}行"
ASK_WHICH = "问题未指明单位。已索引的单位有：{known}。请指明要问哪一个。"
GROUP_COUNT = "问题说的是 {n} 家单位，已索引的相应单位有 {found} 家：{known}。请指明是哪几家。"
MANY_AGENCIES = "{names}等 {n} 个单位"
EMPTY = "问题为空，请输入一个关于预算公开文件的问题。"
NO_WORDS = "问题中没有可识别的文字（只有标点、符号或数字），请用中文描述要问的单位和项目。"
TOO_LONG = "问题过长（{n} 个字符，上限 {limit}），请精简后再问。"
NO_INDEX = "索引尚未建立：请先运行 `python -m indexer build`。"
NO_PASSAGE_INDEX = "段落检索不可用，这个问题无法回答（{error}）。表格中的数字仍可查询。"

# What the PDF reader reports about a page it could not read cleanly (build summary, upload).
PDF_DIGITS_RECOVERED = "第{page}页：文本层缺少数字，已改用备用提取"
PDF_DIGITS_MISSING = "第{page}页：文本层缺少数字，未能读取"
PDF_ROWS_UNPLACED = "第{page}页：{n} 个数字无法确定所在列，未收录"
LOOKUP_PROSE_PRIOR = "根据{agency}{year}年{kind}公开文件的说明部分（上年数），{item}为 {value}{unit}{extra}（第{line}行）。"
ONLY_ONE_DOC = "问题未指明单位；只有{agency}的文件中有此项。"
QUOTED_INSTEAD = "表格中没有这一项的数字；以下是文件中相关的原文。"
MORE_IN_SOURCE = "……（其余内容见来源）"
OTHER_DOCS_MAY = "问题未指明单位，以上引用来自最相关的文件；其他文件也可能有相关内容。"
YOY_RATE_STATED = "文件所列变动幅度为 "
YOY_RATE_COMPUTED = "变动幅度 = {delta} ÷ {prior} × 100% = "
CHANGE_REASON = "文件所述原因：「{reason}」。"
NO_REASON = "文件在该表述处没有说明原因。"
CLOSEST_ROWS = "文件中相近的项目有：{names}。"

# a follow-up question answered with the agency (and year) of the question before it
CARRIED = "沿用上一问：{agency}{year}"
# a near miss of an indexed agency's name: the nearest names, each offered as the question to ask
DID_YOU_MEAN = "已索引的预算公开文件中没有「{agency}」。您是不是要问：{choices}？"
# a question without Chinese: the disclosures are Chinese, and so are the names and items asked about
NO_CHINESE = "请用中文提问（预算公开文件和其中的科目都是中文），例如：{example}"
# an agency called by its kind alone (统计局) when one indexed agency is of that kind
ONLY_AGENCY = "「{phrase}」按已索引的唯一一家理解：{agency}"
MEMBER_UNIT = "「{phrase}」是{agency}的所属单位（{unit}），按{agency}的公开文件回答，只取该单位自己的数字"
WHICH_SCOPE = ("{agency}{year}年{kind}公开文件中「{item}」有两个口径的数字：{choices}。前者与后者的资金范围不同，"
               "问题没有说明要哪一个（例如“一般公共预算”或“全部资金”），请指明。")
SCOPE_CHOICE = "《{table}》{column} {value}{unit}（第{line}行）"
