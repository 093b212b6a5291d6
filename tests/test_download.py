"""The downloader against a local HTTP server on 127.0.0.1 (tests never reach the internet)."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest.download import DownloadError, fetch, resolve_source
from ingest.movielens import NotMovieLens

pytestmark = pytest.mark.unit


@dataclass
class FakeGroupLens:
    """Serves `files` by path; `failures[path]` answers 503 that many times first."""

    base_url: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    failures: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)


def make_handler(state: FakeGroupLens) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hits[self.path] += 1
            if state.failures[self.path] > 0:
                state.failures[self.path] -= 1
                self.send_error(503)
                return
            body = state.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

    return Handler


@pytest.fixture
def grouplens(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGroupLens]:
    state = FakeGroupLens()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/datasets/movielens"
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    monkeypatch.setenv("MOVIELENS_BASE_URL", state.base_url)
    yield state
    server.shutdown()
    server.server_close()


def movielens_zip(name: str) -> bytes:
    """A tiny but valid CSV release, laid out as GroupLens zips are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(f"{name}/movies.csv", "movieId,title,genres\n1,Heat (1995),Action\n")
        zf.writestr(f"{name}/ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,1\n")
    return buffer.getvalue()


def publish(server: FakeGroupLens, name: str, body: bytes, md5: str | None = None) -> str:
    path = f"/datasets/movielens/{name}.zip"
    server.files[path] = body
    checksum = md5 or hashlib.md5(body).hexdigest()
    server.files[path + ".md5"] = f"MD5 ({name}.zip) = {checksum}\n".encode()
    return path


def test_downloads_verifies_and_reuses_the_cache(grouplens: FakeGroupLens, tmp_path: Path) -> None:
    body = movielens_zip("ml-25m")
    path = publish(grouplens, "ml-25m", body)
    cached = fetch("ml-25m", tmp_path / "cache")
    assert cached == tmp_path / "cache" / "ml-25m.zip" and cached.read_bytes() == body
    assert not list((tmp_path / "cache").glob("*.part"))
    assert fetch("ml-25m", tmp_path / "cache") == cached
    assert grouplens.hits[path] == 1 and grouplens.hits[path + ".md5"] == 1  # 2nd: no network


def test_cache_dir_from_environment(
    grouplens: FakeGroupLens, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(grouplens, "ml-32m", movielens_zip("ml-32m"))
    monkeypatch.setenv("MOVIELENS_CACHE", str(tmp_path / "env-cache"))
    assert fetch("ml-32m") == tmp_path / "env-cache" / "ml-32m.zip"


def test_wrong_md5_deletes_the_download(grouplens: FakeGroupLens, tmp_path: Path) -> None:
    """ml-latest-small has a pinned md5, which the fake zip cannot match."""
    publish(grouplens, "ml-latest-small", movielens_zip("ml-latest-small"))
    with pytest.raises(DownloadError, match="does not match the expected 31a303aa"):
        fetch("ml-latest-small", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_corrupt_cached_zip_is_downloaded_again(grouplens: FakeGroupLens, tmp_path: Path) -> None:
    body = movielens_zip("ml-latest")
    path = publish(grouplens, "ml-latest", body)
    fetch("ml-latest", tmp_path)
    (tmp_path / "ml-latest.zip").write_bytes(body[:-10])  # truncated, e.g. a killed copy
    assert fetch("ml-latest", tmp_path).read_bytes() == body
    assert grouplens.hits[path] == 2


def test_transient_errors_are_retried(grouplens: FakeGroupLens, tmp_path: Path) -> None:
    path = publish(grouplens, "ml-25m", movielens_zip("ml-25m"))
    grouplens.failures[path] = 1
    assert fetch("ml-25m", tmp_path).exists()
    assert grouplens.hits[path] == 2


def test_missing_zip_is_not_retried(grouplens: FakeGroupLens, tmp_path: Path) -> None:
    grouplens.files["/datasets/movielens/ml-25m.zip.md5"] = b"0" * 32
    with pytest.raises(DownloadError, match="404"):
        fetch("ml-25m", tmp_path)
    assert grouplens.hits["/datasets/movielens/ml-25m.zip"] == 1


def test_no_checksum_anywhere_is_refused(grouplens: FakeGroupLens, tmp_path: Path) -> None:
    grouplens.files["/datasets/movielens/ml-25m.zip"] = movielens_zip("ml-25m")
    with pytest.raises(DownloadError, match="no checksum to verify"):
        fetch("ml-25m", tmp_path)
    assert grouplens.hits["/datasets/movielens/ml-25m.zip"] == 0


def test_unknown_dataset(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="unknown MovieLens dataset 'ml-2b'"):
        fetch("ml-2b", tmp_path)


def test_resolve_source(grouplens: FakeGroupLens, tmp_path: Path) -> None:
    archive = tmp_path / "ml-25m.zip"
    archive.write_bytes(movielens_zip("ml-25m"))
    assert resolve_source(archive, "ml-25m") == archive  # read in place, not extracted
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "movies.csv").write_text("movieId,title,genres\n")
    (folder / "ratings.csv").write_text("userId,movieId,rating,timestamp\n")
    assert resolve_source(str(folder), "ml-latest-small") == folder
    publish(grouplens, "ml-32m", movielens_zip("ml-32m"))
    assert resolve_source(None, "ml-32m", tmp_path / "c") == tmp_path / "c" / "ml-32m.zip"
    assert resolve_source("ml-32m", "ignored", tmp_path / "c") == tmp_path / "c" / "ml-32m.zip"
    with pytest.raises(NotMovieLens, match="does not exist"):
        resolve_source(tmp_path / "nowhere", "ml-latest-small")
    with pytest.raises(NotMovieLens, match="is not a MovieLens dataset"):
        resolve_source(tmp_path / "c" / "..", "ml-latest-small")
