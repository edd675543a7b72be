"""A conversation: follow-ups take the agency and year of the turn before; near misses and agencies
called by their kind alone are offered or resolved, never guessed among several."""
from __future__ import annotations

import pytest

from indexer.models import DocumentMeta
from qa_app.catalog import Catalog
from qa_app.followup import FollowUp, Turn, resolve


def meta(doc: str, agency: str, aliases: list[str], year: int) -> DocumentMeta:
    return DocumentMeta(doc=doc, agency=agency, aliases=aliases, region="某市", year=year, kind="部门预算",
                        encoding="utf-8", content_hash="")


CATALOG = Catalog([
    meta("stats_2024", "某市统计局", ["某市统计局", "统计局"], 2024),
    meta("stats_2023", "某市统计局", ["某市统计局", "统计局"], 2023),
    meta("weather_2024", "某市气象局", ["某市气象局", "气象局"], 2024),
])
BEFORE = Turn("某市统计局2024年基本支出是多少？", ("stats_2024",))


def test_a_new_question_naming_an_agency_is_not_a_follow_up():
    assert resolve("气象局2024年项目支出是多少？", BEFORE, CATALOG) == FollowUp("气象局2024年项目支出是多少？")


def test_a_question_naming_an_agency_not_indexed_is_not_a_follow_up():
    # the browser's conversation: after 离石医保中心, a misspelt 曾督区… must not be answered for 离石
    near = Catalog([meta("zd", "曾都区医疗保障信息中心", ["曾都区医疗保障信息中心"], 2023),
                    meta("ls", "吕梁市离石区医疗保险服务中心", ["离石医保中心"], 2023)])
    question = "曾督区医疗保障信息中心2023年三公经费是多少？"
    assert resolve(question, Turn("离石医保中心内设哪些科室？", ("ls",)), near) == FollowUp(question)


def test_first_question_is_unchanged():
    assert resolve("基本支出是多少？", None, CATALOG).carried is None


def test_last_year_moves_to_the_indexed_year_before():
    got = resolve("那去年呢？", BEFORE, CATALOG)
    assert got.question == "某市统计局2023年基本支出是多少？"
    assert got.carried == "沿用上一问：某市统计局，2023年"


def test_last_year_without_its_document_asks_the_prior_year_figure():
    got = resolve("那去年呢？", Turn("某市统计局2023年基本支出是多少？", ("stats_2023",)), CATALOG)
    assert got.question == "某市统计局2023年基本支出是多少，上年是多少？"


def test_pronoun_and_ellipsis_take_agency_and_year():
    assert resolve("它的项目支出呢？", BEFORE, CATALOG).question == "某市统计局2024年项目支出是多少？"
    assert resolve("那因公出国（境）费呢？", BEFORE, CATALOG).question == "某市统计局2024年因公出国（境）费是多少？"
    assert resolve("该单位的主要职责是什么？", BEFORE, CATALOG).question == "某市统计局2024年主要职责是什么？"


def test_answer_over_several_documents_carries_nothing():
    assert resolve("那去年呢？", Turn("基本支出哪家最多？", ("stats_2024", "weather_2024")), CATALOG).carried is None


@pytest.mark.slow
def test_three_turn_conversation_through_the_cli_session_file(built_index, tmp_path):
    import json
    import subprocess
    import sys

    session = tmp_path / "talk.json"

    def ask(question: str) -> dict:
        proc = subprocess.run([sys.executable, "-m", "qa_app", "ask", question, "--index", str(built_index),
                               "--session", str(session), "--json"], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    # dev set q001: beidaihe line 222, 收入总计 404.67 万元
    first = ask("北戴河医保局2023年部门预算收入总计是多少？")
    assert first["value"] == 404.67 and first["citations"][0]["line_start"] == 222
    # the same agency and year, another row: 一般公共预算财政拨款支出表 项目支出 合计 136.92 (beidaihe line 1173)
    second = ask("那项目支出呢？")
    assert second["text"].startswith("沿用上一问：秦皇岛市北戴河区医疗保障局，2023年")
    assert second["value"] == 136.92 and second["citations"][0]["line_start"] == 1173
    third = ask("它的主要职责是什么？")
    assert third["route"] == "passage" and third["docs"] == ["beidaihe_2023_budget"]
    assert json.loads(session.read_text(encoding="utf-8"))["docs"] == ["beidaihe_2023_budget"]


def test_near_miss_agency_name_is_offered_not_answered():
    near = Catalog([meta("zd", "曾都区医疗保障信息中心", ["曾都区医疗保障信息中心", "曾都医保中心"], 2023),
                    meta("bl", "西安市碑林区医疗保险经办中心", ["碑林医保中心"], 2024)])
    # one character off (督 for 都): the one agency it resembles
    assert near.closest("曾督区医疗保障信息中心") == ["曾都区医疗保障信息中心"]
    # another city's bureau of the same kind is no near miss
    assert near.closest("北京市朝阳区医疗保障局") == []


@pytest.mark.slow
def test_did_you_mean_and_a_hint_for_questions_without_chinese(built_index):
    from core.config import load_settings
    from qa_app.service import QAService

    service = QAService(load_settings(index_dir=str(built_index)))
    answer = service.ask("曾督区医疗保障信息中心2023年三公经费是多少？")
    assert answer.refused and answer.value is None and "您是不是要问：曾都区医疗保障信息中心" in answer.text
    assert answer.suggestions == ["曾都区医疗保障信息中心2023年三公经费是多少？"]
    english = service.ask("What is the budget of the Beilin office?")
    assert english.refused and english.text.startswith("请用中文提问") and english.suggestions


def test_agency_called_by_its_kind_alone():
    kinds = Catalog([meta("st", "广州市统计局", ["广州市统计局", "广州统计局"], 2026),
                     meta("a", "深圳市卫生健康委员会", ["深圳市卫生健康委员会", "深圳市卫健委"], 2026),
                     meta("b", "西安市卫生健康委员会", ["西安市卫生健康委员会", "西安市卫健委"], 2022)])
    assert kinds.ending_with("统计局") == ["st"]  # the one 统计局: the service answers for it, saying so
    assert kinds.ending_with("卫健委") == ["a", "b"]  # two: the service asks which one
