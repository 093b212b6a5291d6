"""`python -m api.demo --base-url http://127.0.0.1:8000`: a few real recommendations from the
running API, with the graph paths that explain them, and where to look next. `make up` ends
with it, so the first thing a person sees is the system answering through HTTP, not a log."""

from typing import Annotated, Any

import httpx
import typer

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)


def fetch(client: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    if response.status_code != 200:
        typer.echo(f"error: GET {path} answered {response.status_code}: {response.text}", err=True)
        raise typer.Exit(1)
    return response.json()


def served_by(body: dict[str, Any]) -> str:
    served = body["servedBy"]
    if served.get("modelVersion") is not None:
        return f"{served['method']} (model v{served['modelVersion']}, {served['modelName']})"
    return f"{served['method']} ({served.get('reason') or 'no model'})"


def print_recommendations(body: dict[str, Any], title: str) -> None:
    typer.echo(f"\n{title}: served by {served_by(body)}")
    for rank, movie in enumerate(body["movies"], start=1):
        genres = ", ".join(movie["genres"])
        typer.echo(f"  {rank:2d}. {movie['title']}  [{genres}]  score {movie['score']:.3f}")
        for path in movie.get("because") or []:
            typer.echo(f"        - {path['text']}")


@app.command()
def main(
    base_url: Annotated[str, typer.Option(help="Where the API listens.")] = "http://127.0.0.1:8000",
    user: Annotated[int, typer.Option(help="The sample user (a MovieLens userId).")] = 1,
    k: Annotated[int, typer.Option(min=1, max=20, help="How many movies to show.")] = 5,
    genre: Annotated[str, typer.Option(help="A genre for the filtered example.")] = "Comedy",
    browser: Annotated[
        str, typer.Option(help="Neo4j Browser's address, printed for you.")
    ] = "http://127.0.0.1:7474",
) -> None:
    """Print recommendations for a sample user (with explanations), a genre-filtered list, and
    movies similar to the user's first recommendation."""
    with httpx.Client(base_url=base_url, timeout=30.0) as client:
        try:
            health = fetch(client, "/health")
        except httpx.HTTPError as e:
            typer.echo(f"error: the API at {base_url} did not answer ({e})", err=True)
            raise typer.Exit(1) from None
        model = health.get("model") or {}
        typer.echo(
            f"API {base_url}: {health['status']}, dataset {health.get('dataset')}, "
            f"model {model.get('name', 'none')} v{model.get('version', '-')}"
        )
        body = fetch(client, f"/users/{user}/recommendations", k=k, explain=True)
        print_recommendations(body, f"Top {k} for user {user}, with the paths that explain them")
        filtered = fetch(client, f"/users/{user}/recommendations", k=3, genre=genre)
        print_recommendations(filtered, f"Top 3 {genre} movies for user {user}")
        if body["movies"]:
            first = body["movies"][0]
            similar = fetch(client, f"/movies/{first['movieId']}/similar", k=3)
            print_recommendations(similar, f"Movies similar to {first['title']}")
    typer.echo(f"\nAPI docs (OpenAPI): {base_url}/docs")
    typer.echo(f"Neo4j Browser:      {browser}  (paste any cypher/*.cypher; its :param line first)")


if __name__ == "__main__":
    app()
