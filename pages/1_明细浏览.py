"""Line-item explorer for auditors: one parsed table beside its source lines, with the
reconciliation findings and CSV/Excel export. Layout and calls only."""
import streamlit as st

from indexer.store import line_pages, load_documents, load_findings, load_tables, source_lines
from qa_app.ui import corpus, sources, tables
from qa_app.ui.navigation import open_reviewer_page

INDEX = open_reviewer_page("明细浏览", ":material/table_view:")

documents = load_documents(INDEX)
with st.sidebar:
    doc = st.selectbox("文件", documents["doc"], format_func=lambda d: corpus.document_label(documents, d))
    doc_tables = load_tables(INDEX, doc).set_index("table_id")
    table_id = st.selectbox("表格", doc_tables.index, format_func=lambda t: f"{t} {doc_tables.at[t, 'title']}")
    query = st.text_input("按科目编码或名称筛选", placeholder="编码前几位，或名称中的字")

if table_id is None:
    st.info("这份文件中没有识别出表格。")
    st.stop()
table = doc_tables.loc[table_id]
# Plain ints: sqlite binds a numpy integer as a BLOB, and the line query would silently match nothing.
first, last = int(table["line_start"]), int(table["line_end"])
grid = tables.filter_rows(tables.table_grid(tables.table_items(INDEX, doc, table_id)), query)

parsed, source = st.columns([3, 2])
with parsed:
    st.subheader(table["title"])
    st.caption(f"单位：{table['unit'] or '未声明'} · 原文{sources.lines_label(first, last)}"
               f" · {len(grid)} 行")
    st.dataframe(grid, hide_index=True)
    csv_button, excel_button = st.columns(2)
    csv_button.download_button("下载 CSV", tables.to_csv(grid), file_name=f"{doc}_{table_id}.csv",
                               mime="text/csv", on_click="ignore")
    excel_button.download_button("下载 Excel", tables.to_excel(grid, table_id), file_name=f"{doc}_{table_id}.xlsx",
                                 mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                 on_click="ignore")
with source:
    st.subheader("原文")
    st.html(sources.STYLE + sources.source_html(source_lines(INDEX, doc, first, last),
                                                line_pages(INDEX, doc, first, last), (), scroll=True))

st.subheader("核对发现")
findings = load_findings(INDEX, doc)
table_findings = tables.table_findings(findings, table["title"])
if table_findings.empty:
    st.success("本表未发现勾稽不符。")
else:
    st.dataframe(table_findings, hide_index=True)
with st.expander(f"本文件全部核对发现（{len(findings)} 条）"):
    st.dataframe(tables.findings_view(findings), hide_index=True)
