"""Settings: one pydantic-settings class, ``ECOGRAPH_`` prefix, read once.

Values come from the environment and from a ``.env`` file in the working
directory (see ``.env.example``, shared with ``docker-compose.yml``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """ecograph settings.

    Examples
    --------
    >>> s = Settings(store="neo4j", neo4j_uri="bolt://localhost:7687", batch_size=1000)
    >>> s.store, s.batch_size, s.neo4j_password.get_secret_value() == ""
    ('neo4j', 1000, True)
    """

    model_config = SettingsConfigDict(
        env_prefix="ECOGRAPH_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    store: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path = Field(default=Path(".ecograph"))
    graph_name: str = "ecograph"
    batch_size: int = Field(default=5000, ge=1, le=1_000_000)
    #: Seconds a load waits for another process writing to the same embedded store.
    write_lock_wait: float = Field(default=600.0, ge=0)

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"

    api_host: str = "127.0.0.1"
    #: Host header values the API answers (DNS-rebinding guard); ``["*"]`` allows any.
    allowed_hosts: list[str] = Field(default=["localhost", "127.0.0.1", "::1"])
    #: Seconds a request may run before the API answers 503 (0: no deadline).
    request_timeout: float = Field(default=60.0, ge=0)
    #: Milliseconds a read query may run in the store (FalkorDB TIMEOUT; 0: no limit).
    query_timeout_ms: int = Field(default=60_000, ge=0)
    api_port: int = Field(default=8000, ge=0, le=65535)
    viz_node_cap: int = Field(default=2000, ge=10)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once from the environment."""
    return Settings()
