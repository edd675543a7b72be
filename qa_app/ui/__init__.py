"""Plain functions behind the Streamlit pages (export, feedback, upload, table views).

Nothing here imports Streamlit: the pages only lay these results out, and every function can be
tested, or reused by the CLI, without a browser.
"""
