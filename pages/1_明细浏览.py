"""Line-item explorer for auditors: one parsed table beside its source lines (following the rows
chosen in the table), a chart of one of its columns, the reconciliation findings and CSV/Excel
export. Layout and calls only."""
import streamlit as st

from indexer.store import line_pages, load_documents, load_findings, load_tables, source_lines
from qa_app.ui import charts, corpus, sources, tables
from qa_app.ui.navigation import open_reviewer_page

INDEX = open_reviewer_page("明细浏览", ":material/table_view:")


def new_table() -> None:
    """Another table is not filtered by what was typed for the last one."""
    st.session_state["filter"] = ""


def _position(options, wanted) -> int:
    options = list(options)
    return options.index(wanted) if wanted in options else 0


# A link from the audit page (?doc=…&table=…&line=…) opens that table with that line marked.
linked = st.query_params.to_dict()
documents = load_documents(INDEX)
with st.sidebar:
    doc = st.selectbox("文件", documents["doc"], format_func=lambda d: corpus.document_label(documents, d),
                       on_change=new_table, index=_position(documents["doc"], linked.get("doc")))
    doc_tables = load_tables(INDEX, doc).set_index("table_id")
    table_id = st.selectbox("表格", doc_tables.index, format_func=lambda t: tables.table_label(doc_tables.loc[t]),
                            on_change=new_table, index=_position(doc_tables.index, linked.get("table")))
    query = st.text_input("按科目编码或名称筛选", placeholder="编码前几位，或名称中的字", key="filter")

if table_id is None:
    st.info("这份文件中没有识别出表格。")
    st.stop()
table = doc_tables.loc[table_id]
unit = table["unit"] or None
# Plain ints: sqlite binds a numpy integer as a BLOB, and the line query would silently match nothing.
first, last = int(table["line_start"]), int(table["line_end"])
whole = tables.table_grid(tables.table_items(INDEX, doc, table_id))
grid = tables.filter_rows(whole, query)

parsed, source = st.columns([3, 2])
with parsed:
    st.subheader(table["title"])
    st.caption(f"单位：{unit or '未声明'} · 原文{sources.lines_label(first, last)}"
               f" · {len(grid)} / {len(whole)} 行 · 勾选行可在右侧原文中定位")
    if grid.empty:
        st.info(f"没有科目编码以“{query.strip()}”开头、或名称含“{query.strip()}”的行。")
    # Keyed per table: a selection made in one table never points into another.
    event = st.dataframe(grid, hide_index=True, on_select="rerun", selection_mode="multi-row",
                         key=f"grid-{doc}-{table_id}-{query}")
    chosen = grid.iloc[event.selection.rows] if event.selection.rows else grid
    export = tables.export_frame(grid, doc, table["title"], unit)
    csv_button, excel_button = st.columns(2)
    csv_button.download_button("下载 CSV", tables.to_csv(export), file_name=f"{doc}_{table_id}.csv",
                               mime="text/csv", on_click="ignore")
    excel_button.download_button("下载 Excel", tables.to_excel(export, table_id), file_name=f"{doc}_{table_id}.xlsx",
                                 mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                 on_click="ignore")
with source:
    st.subheader("原文")
    cited = {n for span in (chosen[tables.LINE] if event.selection.rows else ()) for n in sources.span_lines(span)}
    if not cited and linked.get("doc") == doc and linked.get("table") == table_id and linked.get("line", "").isdigit():
        cited = {int(linked["line"])}
    start, end = (max(first, min(cited) - sources.CONTEXT_LINES), min(last, max(cited) + sources.CONTEXT_LINES)) \
        if cited else (first, last)
    if event.selection.rows:
        st.caption(f"已选 {len(event.selection.rows)} 行：{sources.lines_label(min(cited), max(cited))}")
    st.html(sources.STYLE + sources.source_html(source_lines(INDEX, doc, start, end),
                                                line_pages(INDEX, doc, start, end), cited, scroll=True))

value_columns = [c for c in grid.columns if c not in tables.LABEL_COLUMNS]
if value_columns and not chosen.empty:
    st.subheader("图表")
    column = st.selectbox("作图的栏", value_columns, key=f"chart-{doc}-{table_id}")
    figures = charts.table_figures(chosen, column, unit)
    if len(figures) < 2:
        st.info("所选的行中，这一栏不足两个数字，不作图。")
    else:
        shown = figures.head(charts.MAX_BARS)
        st.altair_chart(charts.bar_chart(shown, unit, f"{table['title']} · {column}"))
        what = "所选的行" if event.selection.rows else "表中" + ("筛选出的行" if query.strip() else "各行")
        more = f"，只画出前 {len(shown)} 行（勾选或筛选可指定）" if len(shown) < len(figures) else ""
        st.caption(f"{what}这一栏的 {len(figures)} 个数字{more}；合计行与其下级科目一并画出，请勿相加。")

st.subheader("核对发现")
findings = load_findings(INDEX, doc)
table_findings = tables.table_findings(findings, table["title"])
if table_findings.empty:
    st.success("本表未发现勾稽不符。")
else:
    st.dataframe(table_findings, hide_index=True)
with st.expander(f"本文件全部核对发现（{len(findings)} 条）"):
    st.dataframe(tables.findings_view(findings), hide_index=True)
