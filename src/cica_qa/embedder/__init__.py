"""The embedding model, all-MiniLM-L6-v2 from its PyPI package, in two runtimes with the same
vectors: sentence-transformers and torch (ingest embeds passages with it) and an ONNX export
run by onnxruntime (answering encodes questions with it, without loading torch)."""

from cica_qa.embedder.model import MODEL_ID, Embedder, model_path
from cica_qa.embedder.onnx_encoder import OnnxEmbedder
from cica_qa.embedder.sentence_transformer import MiniLMEmbedder

__all__ = ["MODEL_ID", "Embedder", "MiniLMEmbedder", "OnnxEmbedder", "model_path"]
