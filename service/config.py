"""Settings, loaded once from the environment (``CLAIMEX_`` prefix) and passed in everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from claimex.service.errors import ConfigurationError

DEFAULT_MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


class Settings(BaseSettings):
    """Everything configurable about claimex. Each field reads ``CLAIMEX_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="CLAIMEX_", env_file=None, extra="ignore", populate_by_name=True)

    backend: Literal["llama", "openai", "fake"] = Field(
        default="llama", description="'llama' (embedded model), 'openai' (any OpenAI-compatible endpoint), 'fake'."
    )
    mode: Literal["candidates", "whole"] = Field(
        default="candidates",
        description="'candidates': rules find claim sentences, the model annotates each; 'whole': one read.",
    )
    prompt: str = Field(default="claims@v4", description="Prompt for candidates mode, name@version.")
    whole_prompt: str = Field(default="claims_whole@v1", description="Prompt for whole mode, name@version.")
    epistemic_candidates: bool = Field(
        default=False, description="Also ask about sentences whose only signal is a hedge word (the author's analysis)."
    )
    rule_clauses: bool = Field(
        default=True,
        description="Candidates mode: a unit that is only a named speaker's report of one finite clause ('X said "
        "the cables were worn') is read by rules, without a model call.",
    )
    rule_unquoted: bool = Field(
        default=True,
        description="Candidates mode: a unit with no quotation mark whose cue asserts with certainty and whose "
        "speaker the parse names ('X announced his resignation', 'X said on Monday the pier had closed, adding …') "
        "is read by rules, without a model call.",
    )
    max_retries: int = Field(default=1, ge=0, le=5, description="Re-asks after an invalid answer (instructor).")
    answer_cache: Path | None = Field(
        default=None,
        description="SQLite file of raw model answers keyed by model and request (evals, development); off when unset.",
    )

    # Embedded model.
    model_path: Path | None = Field(default=None, description="A GGUF to use instead of the packaged default.")
    model_sha256: str = Field(default=DEFAULT_MODEL_SHA256, description="Expected sha256 of the assembled GGUF.")
    cache_dir: Path = Field(default=Path.home() / ".cache" / "claimex", description="Where the GGUF is assembled.")
    n_threads: int = Field(default=2, ge=1, le=256)
    extra_buffer_types: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="llama.cpp's extra buffer types (AMX/AVX-512 weight repacking): 'auto' probes once per host in a "
        "child process and turns them off if the probe crashes.",
    )
    n_ctx: int = Field(default=4096, ge=512, le=32768)
    n_batch: int = Field(default=512, ge=8, le=4096)
    grammar: bool = Field(
        default=False,
        description="Constrain embedded output with the JSON-schema grammar (slower; validation re-asks anyway).",
    )
    draft_tokens: int = Field(
        default=0,
        ge=0,
        le=32,
        description="Embedded model: prompt-lookup speculative decoding, most tokens guessed from the context per "
        "step (0: off). Off by default: on 2 CPU cores checking a guess costs nearly what generating it does, and "
        "4 measured no faster; it pays where a batch of tokens costs little more than one (more cores, a GPU).",
    )
    max_tokens: int = Field(default=512, ge=16, le=8192, description="Cap on tokens generated per call.")

    # OpenAI-compatible endpoint.
    base_url: str | None = Field(default=None, validation_alias=AliasChoices("CLAIMEX_BASE_URL", "OPENAI_BASE_URL"))
    api_key: SecretStr | None = Field(default=None, validation_alias=AliasChoices("CLAIMEX_API_KEY", "OPENAI_API_KEY"))
    model: str = Field(default="qwen2.5-coder-1.5b-instruct-q4_k_m", description="Model name sent to the endpoint.")
    endpoint_mode: Literal["json_schema", "tools", "md_json"] = Field(
        default="json_schema", description="How instructor asks the endpoint for structure."
    )
    request_timeout_s: float = Field(default=60.0, gt=0, description="Timeout of one call to the endpoint.")
    transient_retries: int = Field(default=3, ge=0, le=10, description="Retries on connection errors, 429, 5xx.")
    concurrency: int = Field(default=4, ge=1, le=64, description="Parallel calls to a remote endpoint.")
    fake_delay_s: float = Field(
        default=0.0, ge=0, le=60, description="Backend 'fake': seconds each call takes (to demo or test slow models)."
    )

    # Service.
    deadline_s: float = Field(
        default=600.0,
        gt=0,
        description="Overall limit for one extraction request: queueing, pipeline and model calls. On expiry the "
        "claims found so far are returned with partial=true, or 504 when there are none.",
    )
    max_llm_calls: int = Field(
        default=200,
        ge=1,
        description="Most model calls one request may make (re-asks included); report units beyond it are not "
        "read, and the response says so in a warning with partial=true.",
    )
    max_parse_chars: int = Field(
        default=60_000,
        ge=1000,
        description="Text parsed per article (spaCy, about 30 ms per kB on 2 cores); an article past it is "
        "extracted up to there, with a warning. Keeps the pipeline's own work near 2 s for any accepted input.",
    )
    max_article_chars: int = Field(default=100_000, ge=100, description="Longer articles are refused with 413.")
    queue_size: int = Field(default=8, ge=1, description="Requests that may wait for the model; more get 429.")
    service_keys: list[SecretStr] = Field(
        default_factory=list, description="API keys accepted as 'Authorization: Bearer'; empty means open."
    )
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS; empty means off.")

    # HTTP server (slow or many clients).
    header_timeout_s: float = Field(
        default=10.0, gt=0, description="A connection must send its complete request headers within this time."
    )
    body_timeout_s: float = Field(default=30.0, gt=0, description="The whole request body must arrive within this.")
    shutdown_grace_s: float = Field(
        default=30.0,
        gt=0,
        description="On SIGTERM, requests still running after this are cancelled (their work stops at its next "
        "check) instead of holding up the shutdown until their deadline.",
    )
    keep_alive_s: float = Field(default=5.0, gt=0, description="Idle keep-alive connections are closed after this.")
    max_connections: int = Field(
        default=512,
        ge=1,
        description="Open connections at once; more are refused at once with 503. The server raises its open-file "
        "limit to fit, where the system allows.",
    )
    max_connections_per_client: int | None = Field(
        default=None,
        ge=1,
        description="Open connections from one address; more are refused at once with 503, so one slow or "
        "greedy client cannot take every connection. Off by default: behind a reverse proxy every client has "
        "the proxy's address.",
    )
    max_header_bytes: int = Field(
        default=16_384, ge=1024, description="Largest request head (request line and headers) accepted."
    )

    @field_validator("service_keys")
    @classmethod
    def _keys_not_blank(cls, keys: list[SecretStr]) -> list[SecretStr]:
        if any(not key.get_secret_value().strip() for key in keys):
            raise ValueError(
                "CLAIMEX_SERVICE_KEYS holds an empty key, which would accept an empty bearer token; remove it "
                "(e.g. CLAIMEX_SERVICE_KEYS='[\"my-long-random-key\"]', or [] for an open service)."
            )
        return keys

    result_cache_size: int = Field(default=256, ge=0, description="Extractions remembered by content hash.")
    chunk_chars: int = Field(default=6000, ge=500, description="Whole mode: article chunk size in characters.")

    # Jobs and workers.
    database_url: SecretStr | None = Field(
        default=None,
        description="postgresql://... to keep jobs in PostgreSQL and run them on procrastinate workers anywhere; "
        "unset: a SQLite file (jobs_db) and workers inside 'claimex serve'.",
    )
    jobs_db: Path | None = Field(default=None, description="SQLite job store; default <cache_dir>/jobs.sqlite3.")
    job_workers: int = Field(
        default=0, ge=0, le=64, description="Articles run at once by one process; 0 = the backend's parallel calls."
    )
    serve_workers: bool = Field(
        default=True, description="With PostgreSQL: 'claimex serve' also runs a worker (false: only 'claimex worker')."
    )
    max_job_articles: int = Field(default=1000, ge=1, description="Articles one job may hold.")
    max_job_bytes: int = Field(default=20_000_000, ge=10_000, description="Largest POST /v1/jobs body in bytes.")
    heartbeat_s: float = Field(default=10.0, gt=0, description="How often a worker tells the store it is alive.")
    stalled_after_s: float = Field(
        default=30.0, gt=0, description="A worker silent this long is dead: its running articles are run again."
    )
    sweep_s: float = Field(default=5.0, gt=0, description="How often workers look for undispatched or stalled work.")
    log_format: Literal["json", "text"] = Field(default="json", description="Log lines as JSON objects or text.")
    log_level: str = Field(default="INFO", description="Root log level.")

    def jobs_db_path(self) -> Path:
        """Where the SQLite job store lives."""
        return self.jobs_db or self.cache_dir / "jobs.sqlite3"


