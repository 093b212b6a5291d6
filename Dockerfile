# The compose `api` service (docker-compose.yml builds this): the FastAPI app under uvicorn.
# Neo4j settings come from the environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, MOVIEREC_ENV).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY pyproject.toml ./
COPY graphdb/ graphdb/
COPY cypher/ cypher/
COPY gnn/ gnn/
COPY api/ api/

RUN useradd --system --uid 10001 --no-create-home movierec
USER movierec

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["python", "-m", "uvicorn", "api.main:app", "--host", "0.0.0.0", "--port", "8000"]
