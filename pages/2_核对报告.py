"""Audit report for reviewers: every finding of the rule catalogue (indexer/checks) with its rule,
severity, both figures, the difference, every location and both source lines; filter by rule and
severity, grouped by cause; download as Markdown or Excel (findings + rule catalogue). Layout and
calls only; the report is indexer.audit's."""
import streamlit as st

from indexer import audit
from indexer.checks.catalogue import BY_ID
from indexer.store import load_documents
from qa_app.ui import corpus, tables
from qa_app.ui.navigation import open_reviewer_page

INDEX = open_reviewer_page("核对报告", ":material/fact_check:")
EXPLORER = "pages/1_明细浏览.py"  # opens on the doc, table and line given as query parameters

documents = load_documents(INDEX)
all_rows = audit.audit_rows(INDEX)
with st.sidebar:
    doc = st.selectbox("文件", [None, *documents["doc"]],
                       format_func=lambda d: "全部文件" if d is None else corpus.document_label(documents, d))
    present = sorted({r.rule for r in all_rows if r.rule})
    rules = st.multiselect("规则", present, format_func=lambda r: f"{r} {BY_ID[r].title}" if r in BY_ID else r,
                           placeholder="选择规则…（不选即全部）")
    severities = st.multiselect("严重程度", ["错误", "提示"], default=["错误", "提示"], placeholder="选择…")

rows = [r for r in all_rows if (doc is None or r.doc == doc) and (not rules or r.rule in rules)
        and r.severity in severities]
for d in ([doc] if doc else list(documents["doc"])):
    st.caption(audit.summary(all_rows, INDEX, d))
if not rows:
    st.success("没有符合筛选条件的核对发现。")
    st.stop()
st.dataframe(tables.audit_view(rows), hide_index=True)
markdown_button, excel_button = st.columns(2)
stem = doc or "all"
markdown_button.download_button("下载 Markdown", audit.to_markdown(rows), file_name=f"audit_{stem}.md",
                                mime="text/markdown", on_click="ignore")
excel_button.download_button("下载 Excel", audit.to_excel(rows), file_name=f"audit_{stem}.xlsx",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             on_click="ignore")

by_cause: dict[str, list] = {}
for r in rows:
    by_cause.setdefault(r.rule or r.kind, []).append(r)
for cause, group in by_cause.items():
    # a heading in the reader's words: the rule and its title, never the checks' internal kind
    title = f"{cause} {BY_ID[cause].title}" if cause in BY_ID else tables.FINDING_KINDS.get(cause, "其他核对发现")
    st.subheader(f"{title}（{len(group)} 条）")
    for i, r in enumerate(group, 1):
        with st.expander(f"{i}. [{r.severity}] {r.doc} · {r.message}"):
            st.markdown(f"**{r.table}** · {r.item} · 差额 {r.difference}")
            st.caption(f"位置：{r.locations}")
            for table_id, title, line in r.tables:
                st.page_link(EXPLORER, label=f"在明细浏览中打开《{title}》（第{line}行）", icon=":material/table_view:",
                             query_params={"doc": r.doc, "table": table_id, "line": str(line)})
            side_a, side_b = st.columns(2)
            side_a.caption(f"数值A {r.value_a}（第{r.line_a}行）")
            side_a.code(r.text_a, language=None)
            side_b.caption(f"数值B {r.value_b}（第{r.line_b}行）")
            side_b.code(r.text_b, language=None)
