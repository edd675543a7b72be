"""The file uploader in Chinese. Streamlit (1.67) lets an app set the uploader's label and help but
prints its own English inside the drop zone: an "Upload" button and "200.0MB per file • PDF, TXT".
Those are replaced with CSS: the English is set to size zero and the Chinese drawn in ::after.
The "Drag and drop a file here" shown only while a file is dragged over has no stable hook and
stays English. Selectors are Streamlit's data-testid attributes; a Streamlit upgrade that renames
them brings the English back (checked by eye: /work/shots, SCREENS.md)."""
from __future__ import annotations


def uploader_style(max_mb: int, suffixes: list[str]) -> str:
    kinds = "、".join(s.lstrip(".").upper() for s in suffixes)
    return f"""<style>
[data-testid="stFileUploaderDropzone"] button * {{font-size: 0}}
[data-testid="stFileUploaderDropzone"] button::after {{content: "选择文件"; font-size: .875rem}}
[data-testid="stFileUploaderDropzoneInstructions"] * {{font-size: 0}}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "单个文件不超过 {max_mb} MB · {kinds}"; font-size: .75rem; opacity: .7}}
</style>"""
