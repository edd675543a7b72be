"""The embedding backends: the ONNX export of m3e-small reproduces sentence-transformers, a
question is answered without importing torch, and models the export cannot serve are refused or
run on torch."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.config import ROOT, load_settings
from indexer.embeddings import Embedder, EmbeddingModelError
from indexer.parse import parse_file
from indexer.passages import document_passages, search_text
from tests.conftest import CORPUS_DIR

pytestmark = pytest.mark.slow  # loads the model (and exports it on a fresh machine)


def model_folder() -> Path:
    return Path(load_settings().model_path)


def test_onnx_vectors_match_sentence_transformers_on_corpus_passages():
    settings = load_settings()
    texts = [search_text(p) for p in document_passages(parse_file(CORPUS_DIR / "lishi_2023_budget.txt"), settings)]
    texts.append("问" * 700)  # longer than the model's 512 tokens: both must truncate the same way
    onnx = Embedder(settings.model_path, 16, "auto", settings.model_cache_dir, "float32")
    torch = Embedder(settings.model_path, 16, "torch")
    assert (onnx.backend, torch.backend) == ("onnx", "torch")
    a, b = onnx.encode(texts), torch.encode(texts)
    assert a.shape == b.shape == (len(texts), 512)
    assert float((a * b).sum(axis=1).min()) > 0.9999
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_int8_graph_is_the_default_and_stays_close_to_float32_on_corpus_passages():
    """The int8 graph is what builds and questions use unless told otherwise; on every passage of
    a real disclosure its vector stays within the agreement the quantizer is checked against,
    and both precisions rank the same top passage for a real question."""
    settings = load_settings()
    assert settings.embedding_precision == "int8"
    passages = document_passages(parse_file(CORPUS_DIR / "beilin_2024_budget.txt"), settings)
    texts = [search_text(p) for p in passages]
    exact = Embedder(settings.model_path, 8, "auto", settings.model_cache_dir, "float32")
    int8 = Embedder(settings.model_path, 8, "auto", settings.model_cache_dir, "int8")
    assert (int8.backend, int8.precision, exact.precision) == ("onnx", "int8", "float32")
    a, b = int8.encode(texts), exact.encode(texts)
    agreement = (a * b).sum(axis=1)
    assert float(agreement.min()) > 0.99 and float(agreement.mean()) > 0.995
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    question = "碑林区医疗保险经办中心的主要职能是什么"
    assert int((a @ int8.encode([question])[0]).argmax()) == int((b @ exact.encode([question])[0]).argmax())
    assert any(f.name.endswith("-int8.onnx") for f in Path(settings.model_cache_dir).iterdir())


def test_unknown_precision_is_a_clear_error():
    with pytest.raises(EmbeddingModelError, match="unknown embedding precision 'fp16': use int8 or float32"):
        Embedder(str(model_folder()), 8, "auto", load_settings().model_cache_dir, "fp16")


def test_a_passage_question_is_answered_without_torch(built_index):
    code = (
        "import sys, json; from core.config import load_settings; from qa_app.service import QAService; "
        f"a = QAService(load_settings(index_dir={str(built_index)!r})).ask('离石医保中心内设哪些科室？'); "
        "print(json.dumps([a.route, a.citations[0].doc, 'torch' in sys.modules, 'transformers' in sys.modules]))"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == ["passage", "lishi_2023_budget", False, False]


def cls_pooled_copy(tmp_path: Path) -> Path:
    """The same weights declared as CLS-pooled: the mean-pooling graph must not serve them."""
    folder = tmp_path / "cls-model"
    folder.mkdir()
    for f in model_folder().iterdir():
        if f.is_file():
            (folder / f.name).symlink_to(f)
    (folder / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]))
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": 512, "pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False}))
    return folder


def test_a_model_the_export_cannot_serve_runs_on_torch_or_is_refused(tmp_path):
    folder = cls_pooled_copy(tmp_path)
    with pytest.raises(EmbeddingModelError, match="cannot run on onnx"):
        Embedder(str(folder), 8, "onnx", str(tmp_path / "cache"))
    auto = Embedder(str(folder), 8, "auto", str(tmp_path / "cache"))
    assert auto.backend == "torch" and not (tmp_path / "cache").exists()
    assert auto.encode(["三公经费"]).shape == (1, 512)


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(EmbeddingModelError, match="unknown embedding backend 'gpu'"):
        Embedder(str(model_folder()), 8, "gpu")
