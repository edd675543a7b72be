"""The line-item store: one SQLite file under the index folder, read back as pandas DataFrames.

Amounts are stored as decimal TEXT and read back as Decimal, so no figure ever passes through a
float. Every query is parameterised: user text never becomes SQL.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

import pandas as pd

from indexer.models import Document

DB_NAME = "items.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc TEXT PRIMARY KEY, agency TEXT, aliases TEXT, region TEXT, year INTEGER, kind TEXT,
    encoding TEXT, content_hash TEXT, n_lines INTEGER, n_tables INTEGER, n_items INTEGER, n_findings INTEGER,
    pages INTEGER, warnings TEXT, note TEXT
);
CREATE TABLE IF NOT EXISTS tables (
    doc TEXT, table_id TEXT, title TEXT, unit TEXT, unit_source TEXT, line_start INTEGER, line_end INTEGER,
    columns TEXT, n_rows INTEGER, PRIMARY KEY (doc, table_id)
);
CREATE TABLE IF NOT EXISTS items (
    doc TEXT, table_title TEXT, table_id TEXT, row_code TEXT, row_name TEXT, column_name TEXT, column_path TEXT,
    value TEXT, unit TEXT, value_yuan TEXT, line INTEGER, row_index INTEGER, col_index INTEGER,
    parent_code TEXT, row_group TEXT
);
CREATE INDEX IF NOT EXISTS items_doc ON items(doc);
CREATE INDEX IF NOT EXISTS items_code ON items(row_code);
CREATE TABLE IF NOT EXISTS findings (
    doc TEXT, kind TEXT, message TEXT, table_title TEXT, item TEXT, value_a TEXT, line_a INTEGER,
    value_b TEXT, line_b INTEGER, difference TEXT, rule TEXT, severity TEXT, locations TEXT
);
-- page: 1-based PDF page of the line (NULL for text sources), so every citation can name its page
CREATE TABLE IF NOT EXISTS lines (doc TEXT, line INTEGER, text TEXT, page INTEGER, PRIMARY KEY (doc, line));
"""
_DOCUMENT_COLUMNS = ("doc", "agency", "aliases", "region", "year", "kind", "encoding", "content_hash", "n_lines",
                     "n_tables", "n_items", "n_findings", "pages", "warnings", "note")
# DataFrame column names match the public JSON keys of `python -m indexer items`.
_ITEM_COLUMNS = {"table_title": "table", "column_name": "column"}


def db_path(index_dir: Path) -> Path:
    return Path(index_dir) / DB_NAME


def connect(index_dir: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db_path(index_dir))
    conn.executescript(_SCHEMA)
    return conn


def stored(index_dir: Path, documents: Iterable[Document]) -> Iterator[Document]:
    """Pass the documents through, replacing everything stored for each on the way, so a build
    never holds the whole parsed corpus; one transaction, committed once all have passed."""
    with closing(connect(index_dir)) as conn, conn:
        for d in documents:
            _delete(conn, d.meta.doc)
            m = d.meta
            conn.execute(
                f"INSERT INTO documents ({', '.join(_DOCUMENT_COLUMNS)}) VALUES ({','.join('?' * len(_DOCUMENT_COLUMNS))})",
                (m.doc, m.agency, json.dumps(m.aliases, ensure_ascii=False), m.region, m.year, m.kind,
                 m.encoding, m.content_hash, len(d.lines), len(d.tables), len(d.items), len(d.findings),
                 m.pages, json.dumps(m.warnings, ensure_ascii=False), m.note),
            )
            conn.executemany(
                "INSERT INTO tables VALUES (?,?,?,?,?,?,?,?,?)",
                [(m.doc, t.table_id, t.title, t.unit, t.unit_source, t.line_start, t.line_end,
                  json.dumps(t.column_leaves, ensure_ascii=False), len(t.rows)) for t in d.tables],
            )
            conn.executemany(
                "INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(i.doc, i.table, i.table_id, i.row_code, i.row_name, i.column, i.column_path, i.value, i.unit,
                  None if i.value_yuan is None else str(i.value_yuan), i.line, i.row_index, i.col_index,
                  i.parent_code, i.row_group) for i in d.items],
            )
            conn.executemany(
                "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(*(v for k, v in asdict(f).items() if k != "locations"),
                  json.dumps([asdict(x) for x in f.locations], ensure_ascii=False)) for f in d.findings],
            )
            conn.executemany("INSERT INTO lines VALUES (?,?,?,?)",
                             [(m.doc, n, t, d.page_of(n)) for n, t in enumerate(d.lines, 1)])
            yield d


