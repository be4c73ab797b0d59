"""Valid HTML for every page the browser tests visit (Nu Html Checker).

WCAG 2.x success criterion 4.1.1 (Parsing), which JIS X 8341-3:2016 keeps,
asks for well-formed markup. The browser tests already reach every kind of
page; this module keeps the HTML the server sent for each document the browser
loaded (the bytes of the response, not the DOM after scripts ran) and checks
them all with vnu-jar in one Java run at the end of the session, because the
JVM takes seconds to start. Errors fail the run with a list naming the page and
the test that visited it; warnings are allowed.

vnu-jar comes from npm (``package.json`` at the repository root; ``make test``
installs it into ``node_modules/``) and needs ``java``. When either is missing
the check is skipped with the reason, except under ``CI=true``, where it fails
as a missing Chromium does.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Files per vnu run: one run is usually enough; this bounds the command line.
FILES_PER_RUN = 400
VNU_TIMEOUT_SECONDS = 600
#: Error lines shown per page, so one broken include does not flood the report.
ERRORS_SHOWN_PER_PAGE = 10


def vnu_command() -> list[str] | None:
    """The command that starts the checker, or None if java or the jar is
    missing."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        return None
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


def vnu_missing_reason() -> str:
    if shutil.which("java") is None:
        return (
            "java is not installed; the HTML validation (vnu-jar) of the browser "
            "tests' pages needs it (apt-get install default-jre-headless)."
        )
    return (
        f"{VNU_JAR.relative_to(REPO)} is missing; the HTML validation of the "
        "browser tests' pages needs it (run `make test`, or "
        "`npm ci --ignore-scripts`)."
    )


@dataclass
class ServedPage:
    url: str
    test: str
    path: Path


@dataclass
class ServedHtml:
    """The HTML documents the server sent during the session, one file each
    (identical documents are kept once)."""

    directory: Path
    pages: dict[str, ServedPage] = field(default_factory=dict)

    def record(self, *, url: str, test: str, body: bytes) -> None:
        digest = hashlib.sha256(body).hexdigest()
        if digest in self.pages:
            return
        path = self.directory / f"{len(self.pages):04d}.html"
        path.write_bytes(body)
        self.pages[digest] = ServedPage(url=url, test=test, path=path)

    def watch(self, browser_page, test: str) -> None:
        """Keep every HTML document ``browser_page`` receives (pages, frames,
        form answers, error pages), credited to ``test``."""

        def on_response(response) -> None:
            if response.request.resource_type != "document":
                return
            if not 200 <= response.status < 600 or 300 <= response.status < 400:
                return
            content_type = response.headers.get("content-type", "")
            if not content_type.startswith("text/html"):
                return
            self.record(url=response.url, test=test, body=response.body())

        browser_page.on("response", on_response)

    def errors(self, command: list[str]) -> list[str]:
        """vnu's errors for every kept page, as readable lines (empty: valid)."""
        by_file = {str(page.path): page for page in self.pages.values()}
        files = sorted(by_file)
        messages: list[dict] = []
        for start in range(0, len(files), FILES_PER_RUN):
            batch = files[start : start + FILES_PER_RUN]
            result = subprocess.run(
                [
                    *command,
                    "--format",
                    "json",
                    "--stdout",
                    "--exit-zero-always",
                    *batch,
                ],
                capture_output=True,
                text=True,
                timeout=VNU_TIMEOUT_SECONDS,
                check=False,
            )
            try:
                messages.extend(json.loads(result.stdout)["messages"])
            except (ValueError, KeyError) as exc:
                raise AssertionError(
                    f"vnu gave no report (exit {result.returncode}):\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
                ) from exc
        return _report(messages, by_file)


def _report(messages: list[dict], by_file: dict[str, ServedPage]) -> list[str]:
    errors: dict[str, list[dict]] = {}
    for message in messages:
        # "info" messages (warnings among them) are allowed; "error" and
        # "non-document-error" (the file could not be read) are not.
        if message.get("type") == "info":
            continue
        location = message.get("url", "").removeprefix("file:")
        errors.setdefault(location, []).append(message)
    lines: list[str] = []
    for location, found in sorted(errors.items()):
        page = by_file.get(location)
        where = f"{page.url} (visited by {page.test})" if page else location
        lines.append(f"{where}: {len(found)} error(s), file {location}")
        for message in found[:ERRORS_SHOWN_PER_PAGE]:
            line = message.get("lastLine", "?")
            lines.append(f"    line {line}: {message.get('message', '')}")
            if message.get("extract"):
                lines.append(f"        {message['extract'].strip()}")
        if len(found) > ERRORS_SHOWN_PER_PAGE:
            lines.append(f"    … and {len(found) - ERRORS_SHOWN_PER_PAGE} more")
    return lines


def served_html_session(directory: Path):
    """Generator behind the session fixture: collect during the session, then
    validate; fails or skips as the module docstring says."""
    command = vnu_command()
    if command is None and os.environ.get("CI", "").lower() == "true":
        pytest.fail(vnu_missing_reason(), pytrace=False)
    collector = ServedHtml(directory)
    yield collector
    if command is None:
        pytest.skip(vnu_missing_reason())
    if not collector.pages:
        return
    lines = collector.errors(command)
    if lines:
        pytest.fail(
            f"Nu Html Checker: invalid HTML in pages the browser tests visited "
            f"({len(collector.pages)} documents checked):\n" + "\n".join(lines),
            pytrace=False,
        )
