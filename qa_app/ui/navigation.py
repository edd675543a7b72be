"""The app's pages as all of them link to them, and the opening the reviewer pages share."""
from pathlib import Path

import streamlit as st

from core.config import load_settings
from qa_app.ui import corpus

# (script path from the project folder, label, icon)
PAGES = (
    ("streamlit_app.py", "问答", ":material/forum:"),
    ("pages/1_明细浏览.py", "明细浏览", ":material/table_view:"),
    ("pages/2_核对报告.py", "核对报告", ":material/fact_check:"),
)


def page_links() -> None:
    with st.sidebar:
        for page, label, icon in PAGES:
            st.page_link(page, label=label, icon=icon)


def open_reviewer_page(title: str, icon: str) -> Path:
    """Page config, links and title; the index folder, or a hint and a stop when nothing is
    indexed yet (the chat page builds the index, these pages only read it)."""
    st.set_page_config(page_title=title, page_icon=icon, layout="wide")
    index = Path(load_settings().index_dir)
    page_links()
    st.title(title)
    if corpus.index_status(index) is None:
        st.info("还没有索引：打开“问答”页面会自动建立索引。")
        st.stop()
    return index
