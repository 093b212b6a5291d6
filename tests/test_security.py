"""Secrets and exposure: nothing secret is committed, the placeholder password is refused outside
development (local server, compose file, API), and everything listens on 127.0.0.1 only.

The local-server checks run the real script (it refuses before any JVM starts); the compose file
is checked by running its neo4j entrypoint guard in bash with a stub `tini`, since Docker is not
available here; the listening check needs the Neo4j the tests start.
"""

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from api.settings import ApiSettings
from graphdb import Neo4jSettings
from graphdb.settings import PLACEHOLDER_PASSWORD
from tests.conftest import ROOT, TestNeo4j

SCRIPT = ROOT / "scripts" / "neo4j-local"
COMPOSE = ROOT / "docker-compose.yml"
SETTINGS_KEYS = ("NEO4J_", "MOVIEREC_ENV", "API_")


# -- nothing secret committed ------------------------------------------------------------------


def git(*args: str) -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return [line for line in result.stdout.split("\0" if "-z" in args else "\n") if line]


def to_be_committed() -> list[str]:
    """Tracked files, and untracked ones git does not ignore (what `git add -A` would add)."""
    tracked = git("ls-files", "-z")
    untracked = git("ls-files", "-z", "--others", "--exclude-standard")
    return sorted(set(tracked) | set(untracked))


def env_password() -> str | None:
    env = ROOT / ".env"
    if not env.is_file():
        return None
    for line in env.read_text().splitlines():
        if line.startswith("NEO4J_PASSWORD="):
            return line.partition("=")[2].strip().strip("'\"") or None
    return None


@pytest.mark.unit
def test_no_env_file_is_tracked_or_committable() -> None:
    names = [Path(p).name for p in to_be_committed()]
    leaked = [n for n in names if n == ".env" or (n.startswith(".env.") and n != ".env.example")]
    assert not leaked
    assert ".env.example" in names


@pytest.mark.unit
def test_env_is_git_and_docker_ignored() -> None:
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT, timeout=30)
    assert ignored.returncode == 0, ".env is not ignored by git"


@pytest.mark.unit
def test_no_committable_file_holds_the_password_from_env() -> None:
    password = env_password()
    if password is None or password == PLACEHOLDER_PASSWORD:
        pytest.skip("no .env with a real password here")
    assert len(password) >= 8, "the .env password is too short to search for meaningfully"
    secret = password.encode()
    holders = [p for p in to_be_committed() if secret in read_bytes(ROOT / p)]
    assert not holders, f"the .env password appears in {holders}"


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes() if path.is_file() else b""
    except OSError:
        return b""


@pytest.mark.unit
def test_one_placeholder_everywhere() -> None:
    """The refusals compare against the same string the example file ships."""
    assert f"NEO4J_PASSWORD={PLACEHOLDER_PASSWORD}\n" in (ROOT / ".env.example").read_text()
    assert f'placeholder="{PLACEHOLDER_PASSWORD}"' in SCRIPT.read_text()
    assert f'"{PLACEHOLDER_PASSWORD}"' in COMPOSE.read_text()


# -- scripts/neo4j-local refuses ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def script_env(home: Path, **values: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_KEYS)}
    return base | {
        "NEO4J_LOCAL_HOME": str(home),
        "NEO4J_LOCAL_BOLT_PORT": str(free_port()),
        "NEO4J_LOCAL_HTTP_PORT": str(free_port()),
        "NEO4J_LOCAL_START_TIMEOUT": "30",
        **values,
    }


def processes_using(home: Path) -> list[int]:
    """Pids whose environment names this NEO4J_LOCAL_HOME (what a started JVM would carry)."""
    marker = f"NEO4J_LOCAL_HOME={home}".encode()
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (proc / "environ").read_bytes().split(b"\0"):
                pids.append(int(proc.name))
        except OSError:
            continue
    return pids


