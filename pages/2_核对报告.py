"""Audit report for reviewers: every reconciliation finding in the index (totals vs sums,
cross-table mismatches, prose vs table) with both figures, the difference and both source lines
verbatim, downloadable as Markdown or CSV. Layout and calls only; the report is indexer.audit's."""
import streamlit as st

from indexer import audit
from indexer.store import load_documents
from qa_app.ui import corpus, tables
from qa_app.ui.navigation import open_reviewer_page

INDEX = open_reviewer_page("核对报告", ":material/fact_check:")

documents = load_documents(INDEX)
with st.sidebar:
    doc = st.selectbox("文件", [None, *documents["doc"]],
                       format_func=lambda d: "全部文件" if d is None else corpus.document_label(documents, d))

rows = audit.audit_rows(INDEX, doc)
st.caption(f"共 {len(rows)} 条发现，涉及 {len({r.doc for r in rows})} 个文件")
if not rows:
    st.success("索引中没有勾稽问题。")
    st.stop()
st.dataframe(tables.audit_view(rows), hide_index=True)
markdown_button, csv_button = st.columns(2)
stem = doc or "all"
markdown_button.download_button("下载 Markdown", audit.to_markdown(rows), file_name=f"audit_{stem}.md",
                                mime="text/markdown", on_click="ignore")
csv_button.download_button("下载 CSV", audit.to_csv(rows).encode("utf-8-sig"), file_name=f"audit_{stem}.csv",
                           mime="text/csv", on_click="ignore")

for i, r in enumerate(rows, 1):
    with st.expander(f"{i}. {r.doc} · {tables.FINDING_KINDS.get(r.kind, r.kind)} · {r.message}"):
        st.markdown(f"**{r.table}** · {r.item} · 差额 {r.difference}")
        side_a, side_b = st.columns(2)
        side_a.caption(f"数值A {r.value_a}（第{r.line_a}行）")
        side_a.code(r.text_a, language=None)
        side_b.caption(f"数值B {r.value_b}（第{r.line_b}行）")
        side_b.code(r.text_b, language=None)
