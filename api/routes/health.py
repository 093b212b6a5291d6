"""/health: 200 while Neo4j answers (status ok, or degraded with the reasons), 503 when not."""

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api import health
from api.deps import GraphDep
from api.schemas import Health
from graphdb import Neo4jUnavailable

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def get_health(graph: GraphDep) -> Health | JSONResponse:
    try:
        return health.check(graph)
    except Neo4jUnavailable as e:
        body = Health(status="unavailable", neo4j="down", problems=[str(e)])
        return JSONResponse(status_code=503, content=body.model_dump(by_alias=True))