def _delete(conn: sqlite3.Connection, doc: str) -> None:
    for table in ("documents", "tables", "items", "findings", "lines"):
        conn.execute(f"DELETE FROM {table} WHERE doc = ?", (doc,))  # table names are our constants


def delete_documents(index_dir: Path, docs: list[str]) -> None:
    with closing(connect(index_dir)) as conn, conn:
        for doc in docs:
            _delete(conn, doc)


def _read(index_dir: Path, sql: str, params: tuple = ()) -> pd.DataFrame:
    with closing(connect(index_dir)) as conn:
        return pd.read_sql_query(sql, conn, params=params)


def load_items(index_dir: Path, doc: str | None = None) -> pd.DataFrame:
    sql = "SELECT * FROM items" + (" WHERE doc = ?" if doc else "") + " ORDER BY doc, line, col_index"
    df = _read(index_dir, sql, (doc,) if doc else ()).rename(columns=_ITEM_COLUMNS)
    # plain Python strings and None: pandas' default Arrow strings make each of the many small row
    # selections an answer takes several times slower (an Arrow take per column per selection)
    for col in df.columns:
        if col == "value_yuan" or pd.api.types.is_string_dtype(df[col]):
            df[col] = df[col].astype(object).where(df[col].notna(), None)
    df["value_yuan"] = df["value_yuan"].map(lambda v: None if v is None else Decimal(v)).astype(object)
    return df


def load_documents(index_dir: Path) -> pd.DataFrame:
    """One row per document. Optional fields are None (never NaN: a NaN region or year is a float
    that breaks every `in` test downstream), lists are lists, counts are ints; an index written
    before a column existed reads it as None / []."""
    df = _read(index_dir, "SELECT * FROM documents ORDER BY doc")
    for col in _DOCUMENT_COLUMNS:
        if col not in df:
            df[col] = None
    def column(values) -> pd.Series:  # object dtype, or pandas turns None back into NaN
        return pd.Series(list(values), index=df.index, dtype=object)

    for col in ("aliases", "warnings"):
        df[col] = column(json.loads(v) if isinstance(v, str) and v else [] for v in df[col])
    for col in ("year", "pages"):
        df[col] = column(None if pd.isna(v) else int(v) for v in df[col])
    for col in ("agency", "region", "kind", "note"):
        df[col] = column(None if pd.isna(v) else v for v in df[col])
    return df


def load_tables(index_dir: Path, doc: str | None = None) -> pd.DataFrame:
    sql = "SELECT * FROM tables" + (" WHERE doc = ?" if doc else "") + " ORDER BY doc, line_start"
    df = _read(index_dir, sql, (doc,) if doc else ())
    df["columns"] = df["columns"].map(json.loads)
    return df


def load_findings(index_dir: Path, doc: str | None = None) -> pd.DataFrame:
    sql = "SELECT * FROM findings" + (" WHERE doc = ?" if doc else "") + " ORDER BY doc, line_a"
    df = _read(index_dir, sql, (doc,) if doc else ()).rename(columns={"table_title": "table"})
    df["locations"] = df["locations"].map(lambda text: json.loads(text) if text else [])
    return df


def source_lines(index_dir: Path, doc: str, start: int, end: int) -> list[tuple[int, str]]:
    with closing(connect(index_dir)) as conn:
        rows = conn.execute(
            "SELECT line, text FROM lines WHERE doc = ? AND line BETWEEN ? AND ? ORDER BY line",
            (str(doc), int(start), int(end)),  # numpy integers would bind as blobs and match nothing
        ).fetchall()
    return [(int(n), t) for n, t in rows]


def line_pages(index_dir: Path, doc: str, start: int, end: int) -> dict[int, int]:
    """{line: PDF page} for the lines start..end that have a page; empty for a text source, and
    for an index built before lines carried pages (it still answers, without page numbers)."""
    with closing(connect(index_dir)) as conn:
        try:
            rows = conn.execute(
                "SELECT line, page FROM lines WHERE doc = ? AND line BETWEEN ? AND ? AND page IS NOT NULL",
                (str(doc), int(start), int(end)),
            ).fetchall()
        except sqlite3.OperationalError:  # no page column: an older build
            return {}
    return {int(n): int(p) for n, p in rows}