def start_refused(script: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    home = Path(env["NEO4J_LOCAL_HOME"])
    try:
        result = subprocess.run(
            [script, "start"], env=env, capture_output=True, text=True, timeout=120
        )
    finally:  # had it started after all, leave nothing behind
        if (home / "neo4j.pid").exists():
            subprocess.run([script, "stop"], env=env, capture_output=True, timeout=120)
    assert result.returncode != 0, result.stdout + result.stderr
    assert not (home / "neo4j.pid").exists()
    assert processes_using(home) == []
    return result


@pytest.mark.unit
@pytest.mark.parametrize("movierec_env", ["production", "test"])
def test_local_neo4j_refuses_the_placeholder_outside_development(
    tmp_path: Path, movierec_env: str
) -> None:
    env = script_env(tmp_path, NEO4J_PASSWORD=PLACEHOLDER_PASSWORD, MOVIEREC_ENV=movierec_env)
    result = start_refused(SCRIPT, env)
    assert result.returncode == 2
    assert "refusing the placeholder password outside MOVIEREC_ENV=development" in result.stderr


@pytest.mark.unit
def test_local_neo4j_refuses_an_empty_password(tmp_path: Path) -> None:
    env = script_env(tmp_path, NEO4J_PASSWORD="", MOVIEREC_ENV="production")
    result = start_refused(SCRIPT, env)
    assert result.returncode == 2 and "NEO4J_PASSWORD is not set" in result.stderr


@pytest.mark.unit
def test_local_neo4j_refuses_an_unset_password(tmp_path: Path) -> None:
    """In a copy of the project without .env (which would fill the password in)."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    (project / "neo4j-local").mkdir()
    shutil.copy2(SCRIPT, project / "scripts" / "neo4j-local")
    shutil.copy2(ROOT / "neo4j-local" / "pom.xml", project / "neo4j-local" / "pom.xml")
    env = script_env(tmp_path / "home", MOVIEREC_ENV="production")
    assert "NEO4J_PASSWORD" not in env
    result = start_refused(project / "scripts" / "neo4j-local", env)
    assert result.returncode == 2 and "NEO4J_PASSWORD is not set" in result.stderr


# -- docker-compose.yml ------------------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def entrypoint_guard(
    tmp_path: Path, password: str, movierec_env: str
) -> subprocess.CompletedProcess[str]:
    """Run the neo4j service's entrypoint as compose would ($$ is compose's escaped $), with a
    stub `tini` on PATH that only reports it was reached."""
    entry = compose()["services"]["neo4j"]["entrypoint"]
    assert entry[:2] == ["/bin/bash", "-c"]
    script = entry[2].replace("$$", "$")
    stub = tmp_path / "bin" / "tini"
    stub.parent.mkdir(exist_ok=True)
    stub.write_text('#!/bin/sh\necho STARTED "$@"\n')
    stub.chmod(0o755)
    env = {
        "PATH": f"{stub.parent}:/usr/bin:/bin",
        "NEO4J_PASSWORD": password,
        "MOVIEREC_ENV": movierec_env,
    }
    return subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=30
    )


@pytest.mark.unit
@pytest.mark.parametrize("movierec_env", ["production", "test", ""])
def test_compose_neo4j_refuses_the_placeholder_outside_development(
    tmp_path: Path, movierec_env: str
) -> None:
    result = entrypoint_guard(tmp_path, PLACEHOLDER_PASSWORD, movierec_env)
    assert result.returncode == 2 and "STARTED" not in result.stdout
    assert "refusing the placeholder password" in result.stderr


@pytest.mark.unit
@pytest.mark.parametrize(
    ("password", "movierec_env"),
    [(PLACEHOLDER_PASSWORD, "development"), ("a-real-random-password", "production")],
)
def test_compose_neo4j_starts_otherwise(tmp_path: Path, password: str, movierec_env: str) -> None:
    result = entrypoint_guard(tmp_path, password, movierec_env)
    assert result.returncode == 0, result.stderr
    assert "STARTED -g -- /startup/docker-entrypoint.sh neo4j" in result.stdout


@pytest.mark.unit
def test_compose_defaults_to_production_and_requires_a_password() -> None:
    text = COMPOSE.read_text()
    assert re.search(r"\$\{NEO4J_PASSWORD:\?[^}]+\}", text), "NEO4J_PASSWORD must be required"
    for name, service in compose()["services"].items():
        env = service.get("environment", {})
        assert env.get("MOVIEREC_ENV") == "${MOVIEREC_ENV:-production}", name


@pytest.mark.unit
def test_compose_publishes_ports_on_loopback_only() -> None:
    published = [
        (name, port)
        for name, service in compose()["services"].items()
        for port in service.get("ports", [])
    ]
    assert published, "no published ports found"
    for name, port in published:
        if isinstance(port, dict):  # long syntax
            assert port.get("host_ip") == "127.0.0.1", (name, port)
        else:
            assert str(port).startswith("127.0.0.1:"), (name, port)


# -- the API's settings ------------------------------------------------------------------------


@pytest.fixture
def clean_settings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No .env in the working directory and no settings keys in the environment."""
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith(SETTINGS_KEYS):
            monkeypatch.delenv(key)


