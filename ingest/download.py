"""GroupLens zips, downloaded once, verified by md5 and kept in a cache outside the repository.

A zip is streamed to a temporary file and renamed only once its checksum matches, so the cache
never holds a half-written or corrupt archive under the real name. The checksum is pinned where it
is known, else taken from the `.md5` file GroupLens publishes beside each zip; it is saved next to
the cached zip so that reusing the cache needs no network.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

import httpx
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential
from tqdm import tqdm

from graphdb.errors import MovieRecError
from ingest.movielens import DATASETS, GROUPLENS_URL, DatasetSpec, NotMovieLens, detect_dataset

CHUNK_BYTES = 1 << 20
ATTEMPTS = 4
TIMEOUT = httpx.Timeout(30.0, read=120.0)


class DownloadError(MovieRecError):
    """A zip could not be downloaded or did not match its checksum; the message names the URL."""


def default_cache_dir() -> Path:
    """`$MOVIELENS_CACHE`, else ~/.cache/movierec/movielens: downloads never land in the repo."""
    configured = os.environ.get("MOVIELENS_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "movierec" / "movielens"


def zip_url(spec: DatasetSpec) -> str:
    """GroupLens, or `$MOVIELENS_BASE_URL` (a mirror, or the tests' local server)."""
    base = os.environ.get("MOVIELENS_BASE_URL", "").rstrip("/")
    if base or spec.url is None:
        return f"{base or GROUPLENS_URL}/{spec.name}.zip"
    return spec.url


def md5_of(path: Path) -> str:
    digest = hashlib.md5()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fetch(name: str, cache_dir: Path | str | None = None) -> Path:
    """The cached zip of `name`, downloading it first unless a copy with the right md5 is there.

    A cached copy with the wrong md5 (an interrupted copy, a changed release) is deleted and
    downloaded again; a download with the wrong md5 is deleted and reported.
    """
    spec = DATASETS.get(name)
    if spec is None:
        raise DownloadError(f"unknown MovieLens dataset {name!r}; known: {', '.join(DATASETS)}")
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"{name}.zip"
    url = zip_url(spec)
    with httpx.Client(timeout=TIMEOUT, follow_redirects=True) as client:
        if target.exists():
            expected = spec.md5 or _saved_md5(target) or _published_md5(client, url)
            if md5_of(target) == expected:
                return target
            target.unlink()
        expected = spec.md5 or _published_md5(client, url)
        _download(client, url, target, expected)
    _md5_file(target).write_text(f"{expected}  {target.name}\n")
    return target


def resolve_source(
    source: str | Path | None, dataset: str, cache_dir: Path | str | None = None
) -> Path:
    """A folder or zip to parse: the given one as is (zips are read in place), else a download.

    A `source` that is not an existing path but names a known dataset is downloaded too, so
    `--source ml-100k` works.
    """
    if source is None:
        return fetch(dataset, cache_dir)
    path = Path(source).expanduser()
    if not path.exists() and str(source) in DATASETS:
        return fetch(str(source), cache_dir)
    if not path.exists():
        raise NotMovieLens(f"{path} does not exist (expected a MovieLens folder or .zip)")
    detect_dataset(path)  # refuse a wrong folder now, with the clear message, not mid-parse
    return path


def _md5_file(target: Path) -> Path:
    return target.with_name(target.name + ".md5")


def _saved_md5(target: Path) -> str | None:
    sidecar = _md5_file(target)
    return _first_md5(sidecar.read_text()) if sidecar.exists() else None


def _first_md5(text: str) -> str | None:
    """Both `md5sum` ("<hex>  file") and BSD ("MD5 (file) = <hex>") layouts hold one 32-hex word."""
    found = re.search(r"\b[0-9a-fA-F]{32}\b", text)
    return found.group(0).lower() if found else None


def _transient(error: BaseException) -> bool:
    """Network trouble and server-side errors are worth another try; a 404 is not."""
    if isinstance(error, httpx.HTTPStatusError):
        return error.response.status_code >= 500 or error.response.status_code == 429
    return isinstance(error, httpx.TransportError)


_retrying = retry(
    retry=retry_if_exception(_transient),
    wait=wait_exponential(multiplier=0.5, max=8),
    stop=stop_after_attempt(ATTEMPTS),
    reraise=True,
)


def _published_md5(client: httpx.Client, url: str) -> str:
    try:
        text = _retrying(_get_text)(client, url + ".md5")
    except httpx.HTTPError as e:
        raise DownloadError(
            f"no checksum to verify {url}: none is pinned and {url}.md5 could not be fetched ({e})"
        ) from e
    md5 = _first_md5(text)
    if md5 is None:
        raise DownloadError(f"{url}.md5 holds no md5 checksum: {text[:80]!r}")
    return md5


def _get_text(client: httpx.Client, url: str) -> str:
    response = client.get(url)
    response.raise_for_status()
    return response.text


def _download(client: httpx.Client, url: str, target: Path, expected: str) -> None:
    """Stream to a temporary file beside the target; rename only a verified download."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    part = Path(name)
    try:
        digest = _retrying(_stream)(client, url, part, target.name)
        if digest != expected:
            raise DownloadError(
                f"{url}: md5 {digest} does not match the expected {expected}; "
                "the corrupt download was deleted"
            )
        part.replace(target)
    except httpx.HTTPError as e:
        raise DownloadError(f"could not download {url}: {e}") from e
    finally:
        part.unlink(missing_ok=True)


def _stream(client: httpx.Client, url: str, part: Path, label: str) -> str:
    """One attempt: write the body to `part` (from scratch), returning its md5."""
    digest = hashlib.md5()
    with client.stream("GET", url) as response:
        response.raise_for_status()
        total = int(response.headers.get("content-length", 0)) or None
        with (
            part.open("wb") as out,
            tqdm(total=total, unit="B", unit_scale=True, desc=label, disable=None) as bar,
        ):
            for chunk in response.iter_bytes(CHUNK_BYTES):
                out.write(chunk)
                digest.update(chunk)
                bar.update(len(chunk))
    return digest.hexdigest()
