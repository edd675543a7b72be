"""Chat page: questions over the indexed budget disclosures, each answer with its sources.

Layout and calls only: answering lives in qa_app.service, everything else in qa_app.ui.
"""
from pathlib import Path

import streamlit as st

from indexer.models import ParseError
from indexer.reader import MAX_PDF_BYTES, SUFFIXES
from indexer.store import line_pages, source_lines
from core.config import load_settings
from qa_app.service import QAService
from qa_app.ui import charts, conversation, corpus, sources, tables, uploader
from qa_app.ui.navigation import page_links

st.set_page_config(page_title="预算公开问答", page_icon=":material/forum:", layout="wide")
settings = load_settings()
INDEX = Path(settings.index_dir)


@st.cache_resource(show_spinner="正在加载模型和索引…")
def get_service(settings, build: str) -> QAService:
    """One service per finished build: `build` is the folder the index link points to, which a
    rebuild (from here or from the CLI) replaces."""
    return QAService(settings)


def rebuild(label: str) -> None:
    bar = st.progress(0.0, text=label)
    try:
        report = corpus.build_with_progress(settings, bar.progress)
    except corpus.CorpusNotFoundError as exc:
        st.error(str(exc))
        st.stop()
    get_service.clear()
    for skipped in (f for f in report.files if not f.ok):
        notify("warning", f"未能索引：{skipped.message}")


def notify(kind: str, text: str) -> None:
    """Messages that must survive the rerun that follows a rebuild."""
    st.session_state.setdefault("notices", []).append((kind, text))


def review_documents(flagged) -> None:
    """Documents read with a warning, each with a form to correct its agency and year."""
    for row in flagged.itertuples():
        with st.expander(f"请核对：{row.agency}（{row.year or '年度未知'}）· {row.doc}", expanded=True,
                         icon=":material/warning:"):
            for warning in row.warnings:
                st.warning(warning)
            with st.form(f"correct-{row.doc}"):
                agency = st.text_input("单位名称", value=row.agency or "")
                year = st.number_input("年度", min_value=1990, max_value=2100, value=row.year or None, step=1)
                if st.form_submit_button("保存更正并重新索引"):
                    corpus.correct(settings, row.doc, agency, None if year is None else int(year))
                    rebuild(f"正在按更正重新索引 {row.doc}…")
                    notify("success", f"已更正 {row.doc}：{agency}（{year or '年度未知'}）。")
                    st.rerun()


def manage_corpus(documents) -> bool:
    """The sidebar's 管理 section: read-only unless the configured admin token is entered.
    Returns whether this session may change the corpus."""
    if not settings.admin_token:
        return False
    st.header("管理")
    entered = st.text_input("管理口令", type="password", key="admin_entry",
                            help="输入管理口令后可上传、删除文件和重建索引。")
    if not corpus.admin_unlocked(settings, entered):
        if entered:
            st.warning("管理口令不正确。")
        return False
    if st.button("重建索引"):
        rebuild("正在重建索引…")
        notify("success", "索引已重建。")
        st.rerun()
    upload_form()
    delete_form(documents)
    return True


