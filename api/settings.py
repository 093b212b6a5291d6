"""API settings from the environment or `.env`, in the FastAPI full-stack template's manner:
secrets have no default, and the placeholder password is refused outside development."""

from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graphdb import Neo4jSettings
from graphdb.settings import PLACEHOLDER_PASSWORD


class ApiSettings(BaseSettings):
    """`API_HOST`, `API_PORT`, `MOVIEREC_ENV`; Neo4j's own keys are read by `Neo4jSettings`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    api_host: str = "127.0.0.1"
    api_port: int = Field(8000, ge=1, le=65535)
    movierec_env: Literal["development", "test", "production"] = "production"
    # How long one request keeps retrying while Neo4j is away before answering 503: short, since
    # the client (not a thread of ours) should decide whether to wait.
    api_neo4j_retry_seconds: float = Field(1.0, ge=0.0, le=60.0)
    neo4j: Neo4jSettings = Field(default_factory=lambda: Neo4jSettings())  # type: ignore[call-arg]

    @model_validator(mode="after")
    def _refuse_placeholder(self) -> Self:
        password = self.neo4j.password.get_secret_value()
        if password == PLACEHOLDER_PASSWORD and self.movierec_env != "development":
            raise ValueError(
                f"NEO4J_PASSWORD is the placeholder {PLACEHOLDER_PASSWORD!r}: set a real one "
                "(make env writes a random one), or MOVIEREC_ENV=development for local tries."
            )
        return self
