"""The FastAPI app. The lifespan creates the process's one Neo4j driver (without waiting for
Neo4j: the API starts, answers 503 while Neo4j is away, and recovers by itself when it is back)
and closes it on shutdown. OpenAPI docs at /docs.

    uvicorn api.main:app --host 127.0.0.1 --port 8000     (or: python -m api.main)
"""

import logging
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.graph import Graph
from api.routes import health, movies, users
from api.settings import ApiSettings
from graphdb import Neo4jUnavailable, connect

log = logging.getLogger("movierec.api")
RETRY_AFTER_SECONDS = 5


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = ApiSettings()
    driver = connect(settings.neo4j, wait=False)
    app.state.settings = settings
    app.state.graph = Graph(driver, settings.neo4j.database, settings.api_neo4j_retry_seconds)
    try:
        yield
    finally:
        driver.close()


async def neo4j_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """503 with a JSON body and Retry-After: Neo4j is down or restarting, not our bug."""
    log.warning("%s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(
        status_code=503,
        content={"detail": str(exc)},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def request_invalid(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own 422, except that a number JSON cannot hold (NaN, Infinity, 1e400 parsed as
    inf) is echoed back as text: FastAPI's default handler fails on it with a 500."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else [str(exc)]
    finite = {float: lambda x: x if math.isfinite(x) else str(x)}
    return JSONResponse(
        status_code=422, content={"detail": jsonable_encoder(errors, custom_encoder=finite)}
    )


def create_app() -> FastAPI:
    app = FastAPI(
        title="movierec",
        summary="MovieLens recommendations from a GNN, served by Neo4j's vector index.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.add_exception_handler(Neo4jUnavailable, neo4j_unavailable)
    app.add_exception_handler(RequestValidationError, request_invalid)
    app.include_router(users.router)
    app.include_router(movies.router)
    app.include_router(health.router)
    return app


app = create_app()


if __name__ == "__main__":
    import uvicorn

    settings = ApiSettings()
    uvicorn.run("api.main:app", host=settings.api_host, port=settings.api_port)
