"""Who published a disclosure, for which year and what kind it is, and the names a user may call
the agency by.

The agency, year and kind are read where disclosures print them: the cover title (one line or
several: "X2026年度部门预算", "2026年" / "X部门预算", "X" / "2022年度部门决算"), a running page
header repeating that title, and the labels above tables (单位名称：X, 部门名称 X, 预算单位：X).
Body sentences that merely mention a year ("比2024年…") never decide it. The agency is then
completed to its longest form found in the file (a cover may say only 医疗保障局 while a table
names 某市某区医疗保障局). Aliases follow general rules of Chinese administrative naming (drop
the higher region levels, drop 市/区/县, drop 中共, common abbreviations such as 卫生健康 -> 卫健,
委员会 -> 委) plus OCR variants of the district name that actually occur in the same file.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from indexer.cell_text import clean_text, squeeze
from indexer.models import DocumentMeta, TextFile

NO_AGENCY = "未能从文件中读出单位名称，暂用文件名"
NO_YEAR = "未能读出年度"

# How the names of public bodies end: bureaus, commissions, party organs, courts, schools,
# hospitals, centres, police units, stations, halls, associations…
_AGENCY_END = re.compile(r"(?:委员会|办公室|中心|[局委部院校学园所站馆社会队处厅办署团室庭台场])$")
# Which part of the agency a table set covers: kept out of the agency's name, reported as a note.
_SCOPE_NOTE = re.compile(r"[（(](?P<note>本级|汇总|部门汇总|单位本级|机关本级|本部|合并)[)）]$")
_NAME = r"(?P<name>[\u4e00-\u9fff（）()]{2,40}?)"
_YEAR_WORD = r"(?P<year>(?:19|20)\d{2})年度?"
_LEVEL = r"(?:省级|市级|区级|县级|州级|旗级|乡级|镇级)?"
_KIND_WORD = r"(?P<scope>部门|单位)?(?:综合)?(?P<acct>预算|决算)"
# "X 2026年度部门预算" (the name opens a line) and "2026年 X 部门预算" (the year first); in the
# joined cover block a title may run over lines, hence the optional line breaks.
_NAME_FIRST = re.compile(rf"(?:^|\n){_NAME}\n?{_YEAR_WORD}\n?{_LEVEL}{_KIND_WORD}")
_YEAR_FIRST = re.compile(rf"{_YEAR_WORD}\n?{_NAME}\n?{_LEVEL}{_KIND_WORD}")
_STATED_YEAR = re.compile(r"^[（(](?P<year>(?:19|20)\d{2})年度?[)）]$|预算年度[:：](?P<year2>(?:19|20)\d{2})")
# Any budget title phrase, for documents whose cover states no year (fallback only). A year
# compared against (比2024年预算…) is not the document's.
_ANY_TITLE_YEAR = re.compile(r"(?<![比较与同上按至])(?P<year>(?:19|20)\d{2})年度?" + _LEVEL + r"(?:部门|单位)?(?:预算|决算)")
# Labels that state the agency. The long labels may be followed by the name without a colon (a
# table cell: 部门名称 X); the short ones need the colon, or any header word would be taken.
_LABELLED = re.compile(
    r"(?:(?P<long>单位名称|部门名称|编制部门|编制单位|预算单位|部门/单位|部门（单位）)\s*[:：]?"
    r"|(?<![\u4e00-\u9fff])(?P<short>单位|部门)\s*[:：]"
    r"|(?P<parent>预算主管部门)\s*[:：])\s*(?P<name>[\u4e00-\u9fff（）()]{2,40})"
)
_TOC = re.compile(r"^目录$")
_COVER_LINES = 10  # non-empty lines before the 目录 that may hold the cover title
_HEAD_LINES = 40

_MUNICIPALITY = r"(?:北京市|上海市|天津市|重庆市)"
_REGION = re.compile(
    r"^(?P<prov>[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区))?"
    rf"(?P<city>{_MUNICIPALITY}|[\u4e00-\u9fff]{{2,8}}?(?:市|自治州|州|盟|地区))?"
    r"(?P<county>[\u4e00-\u9fff]{1,6}?(?:区|县|旗|市))?"
)
# Words ending like a district that name no place (城市管理局, 社区服务中心, 园区管委会).
_NOT_PLACES = {"城市", "社区", "园区", "景区", "街区", "校区", "市区", "郊区", "山区", "片区", "辖区", "小区", "都市"}

# Common abbreviations of Chinese government names, across all kinds of bodies. Applied
# repeatedly, so 卫生健康委员会 also gives 卫健委 (each replacement shortens, so it ends).
_ABBREVIATIONS = [
    ("人力资源和社会保障", "人社"), ("卫生健康", "卫健"), ("卫生和计划生育", "卫计"), ("医疗保障", "医保"),
    ("基本医疗保险", "医保"), ("医疗保险", "医保"), ("发展和改革", "发改"), ("住房和城乡建设", "住建"),
    ("市场监督管理", "市场监管"), ("科学技术", "科技"), ("工业和信息化", "工信"), ("文化和旅游", "文旅"),
    ("文化广电和旅游", "文广旅"), ("退役军人事务", "退役军人"), ("应急管理", "应急"), ("城市管理", "城管"),
    ("机关事务管理", "机关事务"), ("高级人民法院", "高院"), ("中级人民法院", "中院"), ("人民法院", "法院"),
    ("人民检察院", "检察院"), ("人民政府", "政府"), ("职业技术学院", "职院"), ("管理委员会", "管委会"),
    ("委员会", "委"), ("管理中心", "中心"), ("服务中心", "中心"), ("经办中心", "中心"),
]


@dataclass(frozen=True)
class _Title:
    name: str  # as printed, scope note included
    year: int
    kind: str  # 部门预算 / 单位预算 / 预算 / 部门决算 …
    weight: int


def split_note(name: str) -> tuple[str, str | None]:
    """(base name, scope note): 深圳市某委员会（本级） -> (深圳市某委员会, 本级)."""
    m = _SCOPE_NOTE.search(name)
    return (name[: m.start()], m.group("note")) if m else (name, None)


def _strip_name(name: str) -> str:
    name = re.sub(r"^第[一二三四五六七八九十]+部分", "", squeeze(name))  # a part heading, not the name
    return re.sub(r"^[\d_]+", "", name)  # budget codes printed before the name (450医疗保障局)


def _agency_like(name: str) -> bool:
    base = split_note(name)[0]
    return len(base) >= 3 and bool(_AGENCY_END.search(base)) and not is_region_only(base)


class _Text:
    """A file's lines, and the same lines with all whitespace dropped (PDF text wraps and spaces
    names: 2026 年度), computed once for every rule below."""

    def __init__(self, lines: list[str]) -> None:
        self.raw = lines
        self.flat = [squeeze(x) for x in lines]


def _cover_block(text: _Text) -> tuple[str, int]:
    """The first non-empty lines up to the 目录, joined by line breaks, and how many source
    lines they span."""
    kept: list[str] = []
    end = 0
    for end, line in enumerate(text.flat[:_HEAD_LINES], start=1):
        if _TOC.match(line) or len(kept) >= _COVER_LINES:
            break
        if line and not line.isdigit():  # page numbers on the cover
            kept.append(line)
    return "\n".join(kept), end


def _titles_in(text: str, weight: int) -> list[_Title]:
    found = []
    for pattern in (_NAME_FIRST, _YEAR_FIRST):
        for m in pattern.finditer(text):
            kind = (m.group("scope") or "") + m.group("acct")
            found.append(_Title(_strip_name(m.group("name")), int(m.group("year")), kind, weight))
    return found


def _titles(text: _Text) -> list[_Title]:
    """Every budget title in the file: the cover (weighted most), then lines that open with a
    title (section headings, running page headers)."""
    block, end = _cover_block(text)
    found = _titles_in(block, 3)
    for i, line in enumerate(text.flat[end:], start=end):
        if "年" in line:
            found += _titles_in(line, 3 if i < _HEAD_LINES else 2)
    return found


def _labelled(text: _Text) -> Counter:
    found: Counter = Counter()
    for line, flat in zip(text.raw, text.flat):
        if "单位" not in flat and "部门" not in flat:
            continue
        # a pipe table's cell border parts a label from its name as a TAB does (| 部门名称 | X |)
        for m in _LABELLED.finditer(clean_text(line.replace("|", "\t"))):
            name = _strip_name(m.group("name"))
            if _agency_like(name):
                # the 主管部门 of a 单位预算 is its parent: a hint, not the publisher
                found[name] += 1 if m.group("parent") else 2
    return found


def _longest_form(name: str, text: _Text) -> str:
    """某市某区医疗保障局 where the cover says only 医疗保障局: a whole line or table cell of the
    file that is a region prefix followed by the name."""
    if region_of(name)[1]:
        return name
    best = name
    for line, flat in zip(text.raw, text.flat):
        if name not in flat:
            continue
        for cell in re.split(r"[\t|]", line):
            cand = split_note(squeeze(cell))[0]
            if cand.endswith(name) and len(best) < len(cand) <= 30:
                prefix = cand[: len(cand) - len(name)]
                if prefix and "".join(region_parts(prefix)) == prefix:
                    best = cand
    return best


def _agency(text: _Text, titles: list[_Title]) -> str:
    found = _labelled(text)
    for t in titles:
        if _agency_like(t.name):
            found[t.name] += t.weight
    if not found:
        return ""
    name = max(found, key=lambda n: (found[n], len(n)))
    base, note = split_note(name)
    full = _longest_form(base, text)
    return f"{full}（{note}）" if note else full


def detect_agency(lines: list[str]) -> str:
    """The issuing agency, scope note included as printed (see split_note); "" if unread."""
    text = _Text(lines)
    return _agency(text, _titles(text))


def _year(text: _Text, titles: list[_Title]) -> int | None:
    years: Counter = Counter()
    for t in titles:
        years[t.year] += t.weight
    for line in text.flat:
        m = _STATED_YEAR.search(line) if "年" in line else None
        if m:
            years[int(m.group("year") or m.group("year2"))] += 3
    if not years:  # no title states it: the year most budget phrases name
        years.update(int(m.group("year")) for line in text.flat for m in _ANY_TITLE_YEAR.finditer(line))
    return years.most_common(1)[0][0] if years else None


def detect_year(lines: list[str]) -> int | None:
    """The year of the title; failing one, the year most budget phrases name; else None."""
    text = _Text(lines)
    return _year(text, _titles(text))


def _kind(text: _Text) -> str:
    head = "".join(text.flat[:_HEAD_LINES])
    m = re.search(r"(部门|单位)(?:综合)?(预算|决算)", head)
    if m:
        return m.group(1) + m.group(2)
    whole = "".join(text.flat)
    acct = "决算" if re.search(r"决算(?:总?表|\d{2}表)", whole) else "预算"
    scope = Counter(m.group(1) for m in re.finditer(r"(部门|单位)名称", whole))
    return (scope.most_common(1)[0][0] if scope else "") + acct


def detect_kind(lines: list[str]) -> str:
    """部门/单位 × 预算/决算 as the cover names it first; without a cover, what the tables call
    themselves (a 决算 table title makes it a 决算: never report actuals as a budget)."""
    return _kind(_Text(lines))


def region_parts(name: str) -> list[str]:
    """The province / city / county prefixes a name states, highest first ([] when none)."""
    m = _REGION.match(name.removeprefix("中共"))
    parts = [p for p in m.groups() if p] if m else []
    if parts and parts[-1] in _NOT_PLACES:
        parts.pop()
    return parts


def is_region_only(name: str) -> bool:
    return bool(name) and "".join(region_parts(name)) == name


def region_of(agency: str) -> tuple[str | None, str | None]:
    """(city, county/district) of an agency name, when its name states them."""
    m = _REGION.match(agency.removeprefix("中共"))
    if not m:
        return None, None
    county = m.group("county") if m.group("county") not in _NOT_PLACES else None
    return m.group("city"), county


def detect_region(agency: str, lines: list[str]) -> str | None:
    """The region the agency's name states; else a region a cover title states on its own
    (上海市2026年市级单位预算 for a college whose name has none)."""
    parts = region_parts(agency)
    if parts:
        return "".join(parts)
    block, _ = _cover_block(_Text(lines[:_HEAD_LINES]))
    for t in _titles_in(block, 0):
        if is_region_only(t.name):
            return t.name
    return None


def _short(part: str) -> str:
    """某戴河区 -> 某戴河, 杭州市 -> 杭州; two-character names (某都区 -> 某都) keep two characters."""
    if part.endswith(("自治区", "自治州", "特别行政区")):
        return part
    return part[:-1] if len(part) > 2 else part


def _abbreviated(forms: set[str]) -> set[str]:
    out = set(forms)
    todo = list(forms)
    while todo:
        form = todo.pop()
        for long, short in _ABBREVIATIONS:
            if long in form and (new := form.replace(long, short)) not in out:
                out.add(new)
                todo.append(new)
    return out


def aliases_for(agency: str, lines: list[str]) -> list[str]:
    if not agency:
        return []
    agency = split_note(agency)[0]
    name = agency.removeprefix("中共")  # party organs are called without it
    parts = region_parts(name)
    body = name[len("".join(parts)):]
    forms = {agency, name}
    for i, part in enumerate(parts):  # drop the higher levels, then also the level word
        rest = "".join(parts[i + 1:]) + body
        forms.add(part + rest)
        if not body.startswith("委") or i < len(parts) - 1:  # 重庆市委宣传部 is not 重庆委宣传部
            forms.add(_short(part) + rest)
    if parts:
        forms |= {parts[-1], _short(parts[-1])}
    forms = _abbreviated(forms)
    _, county = region_of(name)
    if county:
        short = _short(county)
        for variant in _ocr_variants(county, name, lines):
            forms.add(variant)
            if variant[-1:] == county[-1:]:  # a misread district: it gets every form the district has
                forms |= {f.replace(county, variant) for f in list(forms) if county in f}
                forms |= {f.replace(short, variant[:-1]) for f in list(forms) if short in f and county not in f}
    forms.discard("")
    return sorted(forms, key=lambda f: (-len(f), f))


def _ocr_variants(county: str, agency: str, lines: list[str]) -> set[str]:
    """District names misread by OCR in this very file (one character off, same context)."""
    text = "".join(squeeze(x) for x in lines)
    after = agency[agency.index(county) + len(county):][:2]
    out: set[str] = set()
    for i in range(len(county) - 1):  # the final 区/县 is structural; a misread is elsewhere
        pattern = re.escape(county[:i]) + r"([\u4e00-\u9fff])" + re.escape(county[i + 1:])
        for m in re.finditer(pattern, text):
            variant = m.group(0)
            if variant == county:
                continue
            follow = text[m.end(): m.end() + 2]
            if follow == after or (county + follow) in text:
                out.add(variant)
                rest = agency[agency.index(county) + len(county):]
                out.add(variant + rest)
                if len(variant) > 2:
                    out.add(variant[:-1])  # 埭桥 as well as 埭桥区, as users drop 区
    return out


def read_meta(doc_id: str, text_file: TextFile) -> DocumentMeta:
    """Everything a document is known by, with a warning for what could not be read."""
    lines = text_file.lines
    text = _Text(lines)
    titles = _titles(text)
    agency, note = split_note(_agency(text, titles))
    year = _year(text, titles)
    warnings = list(text_file.warnings)
    if not agency:
        warnings.append(NO_AGENCY)
    if year is None:
        warnings.append(NO_YEAR)
    return DocumentMeta(
        doc=doc_id,
        agency=agency or doc_id,
        aliases=aliases_for(agency, lines),
        region=detect_region(agency, lines) if agency else None,
        year=year,
        kind=_kind(text),
        encoding=text_file.encoding,
        content_hash=text_file.content_hash,
        pages=text_file.page_count,
        warnings=warnings,
        note=note,
    )
