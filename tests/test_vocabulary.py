"""Words that tell passages apart do not depend on the kind of agency asked about."""
from qa_app.passage_answer import content_terms


def test_end_of_the_agency_name_is_no_content_word_whatever_the_agency():
    # the end of the named agency's name is in every passage of its document
    assert "气象" not in content_terms("气象的主要职责", ["某市气象局"])
    assert "中心" not in content_terms("中心内设机构", ["某区医疗保险经办中心"])
    assert "医保" not in content_terms("医保的职责", ["某区医保局"])
    # a word from inside the name can be the topic: 医疗 in 城乡医疗救助 of a 医疗保障局
    assert "医疗" in content_terms("城乡医疗救助的绩效目标", ["某区医疗保障局"])


def test_without_a_named_agency_agency_words_stay():
    # a real line: dev_corpus/txt/hangzhou_qixiang_2026_budget.txt names 气象 services throughout;
    # a question naming no agency must keep 气象 as the topic word
    assert "气象" in content_terms("气象服务的主要内容")
