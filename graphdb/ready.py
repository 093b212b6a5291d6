"""`python -m graphdb.ready`: wait until the configured Neo4j answers (used by make and CI)."""

import sys

from graphdb.driver import connect
from graphdb.errors import Neo4jUnavailable
from graphdb.settings import Neo4jSettings


def main() -> int:
    settings = Neo4jSettings()
    try:
        connect(settings).close()
    except Neo4jUnavailable as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"Neo4j at {settings.uri} is ready")
    return 0


if __name__ == "__main__":
    sys.exit(main())