MODEL_OPTIONS = ("backend", "mode", "prompt", "base_url", "model", "database_url", "job_workers")


def settings_with_options(options: Mapping[str, object]) -> Settings:
    """Load the settings from the environment, then apply command-line options that were given.

    Args:
        options: Parsed command-line options (``vars(args)``); ``None`` values and unknown keys are ignored.

    Returns:
        The settings to pass in.

    """
    overrides = {key: options[key] for key in MODEL_OPTIONS if options.get(key) is not None}
    return load_settings(**overrides)


def load_settings(**overrides: object) -> Settings:
    """Read the settings from the environment, turning a malformed value into a message that says what to fix.

    Args:
        overrides: Values that take precedence over the environment.

    Returns:
        The settings.

    Raises:
        ConfigurationError: A ``CLAIMEX_*`` variable is malformed (e.g. a list that is not JSON).

    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except SettingsError as exc:
        # pydantic-settings names the field; list-valued variables must be JSON.
        raise ConfigurationError(
            f"a CLAIMEX_ setting could not be read ({exc}); list settings such as CLAIMEX_SERVICE_KEYS and "
            'CLAIMEX_CORS_ORIGINS must be JSON lists, e.g. \'["a", "b"]\'.'
        ) from None
    except ValidationError as exc:
        problems = "; ".join(f"CLAIMEX_{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors())
        raise ConfigurationError(f"invalid settings: {problems}") from None
