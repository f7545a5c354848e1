"""Every CICA_* setting, read and checked once at an entry point (pydantic-settings)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cica_qa.errors import ConfigError

PREFIX = "CICA_"
MODEL_MAX_TOKENS = 256  # all-MiniLM-L6-v2 truncates longer inputs
Port = Annotated[int, Field(ge=1, le=65535)]
# what a value must be, in words, by pydantic's error type (its context fills the blanks)
_EXPECTED = {
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "greater_than_equal": "at least {ge}",
    "greater_than": "greater than {gt}",
    "less_than_equal": "at most {le}",
    "literal_error": "{expected}",
    # the one field with a pattern: CICA_COLLECTION
    "string_pattern_mismatch": "3 to 40 letters, digits, ., _ or -, starting and ending with a "
    "letter or digit",
}


class Settings(BaseSettings):
    """Checked configuration; library code receives its plain values, never this object.

    Each field is the variable CICA_<FIELD NAME>; its description is the README's
    configuration table (a test keeps the two in step).
    """

    model_config = SettingsConfigDict(
        env_prefix=PREFIX, case_sensitive=False, frozen=True, str_strip_whitespace=True
    )

    corpus_dir: Path = Field(Path("corpus"), description="Folder of documents to ingest.")
    index_dir: Path = Field(
        Path(".cica/index"),
        description="Where the index lives: the embedded Chroma store (unless CICA_CHROMA_HOST "
        "is set), the manifest, the keyword index and the glossary.",
    )
    model_dir: Path = Field(
        Path(".cica/model"),
        description="Where the question encoder is kept: the packaged model exported to ONNX "
        "once (by the first ingest or question), so that answering needs no torch; and the "
        "table of English word frequencies made once from wordfreq (`english-words.json`), so "
        "that answering needs no wordfreq.",
    )
    collection: str = Field(
        "cica_chunks",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,38}[A-Za-z0-9]$",
        description="Prefix of the Chroma collection names (3 to 40 letters, digits, . _ -).",
    )
    chunk_size: int = Field(200, description="Chunk size in model tokens (16 to 256).")
    chunk_overlap: int = Field(20, description="Tokens shared by neighbouring chunks.")
    answer_engine: Literal["ranked", "rules", "model"] = Field(
        "ranked",
        description="What chooses the answer: 'ranked', the learned answer model (cica-qa eval "
        "--train) ranks every candidate answer and the hand-set rules decide whether to "
        "answer; 'rules', the rules alone; 'model', the model alone.",
    )
    min_score: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Under it the assistant says the documents don't say: for the rules (and "
        "'ranked'), the cosine of the closest passage (default 0.35); for the answer model, "
        "the probability of its best answer (default: the threshold calibrated with it).",
    )
    max_question_chars: int = Field(1000, ge=10, description="Longest question accepted.")
    max_document_chars: int = Field(
        2_000_000,
        ge=1000,
        description="Longest document ingest reads, in characters of text (parsing one "
        "costs about 250 bytes of memory per character); a longer one is skipped.",
    )
    retrieval: Literal["hybrid", "dense", "keyword"] = Field(
        "hybrid", description="hybrid (dense + BM25, fused), dense or keyword: for comparisons."
    )
    llm_base_url: str = Field(
        "",
        description="OpenAI-compatible endpoint (e.g. http://127.0.0.1:8080/v1) that writes "
        "answers; empty: extractive answers.",
    )
    llm_model: str = Field("", description="Model name to ask at CICA_LLM_BASE_URL.")
    llm_api_key: str = Field("", description="API key for the endpoint, if it needs one.")
    llm_timeout: float = Field(
        30.0, gt=0, description="Seconds to wait for the LLM before falling back."
    )
    chroma_host: str = Field(
        "",
        description="Host of a `chroma run` server to keep the vectors on; empty: the embedded "
        "index in CICA_INDEX_DIR.",
    )
    chroma_port: Port = Field(8000, description="Port of that Chroma server.")
    feedback_log: Path = Field(
        Path(".cica/feedback.jsonl"),
        description="Where the chat keeps thumbs up/down feedback (a JSON line per answer and "
        "user); `cica-qa "
        "feedback` summarises it.",
    )
    conversations_db: Path = Field(
        Path(".cica/conversations.sqlite3"),
        description="Where the chat and the API save every conversation and answer (SQLite): "
        "permalinks /a/<id> and GET /api/answers/<id> read them.",
    )
    session_idle_hours: float = Field(
        12.0,
        gt=0,
        le=24 * 365,
        description="Hours a chat login may go unused before it ends (logins outlive a "
        "restart: they are kept in the conversations database).",
    )
    users_file: Path = Field(
        Path(".cica/users.json"),
        description="Chat users and salted password hashes (`cica-qa user add NAME`); when it "
        "holds a user, the chat asks to log in.",
    )
    audit_log: Path = Field(
        Path(".cica/audit.jsonl"),
        description="Where logins, failed logins and admin actions are logged (JSON lines, "
        "rotated at 10 MB, five old files kept); `cica-qa audit` prints them.",
    )
    host: str = Field("127.0.0.1", description="Address the web chat binds to.")
    port: Port = Field(7860, description="Port the web chat listens on.")
    allowed_hosts: str = Field(
        "",
        description="Host names the web chat answers to besides localhost, 127.0.0.1, ::1 "
        "and CICA_HOST (comma-separated, e.g. qa.office.example,10.0.0.5); any other Host "
        "header is refused.",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from CICA_* variables (os.environ, or the mapping given), defaults where
        unset; ConfigError names the variable, its value and the fix."""
        try:
            if environ is None:
                return cls()
            # the same fields, types and checks, from the mapping alone (os.environ unread)
            given = {
                name[len(PREFIX) :].lower(): value
                for name, value in environ.items()
                if name.startswith(PREFIX)
            }
            return cls.model_validate({k: v for k, v in given.items() if k in cls.model_fields})
        except ValidationError as error:
            raise _config_error(error) from None

    @model_validator(mode="after")
    def _check_together(self) -> Settings:
        if not 16 <= self.chunk_size <= MODEL_MAX_TOKENS:
            raise ValueError(
                f"CICA_CHUNK_SIZE ({self.chunk_size}) must be between 16 and "
                f"{MODEL_MAX_TOKENS}, the embedding model's input limit"
            )
        if not 0 <= self.chunk_overlap < self.chunk_size:
            raise ValueError(
                f"CICA_CHUNK_OVERLAP ({self.chunk_overlap}) must be at least 0 and smaller "
                f"than CICA_CHUNK_SIZE ({self.chunk_size})"
            )
        if bool(self.llm_base_url) != bool(self.llm_model):
            raise ValueError(
                "CICA_LLM_BASE_URL and CICA_LLM_MODEL go together: set both to have an LLM "
                "write answers, or neither for extractive answers"
            )
        if self.llm_base_url and not self.llm_base_url.startswith(("http://", "https://")):
            raise ValueError(
                f"CICA_LLM_BASE_URL ({self.llm_base_url!r}) must start with http:// or https://"
            )
        return self


def variables() -> dict[str, str]:
    """Every variable's name and description, as the README's configuration table lists them."""
    return {
        f"{PREFIX}{name.upper()}": field.description or ""
        for name, field in Settings.model_fields.items()
    }


def _config_error(error: ValidationError) -> ConfigError:
    """The first problem, in one line: the variable, its value, and what it must be."""
    problem = error.errors(include_url=False)[0]
    if problem["type"] == "value_error":  # a check of several values: its message is complete
        return ConfigError(str(problem["ctx"]["error"]))
    name = f"{PREFIX}{str(problem['loc'][0]).upper()}" if problem["loc"] else PREFIX + "*"
    expected = _EXPECTED.get(problem["type"], problem["msg"]).format(**problem.get("ctx", {}))
    return ConfigError(
        f"{name} ({problem['input']!r}) must be {expected}; unset it to use the default"
    )
