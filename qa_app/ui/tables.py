"""One parsed table as auditors read it: line items pivoted back into rows × columns, the
rows an answer cites with the cited cell marked, filters, findings, CSV/Excel export."""
from __future__ import annotations

import functools
import io
from collections import Counter
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from indexer.audit import AuditRow
from indexer.checks.catalogue import BY_ID
from indexer.numbers import parse_amount
from indexer.store import db_path, line_pages, load_items
from qa_app.types import Citation
from qa_app.ui.sources import line_span

LINE, PAGE, GROUP, CODE, NAME = "行号", "页码", "分组", "科目编码", "科目名称"
DOC, TABLE, UNIT = "文件", "表格", "单位"
LABEL_COLUMNS = (LINE, PAGE, GROUP, CODE, NAME)
_ROW_KEY = ["row_index", "row_group", "row_code", "row_name"]
HIGHLIGHT = "background-color: #ffe08a; font-weight: 600"
FINDING_KINDS = {
    "children_sum": "下级科目之和不符", "total_sum": "合计与各类之和不符", "column_sum": "合计与分栏之和不符",
    "cross_table": "表间数字不一致", "prose_vs_table": "说明与表格不一致",
}
FINDING_COLUMNS = {
    "kind": "类型", "message": "说明", "table": "表格", "item": "项目", "value_a": "数值A", "line_a": "行号A",
    "value_b": "数值B", "line_b": "行号B", "difference": "差额",
}


def table_items(index_dir: Path, doc: str, table_id: str) -> pd.DataFrame:
    """The line items of one table. Every chat rerun redraws every cited row, so reads are
    cached; the key holds the build the index link points to, so a rebuild is never stale."""
    db = db_path(index_dir).resolve()
    return _items(str(db), db.stat().st_mtime_ns, doc, table_id)


@functools.lru_cache(maxsize=64)
def _items(db: str, _mtime: int, doc: str, table_id: str) -> pd.DataFrame:
    items = load_items(Path(db).parent, doc)
    items = items[items["table_id"] == table_id].sort_values(["row_index", "col_index"], kind="stable")
    pages = line_pages(Path(db).parent, doc, int(items["line"].min()), int(items["line"].max())) if len(items) else {}
    return items.assign(page=items["line"].map(lambda n: pages.get(int(n))).astype(object))


def _column_labels(items: pd.DataFrame) -> dict[int, str]:
    """Header text per column index; the same header twice (e.g. 项目 on both sides of a
    收支总表) gets its column number so no two columns share a label."""
    first = items.drop_duplicates("col_index").sort_values("col_index")
    counts = Counter(first["column_path"])
    return {int(ci): path if counts[path] == 1 else f"{path}（第{int(ci) + 1}列）"
            for ci, path in zip(first["col_index"], first["column_path"])}


def _keyed(items: pd.DataFrame) -> pd.DataFrame:
    return items.assign(row_group=items["row_group"].fillna(""), row_code=items["row_code"].fillna(""))


def _spans(keyed: pd.DataFrame, column: str) -> pd.Series:
    """Per row, the lines (or pages) its figures were printed on: 634, or 634–636 for a row
    printed one cell per line; empty where there is none."""
    def span(values: pd.Series) -> str:
        found = [int(v) for v in values if v is not None and not pd.isna(v)]
        return line_span(min(found), max(found)) if found else ""
    return keyed.groupby(_ROW_KEY, sort=False)[column].agg(span)


def _pivot(items: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, str]]:
    """Rows keyed by _ROW_KEY, one column per column index, cells as printed. A 收支总表 row
    carries two line items with different names (收入 left, 支出 right): they become two rows,
    so every value stays beside its own name."""
    labels = _column_labels(items)
    keyed = _keyed(items)
    grid = keyed.pivot_table(index=_ROW_KEY, columns="col_index", values="value", aggfunc="first", sort=False)
    grid = grid[sorted(grid.columns)].rename(columns=labels).rename_axis(columns=None).fillna("")
    grid.insert(0, LINE, _spans(keyed, "line").reindex(grid.index))
    if "page" in keyed and keyed["page"].notna().any():  # a PDF source
        grid.insert(1, PAGE, _spans(keyed, "page").reindex(grid.index))
    return grid, labels


def _display(grid: pd.DataFrame) -> pd.DataFrame:
    out = grid.reset_index().drop(columns="row_index")
    out = out.rename(columns={"row_group": GROUP, "row_code": CODE, "row_name": NAME})
    if not out[GROUP].any():
        out = out.drop(columns=GROUP)
    front = [c for c in LABEL_COLUMNS if c in out.columns]
    return out[front + [c for c in out.columns if c not in front]]


