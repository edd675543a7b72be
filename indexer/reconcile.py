"""Checks a parsed disclosure against itself: every rule of the catalogue
(indexer/checks/catalogue.py) run over one Document. A contradiction is data, not a crash: each
one becomes a Finding with its rule, severity and every location it rests on.

Families, one module each under indexer/checks/: within (totals inside a table), between (one
figure in two tables), prose (the 说明 against tables and itself), direction (增减 words),
hygiene (years, units, placeholders), completeness (standard tables and their notes).
"""
from __future__ import annotations

from indexer.checks import between, completeness, direction, hygiene, prose, within
from indexer.checks.base import Audit
from indexer.models import Document, Finding

CHECKS = within.CHECKS + between.CHECKS + prose.CHECKS + direction.CHECKS + hygiene.CHECKS + completeness.CHECKS


def audit_document(doc: Document) -> Audit:
    """Every check run on the document: findings, and each evaluation passed or not."""
    audit = Audit(doc)
    for check in CHECKS:
        check(audit)
    unique: dict[tuple, Finding] = {}
    for f in audit.findings:
        unique.setdefault((f.rule, f.line_a, f.line_b, f.item, f.value_a), f)
    audit.findings = list(unique.values())
    return audit


def reconcile(doc: Document) -> list[Finding]:
    return audit_document(doc).findings
