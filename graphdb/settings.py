"""Neo4j settings from the environment or `.env`; the same keys for local, Docker, cluster, Aura."""

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_PASSWORD = "change-me-placeholder"


class Neo4jSettings(BaseSettings):
    """Connection settings. The password has no default: it must come from the environment."""

    model_config = SettingsConfigDict(env_prefix="NEO4J_", env_file=".env", extra="ignore")

    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: SecretStr
    database: str = "neo4j"
    # Seconds to wait for Neo4j to answer before giving up with a clear error.
    ready_timeout: float = 60.0
    # Connections in the pool; the API under load needs more than the default CLI use.
    max_pool_size: int = 100

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password.get_secret_value())
