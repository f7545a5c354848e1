"""Every CICA_* setting, read and checked once at an entry point."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from cica_qa.errors import ConfigError

# name -> (field, default, help); the README's configuration table mirrors this.
VARIABLES: dict[str, tuple[str, str, str]] = {
    "CICA_CORPUS_DIR": ("corpus_dir", "corpus", "Folder of documents to ingest."),
    "CICA_INDEX_DIR": (
        "index_dir",
        ".cica/index",
        "Where the index lives: the embedded Chroma store (unless CICA_CHROMA_HOST is set), "
        "the manifest, the keyword index and the glossary.",
    ),
    "CICA_COLLECTION": (
        "collection",
        "cica_chunks",
        "Prefix of the Chroma collection names (3+ characters: letters, digits, . _ -).",
    ),
    "CICA_CHUNK_SIZE": ("chunk_size", "200", "Chunk size in model tokens (at most 256)."),
    "CICA_CHUNK_OVERLAP": ("chunk_overlap", "20", "Tokens shared by neighbouring chunks."),
    "CICA_TOP_K": ("top_k", "5", "Passages retrieved per question."),
    "CICA_MIN_SCORE": (
        "min_score",
        "0.35",
        "Cosine similarity below which the assistant says the documents don't say.",
    ),
    "CICA_MAX_QUESTION_CHARS": ("max_question_chars", "1000", "Longest question accepted."),
    "CICA_RETRIEVAL": (
        "retrieval",
        "hybrid",
        "hybrid (dense + BM25, fused), dense or keyword: for comparisons.",
    ),
    "CICA_LLM_BASE_URL": (
        "llm_base_url",
        "",
        "OpenAI-compatible endpoint (e.g. http://127.0.0.1:8080/v1) that writes answers; "
        "empty: extractive answers.",
    ),
    "CICA_LLM_MODEL": ("llm_model", "", "Model name to ask at CICA_LLM_BASE_URL."),
    "CICA_LLM_API_KEY": ("llm_api_key", "", "API key for the endpoint, if it needs one."),
    "CICA_LLM_TIMEOUT": ("llm_timeout", "30", "Seconds to wait for the LLM before falling back."),
    "CICA_CHROMA_HOST": (
        "chroma_host",
        "",
        "Host of a `chroma run` server to keep the vectors on; empty: the embedded index "
        "in CICA_INDEX_DIR.",
    ),
    "CICA_CHROMA_PORT": ("chroma_port", "8000", "Port of that Chroma server."),
    "CICA_FEEDBACK_LOG": (
        "feedback_log",
        ".cica/feedback.jsonl",
        "Where the chat appends thumbs up/down feedback (JSON lines); `cica-qa feedback` "
        "summarises it.",
    ),
    "CICA_USERS_FILE": (
        "users_file",
        ".cica/users.json",
        "Chat users and salted password hashes (`cica-qa user add NAME`); when it holds a "
        "user, the chat asks to log in.",
    ),
    "CICA_HOST": ("host", "127.0.0.1", "Address the web chat binds to."),
    "CICA_PORT": ("port", "7860", "Port the web chat listens on."),
}

_COLLECTION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,38}[A-Za-z0-9]")
MODEL_MAX_TOKENS = 256  # all-MiniLM-L6-v2 truncates longer inputs


@dataclass(frozen=True)
class Settings:
    """Checked configuration; library code receives its plain values, never this object."""

    corpus_dir: Path
    index_dir: Path
    collection: str
    chunk_size: int
    chunk_overlap: int
    top_k: int
    min_score: float
    max_question_chars: int
    retrieval: str
    llm_base_url: str
    llm_model: str
    llm_api_key: str
    llm_timeout: float
    chroma_host: str
    chroma_port: int
    feedback_log: Path
    users_file: Path
    host: str
    port: int

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from CICA_* variables (defaults where unset) and check them."""
        env = os.environ if environ is None else environ
        raw = {field: env.get(var, default) for var, (field, default, _) in VARIABLES.items()}
        types = {f.name: f.type for f in fields(cls)}
        values = {name: _convert(name, value, types[name]) for name, value in raw.items()}
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise ConfigError naming the variable, its value and the fix."""
        if not 16 <= self.chunk_size <= MODEL_MAX_TOKENS:
            raise ConfigError(
                f"CICA_CHUNK_SIZE ({self.chunk_size}) must be between 16 and "
                f"{MODEL_MAX_TOKENS}, the embedding model's input limit"
            )
        if not 0 <= self.chunk_overlap < self.chunk_size:
            raise ConfigError(
                f"CICA_CHUNK_OVERLAP ({self.chunk_overlap}) must be at least 0 and smaller "
                f"than CICA_CHUNK_SIZE ({self.chunk_size})"
            )
        if not 1 <= self.top_k <= 50:
            raise ConfigError(f"CICA_TOP_K ({self.top_k}) must be between 1 and 50")
        if not -1.0 <= self.min_score <= 1.0:
            raise ConfigError(f"CICA_MIN_SCORE ({self.min_score}) must be between -1 and 1")
        if self.max_question_chars < 10:
            raise ConfigError(
                f"CICA_MAX_QUESTION_CHARS ({self.max_question_chars}) must be at least 10"
            )
        if self.retrieval not in ("hybrid", "dense", "keyword"):
            raise ConfigError(
                f"CICA_RETRIEVAL ({self.retrieval!r}) must be hybrid, dense or keyword"
            )
        if bool(self.llm_base_url) != bool(self.llm_model):
            raise ConfigError(
                "CICA_LLM_BASE_URL and CICA_LLM_MODEL go together: set both to have an LLM "
                "write answers, or neither for extractive answers"
            )
        if self.llm_base_url and not self.llm_base_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"CICA_LLM_BASE_URL ({self.llm_base_url!r}) must start with http:// or https://"
            )
        if self.llm_timeout <= 0:
            raise ConfigError(f"CICA_LLM_TIMEOUT ({self.llm_timeout}) must be positive")
        if not _COLLECTION.fullmatch(self.collection):
            raise ConfigError(
                f"CICA_COLLECTION ({self.collection!r}) needs 3 to 40 letters, digits, '.', '_' "
                "or '-', starting and ending with a letter or digit"
            )
        if not 1 <= self.chroma_port <= 65535:
            raise ConfigError(f"CICA_CHROMA_PORT ({self.chroma_port}) must be between 1 and 65535")
        if not 1 <= self.port <= 65535:
            raise ConfigError(f"CICA_PORT ({self.port}) must be between 1 and 65535")


def _convert(name: str, value: str, kind: object) -> object:
    variable = next(var for var, spec in VARIABLES.items() if spec[0] == name)
    converters = {"Path": Path, "int": int, "float": float, "str": str}
    try:
        return converters[str(kind)](value.strip())
    except ValueError:
        raise ConfigError(
            f"{variable} ({value!r}) must be a {kind}; unset it to use the default"
        ) from None
