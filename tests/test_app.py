"""The Streamlit pages driven headlessly with AppTest, on a copy of the session's built index.

Every test works on copies under pytest's temporary folder: the app writes feedback into the
index folder and uploads into the corpus folder, and neither may touch the repository.
"""
from __future__ import annotations

import html
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from core.config import ROOT, load_settings
from indexer.numbers import parse_amount
from indexer.passage_index import read_manifest
from indexer.store import line_pages, load_documents, load_findings, load_tables, source_lines
from indexer.vector_store import VectorStore, collection_name
from qa_app.ui import conversation, corpus, sources
from tests.conftest import CORPUS_DIR, DEV_PDF

CHAT_PAGE = str(ROOT / "streamlit_app.py")
EXPLORER_PAGE = "pages/1_明细浏览.py"
pytestmark = pytest.mark.slow  # loads the embedding model, builds or copies an index

TIMEOUT = 300  # a run may load the embedding model or build an index

NUMERIC = ("北戴河医保局2023年部门预算收入总计是多少？", "404.67 万元")  # dev set q001
DESCRIPTIVE = "离石医保中心内设哪些科室？"  # dev set
UNNAMED = "这个单位内设哪些科室？"  # names no agency: only the sidebar filter says which
REFUSED = "北京市朝阳区医疗保障局2023年三公经费是多少？"  # dev set q179: agency not in the corpus
LISHI = "lishi_2023_budget"
BDH = "beidaihe_2023_budget"


def copy_of(built_index: Path, root: Path) -> tuple[Path, Path]:
    shutil.copytree(CORPUS_DIR, root / "corpus")
    shutil.copytree(built_index.resolve(), root / "index")
    return root / "index", root / "corpus"


