"""What a person would do: open the Neo4j Browser the project serves, connect, paste the
recommendation query from cypher/ (with its `:param` lines), and see movie titles in the result.

Runs headless Chromium (Debian's `chromium`, installed by .ci/run) through Playwright; skipped
with the reason where Chromium is absent. The screenshot is kept in var/artifacts/.
"""

import os
import shutil
from pathlib import Path

import pytest
from neo4j import Driver

from graphdb.cypher import CYPHER_DIR
from tests import serving_fixture
from tests.conftest import ROOT, TestNeo4j
from tests.serving_fixture import Served

pytestmark = [pytest.mark.integration, pytest.mark.browser]
movielens = serving_fixture.movielens

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "var" / "artifacts"


def browser_script(user_id: int) -> list[str]:
    """The commands a person types: each `:param` line of the file, then the query itself."""
    text = (CYPHER_DIR / "recommend_user.cypher").read_text()
    params = [
        line.removeprefix("// ") for line in text.splitlines() if line.startswith("// :param")
    ]
    params = [f":param userId => {user_id}" if p.startswith(":param userId") else p for p in params]
    return [*params, text]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_browser_runs_recommendation_query(
    movielens: Served, driver: Driver, neo4j_server: TestNeo4j, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    http_port = neo4j_server.env.get("NEO4J_LOCAL_HTTP_PORT", "7475")
    if neo4j_server.home is None:
        pytest.skip("needs the local Neo4j the tests start (it serves Neo4j Browser)")
    user_id = min(movielens.rated)
    expected = {
        r["title"] for r in driver.execute_query("MATCH (m:Movie) RETURN m.title AS title").records
    }
    url = f"http://127.0.0.1:{http_port}/?dbms={neo4j_server.uri}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        # A fresh, empty profile (--user-data-dir) every run.
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            page = browser.new_page()
            page.goto(url, wait_until="networkidle")
            connect(page, neo4j_server.password)
            for command in browser_script(user_id):
                run(page, command)
            page.wait_for_selector("[data-testid=frame] table, .relatable", timeout=60_000)
            page.wait_for_timeout(1000)
            page.screenshot(path=str(ARTIFACTS / "neo4j-browser-recommendations.png"))
            shown = page.locator("[data-testid=frame]").first.inner_text()
        finally:
            browser.close()
    titles = [t for t in expected if t in shown]
    assert len(titles) >= 5, f"no movie titles in the Browser's result:\n{shown[:2000]}"


def connect(page, password: str) -> None:
    method = "[data-testid=authenticationMethod]"
    page.select_option(method, "NO_AUTH")  # toggling makes the user/password fields appear
    page.select_option(method, "NATIVE")
    page.fill("[data-testid=username]", "neo4j")
    page.fill("[data-testid=password]", password)
    page.click("[data-testid=connect]")
    page.wait_for_selector("text=You are connected as user", timeout=60_000)


def run(page, command: str) -> None:
    """Type into the main editor as a person would paste, and press the run button."""
    page.locator("[data-testid=activeEditor]").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(command)
    page.click("[data-testid=editor-Run]")
    page.wait_for_timeout(500)


if os.environ.get("CI") and CHROMIUM is None:  # .ci/run installs it: a skip there is a failure
    raise RuntimeError("CI must have Chromium for the Neo4j Browser check (see .ci/run)")
