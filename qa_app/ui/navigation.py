"""The app's pages as both of them link to them: (script path from the project folder, label, icon)."""

PAGES = (
    ("streamlit_app.py", "问答", ":material/forum:"),
    ("pages/1_明细浏览.py", "明细浏览", ":material/table_view:"),
    ("pages/2_核对报告.py", "核对报告", ":material/fact_check:"),
)