@pytest.fixture(scope="module")
def shared_copy(built_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return copy_of(built_index, tmp_path_factory.mktemp("app"))


@pytest.fixture
def use_dirs(monkeypatch: pytest.MonkeyPatch):
    def use(index_dir: Path, corpus_dir: Path) -> None:
        monkeypatch.setenv("BUDGETQA_INDEX_DIR", str(index_dir))
        monkeypatch.setenv("BUDGETQA_CORPUS_DIR", str(corpus_dir))
    return use


ADMIN_TOKEN = "s3cret-令牌"


def unlock(at: AppTest, token: str = ADMIN_TOKEN) -> AppTest:
    """Enter the admin token in the sidebar, as an administrator does."""
    next(t for t in at.sidebar.text_input if t.label == "管理口令").set_value(token).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def admin_app(built_index, tmp_path, use_dirs, monkeypatch) -> tuple[AppTest, Path, Path]:
    """The chat page on its own copy of index and corpus (admin actions change both), unlocked."""
    index_dir, corpus_dir = copy_of(built_index, tmp_path)
    use_dirs(index_dir, corpus_dir)
    monkeypatch.setenv("BUDGETQA_ADMIN_TOKEN", ADMIN_TOKEN)
    return unlock(AppTest.from_file(CHAT_PAGE, default_timeout=TIMEOUT).run()), index_dir, corpus_dir


def admin_controls(at: AppTest) -> list[str]:
    return ([b.label for b in at.sidebar.button if b.label == "重建索引"]
            + [f.label for f in at.sidebar.get("file_uploader")]
            + [b.label for b in at.sidebar.form_submit_button])


@pytest.fixture
def chat(shared_copy, use_dirs) -> AppTest:
    use_dirs(*shared_copy)
    at = AppTest.from_file(CHAT_PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """{url: bytes} of every file a download button hands the browser: AppTest's media store
    is dropped at the end of each run, so the files are kept as they are added."""
    files: dict[str, bytes] = {}
    add = MediaFileManager.add

    def keep(self, data, *args, **kwargs):
        url = add(self, data, *args, **kwargs)
        files[url] = data
        return url
    monkeypatch.setattr(MediaFileManager, "add", keep)
    return files


def ask(at: AppTest, question: str) -> conversation.Turn:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at.session_state["history"][-1]


SOURCE_LINE = re.compile(r'<div class="src-line( cited)?" data-line="(\d+)"><span class="src-no">(\d+)</span>'
                         r'<span class="src-text">(.*?)</span></div>', re.S)


def shown_source(body: str) -> list[tuple[int, bool, str, list[str]]]:
    """(line, cited, text as shown, highlighted figures) for each line of a source pane."""
    out = []
    for cited, n, gutter, text in SOURCE_LINE.findall(body):
        assert n == gutter
        marks = [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", text)]
        out.append((int(n), bool(cited), html.unescape(re.sub(r"</?mark>", "", text)), marks))
    return out


def assert_sources_are_verbatim(at: AppTest, index_dir: Path, turn: conversation.Turn) -> None:
    """One expander per citation, titled with document and lines, holding those lines of the
    corpus file exactly (set off from their context), the cited figure highlighted on them."""
    expanders = [e for e in at.main.expander if e.label.startswith("来源")]
    assert len(expanders) == len(turn.answer.citations) > 0
    for expander, c in zip(expanders, turn.answer.citations):
        assert c.doc in expander.label and sources.lines_label(c.line_start, c.line_end) in expander.label
        corpus_lines = (index_dir.parent / "corpus" / f"{c.doc}.txt").read_text(encoding="utf-8").split("\n")
        shown = shown_source(expander.get("html")[-1].value)
        assert [n for n, cited, _, _ in shown if cited] == list(range(c.line_start, c.line_end + 1))
        for n, _, text, _ in shown:
            assert text == corpus_lines[n - 1]
        if c.value:
            # a scan prints 0. 12 where the store reads 0.12
            assert {c.value} == {re.sub(r"\s", "", m) for _, cited, _, marks in shown if cited for m in marks}


def test_numeric_question_shows_value_sources_and_cited_row(chat, shared_copy):
    question, value = NUMERIC
    turn = ask(chat, question)
    assert not turn.answer.refused and turn.answer.value is not None
    assert [m.value for m in chat.main.metric] == [value]
    assert any(m.value == turn.answer.text for m in chat.main.markdown)
    assert [m.name for m in chat.chat_message] == ["user", "assistant"]
    assert chat.chat_message[0].markdown[0].value == question
    steps = chat.status[0].markdown
    assert [s.value for s in steps] == [f"- {conversation.plain_step(s)}" for s in turn.answer.steps] and steps
    assert not any("意图" in s.value or "lookup" in s.value for s in steps)
    assert_sources_are_verbatim(chat, shared_copy[0], turn)
    if any(c.kind == "table" for c in turn.answer.citations):
        assert any("404.67" in df.value.to_string() for df in chat.main.dataframe)
    assert [w.value for w in chat.main.warning] == turn.answer.warnings


RANKING = "碑林医保经办中心2024年哪个项目的支出最多？"  # cites the 专项业务经费 table's rows, in 元


def chart_rows(at: AppTest) -> tuple[dict, pd.DataFrame]:
    """The one chart on the page: its Vega-Lite spec and the data it draws."""
    (chart,) = at.main.get("vega_lite_chart")
    (data,) = chart.proto.datasets
    return json.loads(chart.proto.spec), pa.ipc.open_stream(data.data.data).read_pandas()


def test_multi_figure_answer_draws_exactly_its_cited_figures(chat):
    turn = ask(chat, RANKING)
    cited = [c for c in turn.answer.citations if c.kind == "table"]
    assert len(cited) >= 2 and not turn.answer.refused
    spec, data = chart_rows(chat)
    assert spec["encoding"]["x"]["title"] == "金额（元）"
    assert list(data["项目"]) == [c.row for c in cited] and list(data["原文数字"]) == [c.value for c in cited]
    assert list(data["数额"]) == [float(parse_amount(c.value).value) for c in cited]
    assert any(c.value.startswith(f"图中为本回答引用的 {len(cited)} 个数字") for c in chat.main.caption)


def test_single_figure_answer_has_no_chart(chat):
    ask(chat, NUMERIC[0])
    assert not chat.main.get("vega_lite_chart")


def test_descriptive_question_shows_text_and_section_sources(chat, shared_copy):
    turn = ask(chat, DESCRIPTIVE)
    assert not turn.answer.refused and turn.answer.value is None and not chat.main.metric
    assert any(m.value == turn.answer.text for m in chat.main.markdown)
    assert LISHI in turn.answer.docs
    assert_sources_are_verbatim(chat, shared_copy[0], turn)


def test_refusal_is_an_info_message_without_a_value(chat):
    turn = ask(chat, REFUSED)
    assert turn.answer.refused
    assert [i.value for i in chat.main.info] == [turn.answer.text] and not chat.main.metric
    assert not chat.main.error and chat.status[0].state == "complete"


def test_suggestions_come_from_the_service_and_ask_when_clicked(chat):
    suggestions = [b for b in chat.main.button if b.key and b.key.startswith("suggestion-")]
    assert suggestions, "no example questions on first load"
    question = suggestions[0].label
    suggestions[0].click().run()
    assert not chat.exception, chat.exception
    assert chat.chat_message[0].markdown[0].value == question
    assert chat.session_state["history"][-1].question == question
    assert not [b for b in chat.main.button if b.key and b.key.startswith("suggestion-")]


def test_document_filter_is_passed_to_the_service(chat, shared_copy):
    documents = load_documents(shared_copy[0]).set_index("doc")
    agency, year = documents.at[LISHI, "agency"], int(documents.at[LISHI, "year"])
    chat.sidebar.multiselect[0].set_value([agency]).run()
    assert ask(chat, UNNAMED).docs == [LISHI]

    other_year = next(int(y) for y in documents["year"].dropna() if int(y) != year)
    chat.sidebar.multiselect[1].set_value([other_year]).run()
    assert any("没有同时符合" in w.value for w in chat.sidebar.warning)
    assert chat.chat_input[0].proto.disabled


def test_filtered_answer_cites_only_the_chosen_documents(chat, shared_copy):
    agency = load_documents(shared_copy[0]).set_index("doc").at[LISHI, "agency"]
    chat.sidebar.multiselect[0].set_value([agency]).run()
    answer = ask(chat, UNNAMED).answer
    assert not answer.refused and {c.doc for c in answer.citations} == {LISHI}


def test_feedback_clear_and_export(chat, shared_copy):
    ask(chat, NUMERIC[0])
    exports = [b for b in chat.sidebar.get("download_button")]
    assert [b.label for b in exports] == ["导出 Markdown", "导出 JSON（含来源）"]
    assert not any(b.proto.disabled for b in exports)

    chat.feedback[0].set_value(0).run()
    chat.text_input[0].set_value("单位应是万元").run()
    next(b for b in chat.button if b.key and b.key.startswith("send-")).click().run()
    assert not chat.exception, chat.exception
    record = (shared_copy[0] / conversation.FEEDBACK_FILE).read_text(encoding="utf-8").splitlines()[-1]
    assert '"rating": "down"' in record and "单位应是万元" in record and NUMERIC[0] in record
    assert any(c.value == "已收到反馈：没有帮助" for c in chat.main.caption)

    next(b for b in chat.sidebar.button if b.label == "清空对话").click().run()
    assert not chat.chat_message and chat.session_state["history"] == []
    assert [b for b in chat.main.button if b.key and b.key.startswith("suggestion-")]


def test_upload_of_a_good_file_is_indexed_and_askable_at_once(admin_app):
    at, index_dir, corpus_dir = admin_app
    # A real corpus file under a new name, in GBK as many agencies publish it.
    data = (CORPUS_DIR / f"{LISHI}.txt").read_text(encoding="utf-8").encode("gbk")
    at.sidebar.file_uploader[0].set_value(("lishi_copy_2023_budget.txt", data, "text/plain"))
    at.sidebar.form_submit_button[0].click().run()
    assert not at.exception, at.exception
    assert any("已导入" in s.value for s in at.sidebar.success)
    assert (corpus_dir / "lishi_copy_2023_budget.txt").read_bytes() == data
    assert next(m.value for m in at.sidebar.metric if m.label == "文件") == "6"

    agency = load_documents(index_dir).set_index("doc").at[LISHI, "agency"]
    at.sidebar.multiselect[0].set_value([agency]).run()
    turn = ask(at, DESCRIPTIVE)
    assert sorted(turn.docs) == [LISHI, "lishi_copy_2023_budget"]  # the cached service was replaced
    assert not turn.answer.refused


@pytest.mark.skipif(not (DEV_PDF / "changsha_zhijiao_2026_budget.pdf").is_file(), reason="dev corpus absent")
def test_upload_of_a_real_pdf_is_indexed_with_pages_and_answered(admin_app):
    at, index_dir, corpus_dir = admin_app
    data = (DEV_PDF / "changsha_zhijiao_2026_budget.pdf").read_bytes()
    at.sidebar.file_uploader[0].set_value(("changsha_zhijiao_2026_budget.pdf", data, "application/pdf"))
    at.sidebar.form_submit_button[0].click().run()
    assert not at.exception, at.exception
    assert any("已导入 长沙职业教育基地综合协调办公室（2026）" in s.value for s in at.sidebar.success)
    # page 13, 部门收入总体情况表: 205 | 03 | 99 | 其他职业教育支出 | 656.73 (万元)
    turn = ask(at, "长沙职业教育基地综合协调办公室2026年2050399其他职业教育支出是多少？")
    assert turn.answer.value == Decimal("656.73")
    cited = turn.answer.citations[0]
    assert cited.doc == "changsha_zhijiao_2026_budget"
    line = dict(source_lines(index_dir, cited.doc, cited.line_start, cited.line_start))[cited.line_start]
    assert "其他职业教育支出" in line and "656.73" in line
    # the row is printed on pages 13 (收入总表), 14 (支出总表) and 17 (一般公共预算支出表)
    assert line_pages(index_dir, cited.doc, cited.line_start, cited.line_start)[cited.line_start] in (13, 14, 17)


def test_upload_of_a_binary_file_is_refused_and_changes_nothing(admin_app):
    at, index_dir, corpus_dir = admin_app
    build, files = index_dir.resolve(), sorted(p.name for p in corpus_dir.iterdir())
    at.sidebar.file_uploader[0].set_value(("scan.txt", bytes(range(256)) * 64, "text/plain"))
    at.sidebar.form_submit_button[0].click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.sidebar.error] == ["无法导入 scan.txt：binary file, not a text disclosure"]
    assert sorted(p.name for p in corpus_dir.iterdir()) == files and index_dir.resolve() == build


def test_read_only_without_a_configured_token(chat):
    assert admin_controls(chat) == [] and not [t for t in chat.sidebar.text_input if t.label == "管理口令"]
    assert not [h for h in chat.sidebar.header if h.value == "管理"]


def test_admin_controls_only_with_the_right_token(shared_copy, use_dirs, monkeypatch):
    use_dirs(*shared_copy)
    monkeypatch.setenv("BUDGETQA_ADMIN_TOKEN", ADMIN_TOKEN)
    at = AppTest.from_file(CHAT_PAGE, default_timeout=TIMEOUT).run()
    assert admin_controls(at) == []
    unlock(at, ADMIN_TOKEN[:-1])
    assert admin_controls(at) == [] and [w.value for w in at.sidebar.warning] == ["管理口令不正确。"]
    unlock(at)
    assert admin_controls(at) == ["重建索引", "上传预算公开文件（有文本层的 PDF，或 .txt / .md 文本，UTF-8 或 GBK）",
                                  "导入并索引", "删除并重新索引"]


def test_delete_removes_the_file_and_its_items_and_passages(admin_app):
    at, index_dir, corpus_dir = admin_app
    delete = next(f for f in at.sidebar.form if f.selectbox and f.selectbox[0].label == "删除文件")
    delete.selectbox[0].set_value(LISHI)
    delete.form_submit_button[0].click().run()  # not confirmed: nothing happens
    assert (corpus_dir / f"{LISHI}.txt").exists() and [w.value for w in at.sidebar.warning] == ["请先勾选确认删除。"]

    delete = next(f for f in at.sidebar.form if f.selectbox and f.selectbox[0].label == "删除文件")
    delete.selectbox[0].set_value(LISHI)
    delete.checkbox[0].check()
    delete.form_submit_button[0].click().run()
    assert not at.exception, at.exception
    assert not (corpus_dir / f"{LISHI}.txt").exists()
    assert any(s.value == f"已删除 {LISHI}.txt。" for s in at.sidebar.success)
    assert LISHI not in set(load_documents(index_dir)["doc"]) and next(
        m.value for m in at.sidebar.metric if m.label == "文件") == "4"
    build = index_dir.resolve()  # its passages and vectors went with the rebuild
    vectors = VectorStore.open(build, load_settings(), collection_name(build, load_settings())).docs()
    assert LISHI not in read_manifest(build)["docs"] and LISHI not in vectors and len(vectors) == 4


def test_missing_index_is_built_on_start(tmp_path, use_dirs):
    (tmp_path / "corpus").mkdir()
    shutil.copy(CORPUS_DIR / f"{LISHI}.txt", tmp_path / "corpus")
    use_dirs(tmp_path / "index", tmp_path / "corpus")
    at = AppTest.from_file(CHAT_PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert at.get("progress") and corpus.index_status(tmp_path / "index").documents == 1
    assert next(m.value for m in at.sidebar.metric if m.label == "文件") == "1"
    assert not ask(at, DESCRIPTIVE).answer.refused


@pytest.fixture
def explorer(shared_copy, use_dirs) -> AppTest:
    use_dirs(*shared_copy)
    at = AppTest.from_file(CHAT_PAGE, default_timeout=TIMEOUT).run()
    at.switch_page(EXPLORER_PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "明细浏览"
    return at


def test_explorer_shows_table_source_findings_and_filters(explorer, shared_copy):
    doc = "beidaihe_2023_budget"
    t = load_tables(shared_copy[0], doc).set_index("title").loc["部门预算支出总表"]
    explorer.sidebar.selectbox[0].set_value(doc).run()
    explorer.sidebar.selectbox[1].set_value(t["table_id"]).run()
    grid = explorer.main.dataframe[0].value
    assert list(grid.columns[:3]) == ["行号", "科目编码", "科目名称"] and "卫生健康支出" in set(grid["科目名称"])
    source = shown_source(explorer.main.get("html")[-1].value)
    assert (source[0][0], source[-1][0]) == (t["line_start"], t["line_end"])
    assert len(explorer.main.dataframe) >= 2 and "类型" in explorer.main.dataframe[1].value.columns  # its findings
    assert [b.label for b in explorer.main.get("download_button")] == ["下载 CSV", "下载 Excel"]
    assert "卫生健康支出" in set(chart_rows(explorer)[1]["项目"].str.split(" ").str[-1])

    explorer.sidebar.text_input[0].set_value("210").run()
    by_code = explorer.main.dataframe[0].value
    assert 1 < len(by_code) < len(grid) and by_code["科目编码"].str.startswith("210").all()
    explorer.sidebar.text_input[0].set_value("医疗").run()
    by_name = explorer.main.dataframe[0].value
    assert len(by_name) > 1 and by_name["科目名称"].str.contains("医疗").all()


def test_explorer_filter_is_reset_for_the_next_table(explorer):
    explorer.sidebar.selectbox[0].set_value(BDH).run()
    explorer.sidebar.text_input[0].set_value("没有这一行").run()
    assert explorer.main.dataframe[0].value.empty and "没有科目编码以“没有这一行”开头" in explorer.main.info[0].value
    next_table = explorer.sidebar.selectbox[1].options[1]
    explorer.sidebar.selectbox[1].select(next_table).run()
    assert explorer.sidebar.text_input[0].value == "" and not explorer.main.dataframe[0].value.empty


def test_explorer_source_pane_follows_the_chosen_rows(explorer, shared_copy):
    # beidaihe 部门预算支出总表, one cell per line: 210 卫生健康支出 has its figures on lines 634-636
    t = load_tables(shared_copy[0], BDH).set_index("title").loc["部门预算支出总表"]
    explorer.sidebar.selectbox[0].set_value(BDH).run()
    explorer.sidebar.selectbox[1].set_value(t["table_id"]).run()
    grid = explorer.main.dataframe[0]
    row = list(grid.value["科目编码"]).index("210")
    explorer.session_state[grid.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    explorer.run()
    assert not explorer.exception, explorer.exception
    shown = shown_source(explorer.main.get("html")[-1].value)
    assert [n for n, cited, _, _ in shown if cited] == [634, 635, 636]
    assert [n for n, *_ in shown] == list(range(632, 639))  # two lines of context either side
    assert "已选 1 行：第634–636行" in [c.value for c in explorer.main.caption]
    assert "不足两个数字" in explorer.main.info[0].value and not explorer.main.get("vega_lite_chart")

    explorer.session_state[grid.key] = {"selection": {"rows": [row, row + 1], "columns": [], "cells": []}}
    explorer.run()
    spec, data = chart_rows(explorer)  # the chosen rows only, in their 合计 column
    below = grid.value.iloc[row + 1]
    assert list(data["项目"]) == ["210 卫生健康支出", f"{below['科目编码']} {below['科目名称']}"]
    assert list(data["原文数字"]) == ["363.15", below["合计"]] and spec["encoding"]["x"]["title"] == "金额（万元）"


def test_explorer_export_names_document_table_unit_line_and_page(explorer, shared_copy, downloads):
    t = load_tables(shared_copy[0], BDH).set_index("title").loc["部门预算支出总表"]
    explorer.sidebar.selectbox[0].set_value(BDH).run()
    explorer.sidebar.selectbox[1].set_value(t["table_id"]).run()
    explorer.sidebar.text_input[0].set_value("210").run()
    csv = next(b for b in explorer.main.get("download_button") if b.label == "下载 CSV")
    exported = pd.read_csv(io.BytesIO(downloads[csv.proto.url]), dtype=str, keep_default_na=False)
    assert list(exported.columns[:7]) == ["文件", "表格", "单位", "行号", "页码", "科目编码", "科目名称"]
    row = exported[exported["科目编码"] == "210"].iloc[0]
    assert (row["文件"], row["表格"], row["单位"], row["行号"], row["页码"], row["合计"]) == \
        (BDH, "部门预算支出总表", "万元", "634–636", "", "363.15")
    assert exported["科目编码"].str.startswith("210").all()  # what is shown is what is exported


def test_explorer_table_without_findings_says_so(explorer):
    explorer.sidebar.selectbox[0].set_value("beilin_2024_budget").run()
    assert any("未发现" in s.value for s in explorer.main.success)
    # the document's one finding is elsewhere: R-CMP-02, its empty 收入总表 (beilin line 261) has no "无…" note
    assert "1 条" in explorer.main.expander[0].label


def test_explorer_without_index_says_where_it_is_built(tmp_path, use_dirs):
    use_dirs(tmp_path / "index", tmp_path / "corpus")
    at = AppTest.from_file(CHAT_PAGE, default_timeout=TIMEOUT).switch_page(EXPLORER_PAGE).run()
    assert not at.exception, at.exception
    assert "还没有索引" in at.info[0].value and not at.selectbox
    assert not (tmp_path / "index").exists()


AUDIT_PAGE = "pages/2_核对报告.py"


def test_audit_page_lists_every_finding_with_both_source_lines(shared_copy, use_dirs):
    use_dirs(*shared_copy)
    at = AppTest.from_file(CHAT_PAGE, default_timeout=TIMEOUT).run()
    at.switch_page(AUDIT_PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "核对报告"
    findings = load_findings(shared_copy[0])
    docs = sorted(load_documents(shared_copy[0])["doc"])
    # one summary line per document: its 错误 and 提示 counted
    assert [c.value.split("：")[0] for c in at.caption[:len(docs)]] == docs
    table = at.main.dataframe[0].value
    assert len(table) == len(findings) and list(table.columns[:2]) == ["文件", "类型"]
    assert [b.label for b in at.main.get("download_button")] == ["下载 Markdown", "下载 Excel"]

    # beidaihe 部门预算支出总表: 卫生健康支出 363.15 (line 634) vs its children's 350.24 (line 644), R-BAL-06
    at.sidebar.selectbox[0].set_value("beidaihe_2023_budget").run()
    table = at.main.dataframe[0].value
    assert set(table["文件"]) == {"beidaihe_2023_budget"}
    row = table[(table["行号A"] == 634) & (table["行号B"] == 644)].iloc[0]
    assert (row["数值A"], row["数值B"], row["差额"]) == ("363.15万元", "350.24万元", "12.91万元")
    group = next(h.value for h in at.main.subheader if h.value.startswith("R-BAL-06"))
    assert "上级科目等于下级科目之和" in group
    expander = next(e for e in at.main.expander if "数值B 350.24万元（第644行）" in [c.value for c in e.caption])
    assert "数值A 363.15万元（第634行）" in [c.value for c in expander.caption]
    assert [c.value.strip() for c in expander.code] == ["363.15", "20.27"]  # both source lines as printed
    # filtered to one rule, only its findings remain
    at.sidebar.multiselect[0].set_value(["R-BAL-06"]).run()
    assert {h.value.split(" ")[0] for h in at.main.subheader} == {"R-BAL-06"}


def test_document_read_with_a_warning_is_shown_with_a_correction_form(admin_app):
    at, index_dir, corpus_dir = admin_app
    # a disclosure whose cover names neither agency nor year: read by its file name, with a warning
    text = "一、主要职能\n负责本地区统计调查工作，组织实施各项普查。\n二、机构设置\n内设3个科室，均为行政科室。\n"
    at.sidebar.file_uploader[0].set_value(("no_cover.txt", text.encode("utf-8"), "text/plain"))
    at.sidebar.form_submit_button[0].click().run()
    assert not at.exception, at.exception
    review = next(e for e in at.expander if "no_cover" in e.label)
    assert any("单位名称" in w.value for w in review.warning)
    review.text_input[0].set_value("某市统计局")
    review.number_input[0].set_value(2026)
    review.button[0].click().run()
    assert not at.exception, at.exception
    row = load_documents(index_dir).set_index("doc").loc["no_cover"]
    assert (row["agency"], row["year"]) == ("某市统计局", 2026)


def test_three_turn_conversation_and_a_new_topic(shared_copy, use_dirs):
    use_dirs(*shared_copy)
    at = AppTest.from_file(CHAT_PAGE, default_timeout=TIMEOUT).run()
    # dev set q001: beidaihe line 222, 收入总计 404.67 万元
    first = ask(at, NUMERIC[0])
    assert first.answer.value == Decimal("404.67")
    # beidaihe line 1173: 一般公共预算财政拨款支出表 项目支出 合计 136.92 万元
    second = ask(at, "那项目支出呢？")
    assert second.answer.text.startswith("沿用上一问：秦皇岛市北戴河区医疗保障局，2023年")
    assert second.answer.value == Decimal("136.92") and second.answer.citations[0].line_start == 1173
    third = ask(at, "它的主要职责是什么？")
    assert third.answer.docs == ["beidaihe_2023_budget"] and not third.answer.refused
    next(b for b in at.sidebar.button if b.label == "新话题").click().run()
    fourth = ask(at, "那项目支出呢？")
    assert not fourth.answer.text.startswith("沿用上一问")


def test_did_you_mean_choice_is_asked_when_clicked(shared_copy, use_dirs):
    use_dirs(*shared_copy)
    at = AppTest.from_file(CHAT_PAGE, default_timeout=TIMEOUT).run()
    turn = ask(at, "曾督区医疗保障信息中心2023年三公经费是多少？")
    assert turn.answer.refused and turn.answer.suggestions
    choice = next(b for b in at.button if b.label == turn.answer.suggestions[0])
    choice.click().run()
    assert not at.exception, at.exception
    asked = at.session_state["history"][-1]
    assert asked.question == "曾都区医疗保障信息中心2023年三公经费是多少？" and asked.answer.value is not None


# beidaihe 部门预算一般公共预算财政拨款基本支出表: 301 工资福利支出 241.70 万元 (line 1342) is the sum of
# its nine economic-code children, one cell per line from 30101 基本工资 69.43 (line 1349) to
# 30113 住房公积金 19.55 (line 1405)
COMPOSITION = "北戴河医保局2023年工资福利支出由哪些构成？"


def test_composition_answer_charts_exactly_its_parts(chat, shared_copy):
    turn = ask(chat, COMPOSITION)
    cited = turn.answer.citations
    assert turn.answer.value == Decimal("241.70") and turn.answer.formula.startswith("241.70 = 69.43 + 27.77")
    assert len(cited) == 9 and (cited[0].line_start, cited[0].value) == (1349, "69.43")
    assert (cited[-1].line_start, cited[-1].value) == (1405, "19.55")
    spec, data = chart_rows(chat)
    assert spec["encoding"]["x"]["title"] == "金额（万元）"
    assert list(data["原文数字"]) == [c.value for c in cited] and list(data["项目"]) == [c.row for c in cited]
    assert sum(Decimal(v) for v in data["原文数字"]) == turn.answer.value
    assert_sources_are_verbatim(chat, shared_copy[0], turn)


def test_conflicting_figure_is_a_source_of_its_own_with_its_figure_marked(chat, shared_copy):
    # zengdu: the 三公 table says 0.12 万元 (line 288), the narrative 0.14 万元 (line 103)
    turn = ask(chat, "曾都区医疗保障信息中心2023年三公经费是多少？")
    assert turn.answer.value == Decimal("0.12") and any("0.14" in w for w in turn.answer.warnings)
    assert [(c.line_start, c.value) for c in turn.answer.citations if c.role == "conflict"] == [(103, "0.14")]
    other = next(e for e in chat.main.expander if e.label.startswith("来源 2：不一致的数字：zengdu_2023_budget"))
    shown = shown_source(other.get("html")[-1].value)
    corpus_lines = (shared_copy[1] / "zengdu_2023_budget.txt").read_text(encoding="utf-8").split("\n")
    assert [(n, marks) for n, cited, _, marks in shown if cited] == [(103, ["0.14"])]
    assert all(text == corpus_lines[n - 1] for n, _, text, _ in shown)
    assert not chat.main.get("vega_lite_chart")


def test_one_row_three_public_table_charts_each_component_column(chat, shared_copy):
    # corpus/zengdu_2023_budget.txt line 288: the 三公 table printed as one row; its 小计 (公务用车) gives
    # way to its two columns, so the chart has exactly the four components, all on line 288
    turn = ask(chat, "曾都区医疗保障信息中心2023年三公经费各项分别是多少？")
    cited = turn.answer.citations
    assert turn.answer.value == Decimal("0.12") and turn.answer.formula == "0.12 = 0.00 + 0.00 + 0.00 + 0.12"
    spec, data = chart_rows(chat)
    assert list(data["项目"]) == ["因公出国(境)费", "公务用车购置费", "公务用车运行费", "公务接待费"]
    assert list(data["原文数字"]) == [c.value for c in cited] and {c.line_start for c in cited} == {288}
    assert_sources_are_verbatim(chat, shared_copy[0], turn)