def table_grid(items: pd.DataFrame) -> pd.DataFrame:
    """The whole table: 行号 (the source lines of the row's figures), 页码 for a PDF, 科目编码,
    科目名称, then the columns."""
    if items.empty:
        return pd.DataFrame(columns=[LINE, CODE, NAME])
    return _display(_pivot(items)[0])


def filter_rows(grid: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose 科目编码 starts with the query (so 类 210 keeps its 款 and 项) or whose
    名称 contains it."""
    q = query.strip()
    if not q:
        return grid
    keep = grid[CODE].astype(str).str.startswith(q) | grid[NAME].astype(str).str.contains(q, regex=False)
    return grid[keep]


def cited_rows(items: pd.DataFrame, citation: Citation) -> Styler | None:
    """The table rows a citation points at, with the cited cell(s) highlighted; None when the
    citation's lines hold none of this table's items."""
    hit = items[items["line"].between(citation.line_start, citation.line_end)]
    if citation.column and (hit["column"] == citation.column).any():
        hit = hit[hit["column"] == citation.column]
    if hit.empty:
        return None
    grid, labels = _pivot(items)
    keyed = _keyed(hit)
    keys = keyed[_ROW_KEY]
    cells = {(tuple(k), labels[int(ci)]) for k, ci in zip(keys.itertuples(index=False), hit["col_index"])}
    rows = grid.loc[list(dict.fromkeys(tuple(k) for k in keys.itertuples(index=False)))].copy()
    # The cited cells' own lines, so the row reads 第N行 exactly as the citation does.
    rows[LINE] = _spans(keyed, "line").reindex(rows.index)
    marks = pd.DataFrame(
        [[HIGHLIGHT if (key, col) in cells else "" for col in rows.columns] for key in rows.index],
        columns=rows.columns,
    )
    shown = _display(rows)
    marks = marks.reindex(columns=shown.columns, fill_value="")
    return shown.style.apply(lambda _: marks, axis=None)


def table_label(table: pd.Series) -> str:
    """A table as a reader tells it apart: its title and where it is printed (several tables may
    share a title), not the index's table id."""
    return f"{table['title']} · 第{int(table['line_start'])}–{int(table['line_end'])}行"


def table_findings(findings: pd.DataFrame, title: str) -> pd.DataFrame:
    return findings_view(findings[findings["table"] == title])


def kind_label(kind: str, rule: str | None) -> str:
    """A finding's kind in Chinese: what failed, else the title of the rule it broke (a kind added to
    the checks later), never the checks' internal word."""
    if kind in FINDING_KINDS:
        return FINDING_KINDS[kind]
    return BY_ID[rule].title if rule in BY_ID else "其他核对发现"


def findings_view(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings with Chinese headers and kinds."""
    rules = findings["rule"] if "rule" in findings else pd.Series(None, index=findings.index, dtype=object)
    view = findings.assign(kind=[kind_label(k, r) for k, r in zip(findings["kind"], rules)])
    return view[list(FINDING_COLUMNS)].rename(columns=FINDING_COLUMNS)


def audit_view(rows: list[AuditRow]) -> pd.DataFrame:
    """The audit report's rows as the findings table reads them, with the document first."""
    frame = pd.DataFrame([r.__dict__ for r in rows])
    return pd.concat([frame[["doc"]].rename(columns={"doc": "文件"}), findings_view(frame)], axis=1)


def export_frame(grid: pd.DataFrame, doc: str, title: str, unit: str | None) -> pd.DataFrame:
    """The grid as exported: each row says which document and table it is from, the table's
    unit, its source lines and page (empty for a text source), so a pasted row keeps its source."""
    out = grid.copy()
    if PAGE not in out:
        out.insert(list(out.columns).index(LINE) + 1, PAGE, "")
    for n, (name, value) in enumerate(((DOC, doc), (TABLE, title), (UNIT, unit or "未声明"))):
        out.insert(n, name, value)
    return out


def to_csv(grid: pd.DataFrame) -> bytes:
    # The byte-order mark makes Excel open the Chinese headers as UTF-8.
    return grid.to_csv(index=False).encode("utf-8-sig")


def to_excel(grid: pd.DataFrame, sheet: str) -> bytes:
    """The grid as .xlsx; cells that are plain figures become numbers so they can be summed."""
    value_columns = [c for c in grid.columns if c not in (DOC, TABLE, UNIT, *LABEL_COLUMNS)]
    numeric = grid.copy()
    for col in value_columns:
        numeric[col] = grid[col].map(lambda text: a.value if (a := parse_amount(str(text))) and not a.unit else text)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        numeric.to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()
