"""What /health reports: Neo4j reachable, which dataset and model are served, and whether the
model's vector index is ONLINE (a POPULATING index answers with partial results)."""

from api.graph import Graph
from api.schemas import Health, ModelStatus


def check(graph: Graph) -> Health:
    """Raises `Neo4jUnavailable` when Neo4j does not answer; otherwise says what is missing."""
    graph.ping()
    row = graph.read_one("health") or {}
    problems: list[str] = []
    if row.get("dataset") is None:
        problems.append("no dataset loaded (python -m ingest.load)")
    model = None
    if row.get("version") is None:
        problems.append("no model served: recommendations fall back to popularity")
    else:
        index = graph.read_one("vector_index_info", name=row["index"])
        state = index["state"] if index else None
        if state != "ONLINE":
            problems.append(f"vector index {row['index']} is {state or 'missing'}, not ONLINE")
        model = ModelStatus(
            version=row["version"],
            name=row["modelName"],
            index=row["index"],
            index_state=state,
            dims=row["dims"],
            trained_at=row["trainedAt"],
        )
    status = "ok" if not problems else "degraded"
    dataset = row.get("dataset")
    return Health(status=status, neo4j="up", dataset=dataset, model=model, problems=problems)
