"""Who published a disclosure, for which year, and the names a user may call the agency by.

The agency name is read from the places disclosures state it (单位名称：…, the cover title
"X 2023年部门预算"), then completed to its longest form found in the file (a cover may say only
医疗保障局 while a table names 某市某区医疗保障局). Aliases are derived by general rules of
Chinese administrative naming (drop the city, drop 区/县, 医疗保障局 -> 医保局) and by OCR
variants of the district name that actually occur in the same file.
"""
from __future__ import annotations

import re
from collections import Counter

from indexer.tables import clean_text, squeeze

_AGENCY_SUFFIX = r"(?:局|中心|委员会|办公室|院|所|站|队|处|馆|厅|委|社|学校|医院|服务部|办)"
_STATED = re.compile(r"(?:单位名称|部门名称|编制单位|部门/单位|部门（单位）|单位)\s*[:：]\s*(?P<name>[^\s:：\t|]{4,40})")
_COVER = re.compile(r"^(?P<name>[\u4e00-\u9fff（）()]{3,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:部门|单位)?(?:综合)?预算")
_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:部门|单位)?(?:综合)?预算|预算年度\s*[:：]\s*(?P<year2>(?:19|20)\d{2})")
_REGION = re.compile(r"^(?P<prov>[\u4e00-\u9fff]{2,8}?(?:省|自治区))?(?P<city>[\u4e00-\u9fff]{2,8}?(?:市|州|盟|地区))?(?P<county>[\u4e00-\u9fff]{1,8}?(?:区|县|旗|市))")
# Generic abbreviations used in Chinese government names.
_ABBREVIATIONS = [
    ("医疗保障局", "医保局"), ("医疗保障", "医保"), ("医疗保险", "医保"), ("人力资源和社会保障", "人社"),
    ("基本医疗保险", "医保"), ("管理中心", "中心"), ("服务中心", "中心"), ("经办中心", "中心"),
]
_REGION_PREFIX = re.compile(
    r"(?:[\u4e00-\u9fff]{2,4}(?:省|自治区))?(?:[\u4e00-\u9fff]{2,4}(?:市|州|盟|地区))?(?:[\u4e00-\u9fff]{1,4}(?:区|县|旗))?"
)


def _strip_name(name: str) -> str:
    name = re.sub(r"^第[一二三四五六七八九十]+部分", "", squeeze(name))  # a part heading, not the name
    name = re.sub(r"[（(]本级[)）]$", "", name)
    return re.sub(r"^\d+", "", name)  # budget codes printed before the name (450医疗保障局)


def _candidates(lines: list[str]) -> Counter:
    found: Counter = Counter()
    for line in lines:
        text = clean_text(line)
        for m in _STATED.finditer(squeeze(text)):
            name = _strip_name(m.group("name"))
            if re.search(_AGENCY_SUFFIX + "$", name):
                found[name] += 2
    for i, line in enumerate(lines):
        m = _COVER.match(squeeze(clean_text(line)))
        if m:
            found[_strip_name(m.group("name"))] += 3 if i < 40 else 2
    # the cover may print the agency on a line of its own just above "2024年单位预算…"
    head = [squeeze(clean_text(x)) for x in lines[:40] if x.strip()]
    for prev, cur in zip(head, head[1:]):
        if re.match(r"^(?:19|20)\d{2}\s*年度?\s*(?:部门|单位)?(?:综合)?预算", cur) and re.search(_AGENCY_SUFFIX + "$", prev):
            found[_strip_name(prev)] += 3
    return found


def _longest_form(name: str, lines: list[str]) -> str:
    """某市某区医疗保障局 where the cover says only 医疗保障局: a whole line or table cell of the
    file that is a region prefix followed by the name."""
    if region_of(name)[1]:
        return name
    best = name
    for line in lines:
        for cell in re.split(r"[\t|]", line):
            cand = re.sub(r"[（(]本级[)）]$", "", squeeze(clean_text(cell)))
            if cand.endswith(name) and len(cand) > len(best) and len(cand) <= 30:
                if _REGION_PREFIX.fullmatch(cand[: len(cand) - len(name)]):
                    best = cand
    return best


def detect_year(lines: list[str]) -> int | None:
    years: Counter = Counter()
    for i, line in enumerate(lines):
        for m in _YEAR.finditer(squeeze(line)):
            y = int(m.group("year") or m.group("year2"))
            years[y] += 3 if i < 40 else 1
    return years.most_common(1)[0][0] if years else None


def detect_kind(lines: list[str]) -> str:
    head = "".join(squeeze(x) for x in lines[:40])
    found = [(head.find(k), k) for k in ("部门预算", "单位预算", "部门决算", "单位决算") if k in head]
    return min(found)[1] if found else "预算"  # the cover names the kind first


def detect_agency(lines: list[str]) -> str:
    found = _candidates(lines)
    if not found:
        return ""
    name = max(found, key=lambda n: (found[n], len(n)))
    return _longest_form(name, lines)


def region_of(agency: str) -> tuple[str | None, str | None]:
    """(city, county/district) of an agency name, when its name states them."""
    m = _REGION.match(agency)
    if not m:
        return None, None
    return m.group("city"), m.group("county")


def aliases_for(agency: str, lines: list[str]) -> list[str]:
    if not agency:
        return []
    city, county = region_of(agency)
    forms = {agency}
    if city and agency.startswith(city):
        forms.add(agency[len(city):])
    if county:
        rest = agency[agency.index(county) + len(county):]
        short_county = county[:-1] if len(county) > 2 else county
        forms |= {county + rest, short_county + rest, county, short_county}
    for form in list(forms):
        for long, short in _ABBREVIATIONS:
            if long in form:
                forms.add(form.replace(long, short))
    if county:
        short = county[:-1] if len(county) > 2 else county
        for variant in _ocr_variants(county, agency, lines):
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