def upload_form() -> None:
    st.html(uploader.uploader_style(MAX_PDF_BYTES // 2**20, sorted(SUFFIXES)))
    with st.form("upload", clear_on_submit=True):
        upload = st.file_uploader("上传预算公开文件（有文本层的 PDF，或 .txt / .md 文本，UTF-8 或 GBK）",
                                  type=sorted(s.lstrip(".") for s in SUFFIXES),
                                  max_upload_size=MAX_PDF_BYTES // 2**20,
                                  help="把文件拖到框内，或点“选择文件”。导入后自动重建索引。")
        submitted = st.form_submit_button("导入并索引")
    if submitted and upload is not None:
        try:
            added = corpus.add_disclosure(Path(settings.corpus_dir), upload.name, upload.getvalue())
        except ParseError as exc:
            st.error(f"无法导入 {upload.name}：{exc}")
        else:
            rebuild(f"正在索引 {upload.name}…")
            notify("success", f"已导入 {added.meta.agency}（{added.meta.year or '年度未知'}）：{len(added.tables)} 张表，"
                              f"{len(added.items)} 条明细，现在可以提问。")
            st.rerun()


def delete_form(documents) -> None:
    with st.form("delete", clear_on_submit=True):
        doc = st.selectbox("删除文件", documents["doc"], index=None, placeholder="选择要删除的文件",
                           format_func=lambda d: corpus.document_label(documents, d))
        sure = st.checkbox("确认删除：文件从语料文件夹移除，其明细和段落随重建一并删除")
        submitted = st.form_submit_button("删除并重新索引")
    if submitted and doc is not None:
        if not sure:
            st.warning("请先勾选确认删除。")
            return
        try:
            removed = corpus.remove_disclosure(Path(settings.corpus_dir), doc)
        except FileNotFoundError as exc:
            st.error(str(exc))
            return
        rebuild(f"正在删除 {removed.name} 并重新索引…")
        notify("success", f"已删除 {removed.name}。")
        st.rerun()


def ask(question: str) -> None:
    st.session_state.pending = question


def show_answer(turn: conversation.Turn) -> None:
    answer = turn.answer
    if answer.refused or answer.error:
        # A refusal is an answer too ("not in these documents", a figure the guard could not
        # verify): information, not a crash.
        st.info(answer.text, icon=":material/info:")
    else:
        head = conversation.headline(answer)
        if head:
            st.metric(*head)
        st.markdown(answer.text)
        show_chart(answer)
    if answer.formula:
        st.markdown(f"计算：`{answer.formula}`")
    for warning in answer.warnings:
        st.warning(warning, icon=":material/warning:")
    for n, suggestion in enumerate(answer.suggestions):  # did-you-mean: one click asks it
        st.button(suggestion, key=f"meant-{turn.id}-{n}", on_click=ask, args=(suggestion,), icon=":material/help:")
    for n, c in enumerate(answer.citations, 1):
        first, last = sources.window(c)
        pages = line_pages(INDEX, c.doc, first, last)
        with st.expander(f"来源 {n}：{conversation.citation_title(c, pages)}"):
            if c.kind == "table" and c.table_id:
                rows = tables.cited_rows(tables.table_items(INDEX, c.doc, c.table_id), c)
                if rows is not None:
                    st.dataframe(rows, hide_index=True)
            st.html(sources.citation_html(source_lines(INDEX, c.doc, first, last), pages, c))
    show_feedback(turn)


def show_chart(answer) -> None:
    """The cited figures as bars, when there are several of one unit (a breakdown, a ranking,
    years or agencies side by side)."""
    cited = charts.cited_figures(answer, lambda c: tables.table_items(INDEX, c.doc, c.table_id),
                                 corpus.short_names(service.documents()))
    if cited is not None:
        frame, unit = cited
        st.altair_chart(charts.bar_chart(frame, unit))
        st.caption(f"图中为本回答引用的 {len(frame)} 个数字（{charts.axis_title(unit)}），与下方来源一一对应。")


def show_steps(answer) -> None:
    for step in answer.steps:
        st.markdown(f"- {conversation.plain_step(step)}")


def show_feedback(turn: conversation.Turn) -> None:
    if turn.feedback:
        st.caption(f"已收到反馈：{'有帮助' if turn.feedback['rating'] == 'up' else '没有帮助'}")
        return
    rating = st.feedback("thumbs", key=f"rating-{turn.id}")
    if rating is not None:
        comment = st.text_input("补充说明（可选）", key=f"comment-{turn.id}")
        if st.button("提交反馈", key=f"send-{turn.id}"):
            conversation.save_feedback(INDEX, turn, thumbs_up=rating == 1, comment=comment)
            st.rerun()


if corpus.index_status(INDEX) is None:
    st.info("尚未建立索引，正在从语料文件夹建立（首次约需一分钟）…")
    rebuild("正在建立索引…")
status = corpus.index_status(INDEX)
if status is None or status.documents == 0:
    st.error(f"语料文件夹 {settings.corpus_dir} 中没有可索引的预算公开文件。")
    st.stop()
service = get_service(settings, str(INDEX.resolve()))
history: list[conversation.Turn] = st.session_state.setdefault("history", [])

page_links()
with st.sidebar:
    for kind, text in st.session_state.pop("notices", []):
        getattr(st, kind)(text)

    st.header("文件范围")
    documents = service.documents()
    agencies = st.multiselect("单位", sorted(documents["agency"].unique()), placeholder="全部单位")
    years = st.multiselect("年度", sorted(documents["year"].dropna().astype(int).unique()), placeholder="全部年度")
    docs = corpus.select_docs(documents, agencies, years)
    if docs == []:
        st.warning("没有同时符合所选单位和年度的文件。")

    st.header("索引")
    left, right = st.columns(2)
    left.metric("文件", status.documents)
    right.metric("明细", status.items)
    left.metric("段落", status.passages)
    right.metric("核对发现", status.findings)
    st.caption(f"建立于 {status.built_at}，用时 {status.seconds} 秒")
    admin = manage_corpus(documents)

    st.header("对话")
    # Filled at the end of the run, so the export already holds the answer given in this run.
    conversation_panel = st.container()

st.html(sources.STYLE)
st.title("预算公开问答")
st.caption("回答部门预算、单位预算和决算公开文件中的数字与说明；每个数字都附有原文行号（PDF 另附页码）。")
if admin:
    review_documents(corpus.needing_review(documents))

question = st.chat_input("请输入问题，例如某单位某年度某项支出是多少", max_chars=settings.max_question_chars,
                         disabled=docs == [])
question = question or st.session_state.pop("pending", None)

for turn in history:
    with st.chat_message("user"):
        st.markdown(turn.question)
    with st.chat_message("assistant"):
        with st.status("查找过程", state="complete"):
            show_steps(turn.answer)
        show_answer(turn)

if not history and not question:
    st.markdown("**可以这样问：**")
    for n, example in enumerate(service.suggestions()):
        st.button(example, key=f"suggestion-{n}", on_click=ask, args=(example,))

if question and docs != []:
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        with st.status("正在查找…", expanded=True) as progress:
            previous = conversation.context(history, st.session_state.get("topic_start", 0))
            answer = service.ask(question, docs, previous=previous)
            show_steps(answer)
            progress.update(label="查找过程", state="complete", expanded=False)
        turn = conversation.Turn(question, answer, docs)
        history.append(turn)
        show_answer(turn)

def new_topic() -> None:
    st.session_state.topic_start = len(history)


with conversation_panel:
    st.button("新话题", on_click=new_topic, disabled=not history, help="下一问不再沿用上一问的单位和年度")
    st.button("清空对话", on_click=lambda: (history.clear(), new_topic()), disabled=not history)
    st.download_button("导出 Markdown", conversation.to_markdown(history), file_name="预算问答.md",
                       mime="text/markdown", on_click="ignore", disabled=not history)
    st.download_button("导出 JSON（含来源）", conversation.to_json(history), file_name="预算问答.json",
                       mime="application/json", on_click="ignore", disabled=not history)