@pytest.mark.unit
@pytest.mark.parametrize("movierec_env", [None, "production", "test"])
def test_api_refuses_the_placeholder_outside_development(
    clean_settings_env: None, monkeypatch: pytest.MonkeyPatch, movierec_env: str | None
) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", PLACEHOLDER_PASSWORD)
    if movierec_env is not None:
        monkeypatch.setenv("MOVIEREC_ENV", movierec_env)
    with pytest.raises(ValidationError, match="placeholder"):
        ApiSettings()


@pytest.mark.unit
def test_api_settings_defaults(clean_settings_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError, match="password"):
        Neo4jSettings()  # type: ignore[call-arg]
    monkeypatch.setenv("NEO4J_PASSWORD", PLACEHOLDER_PASSWORD)
    monkeypatch.setenv("MOVIEREC_ENV", "development")
    assert ApiSettings().api_host == "127.0.0.1"
    monkeypatch.setenv("NEO4J_PASSWORD", "a-real-random-password")
    monkeypatch.delenv("MOVIEREC_ENV")
    settings = ApiSettings()
    assert settings.movierec_env == "production" and settings.api_host == "127.0.0.1"
    assert settings.neo4j.uri.startswith("bolt://127.0.0.1:")
    assert "a-real-random-password" not in repr(settings) + str(settings)


@pytest.mark.unit
def test_example_env_binds_loopback() -> None:
    text = (ROOT / ".env.example").read_text()
    assert "API_HOST=127.0.0.1" in text.splitlines()
    uris = re.findall(r"NEO4J_URI=(\S+)", text)
    assert all("127.0.0.1" in uri for uri in uris)


# -- what actually listens ---------------------------------------------------------------------


def listening(port: int) -> list[str]:
    """Local addresses listening on TCP `port`, per `ss` (IPv4-mapped IPv6 shown as IPv4)."""
    lines = subprocess.run(
        ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True, timeout=30
    ).stdout.splitlines()
    addresses = []
    for line in lines:
        local = line.split()[3]
        host = local.rsplit(":", 1)[0].strip("[]")
        addresses.append(host.removeprefix("::ffff:"))
    return addresses


def non_loopback_addresses() -> list[str]:
    if shutil.which("hostname") is None:
        return []
    out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=10).stdout
    return [a for a in out.split() if not a.startswith(("127.", "::1"))]


def connects(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        return s.connect_ex((host, port)) == 0


@pytest.mark.integration
def test_local_neo4j_listens_on_loopback_only(neo4j_server: TestNeo4j) -> None:
    if neo4j_server.home is None:
        pytest.skip("an external Neo4j is not ours to inspect")
    ports = [int(neo4j_server.env[k]) for k in ("NEO4J_LOCAL_BOLT_PORT", "NEO4J_LOCAL_HTTP_PORT")]
    checked = False
    if shutil.which("ss"):
        for port in ports:
            addresses = listening(port)
            assert addresses, f"nothing listens on {port}"
            assert set(addresses) == {"127.0.0.1"}, (port, addresses)
        checked = True
    others = non_loopback_addresses()
    for host in others:
        for port in ports:
            assert not connects(host, port), f"Neo4j answers on {host}:{port}"
    assert all(connects("127.0.0.1", port) for port in ports)
    if not checked and not others:
        pytest.skip("neither ss nor a non-loopback address to check with")
