"""The server's and the browser's expression evaluators, held to the same vectors.

Each vector of expression_vectors.json is an input line of ``shura expressions eval`` plus
the result forms/EXPRESSIONS.md says it must give. All vectors go through the server's
evaluator in one ``shura expressions eval`` process and through app/web/static/expressions.js
in one ``node run_expressions.js`` process; every result must match the vector and the two
evaluators must agree.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import need_service

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
VECTORS = json.loads((HERE / "expression_vectors.json").read_text(encoding="utf-8"))
INPUT_KEYS = {"expr", "answers", "current", "context", "choice"}


def _input_lines() -> str:
    return "".join(
        json.dumps({key: vector[key] for key in INPUT_KEYS if key in vector}, ensure_ascii=False)
        + "\n"
        for vector in VECTORS
    )


def _run(command: list[str], name: str) -> list[dict]:
    completed = subprocess.run(
        command,
        input=_input_lines(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=PROJECT,
        timeout=300,
    )
    lines = completed.stdout.splitlines()
    if completed.returncode != 0 or len(lines) != len(VECTORS):
        pytest.fail(
            f"{name} exited with {completed.returncode} after {len(lines)} of {len(VECTORS)} "
            f"results:\n{completed.stderr[-3000:]}"
        )
    return [json.loads(line) for line in lines]


@cache
def _server_results() -> list[dict]:
    return _run([str(Path(sys.executable).parent / "shura"), "expressions", "eval"], "shura")


@cache
def _browser_results() -> list[dict] | None:
    node = shutil.which("node")
    if node is None:
        return None
    return _run([node, str(HERE / "run_expressions.js")], "node")


@pytest.fixture(scope="module")
def server_results() -> list[dict]:
    return _server_results()


@pytest.fixture(scope="module")
def browser_results() -> list[dict]:
    results = _browser_results()
    need_service("Node.js", results is not None, "install Debian's nodejs package")
    return results


def _same(a: dict, b: dict) -> bool:
    """Whether two results agree: both errors (any message), or equal values of one kind."""
    if "error" in a or "error" in b:
        return "error" in a and "error" in b
    if "value" not in a or "value" not in b:
        return False
    x, y = a["value"], b["value"]
    if isinstance(x, bool) or isinstance(y, bool):
        return type(x) is type(y) and x == y
    if isinstance(x, int | float) and isinstance(y, int | float):
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
    return type(x) is type(y) and x == y


def _describe(index: int, server: dict, browser: dict | None) -> str:
    vector = VECTORS[index]
    shown = {key: vector[key] for key in INPUT_KEYS - {"expr"} if key in vector}
    return (
        f"vector {index}: {vector['expr']!r} {json.dumps(shown, ensure_ascii=False)}\n"
        f"  expected: {json.dumps(vector['expect'], ensure_ascii=False)}\n"
        f"  server:   {json.dumps(server, ensure_ascii=False)}\n"
        f"  browser:  {json.dumps(browser, ensure_ascii=False) if browser else '(no Node.js)'}"
    )


def test_there_are_enough_well_formed_vectors():
    assert len(VECTORS) >= 150
    for index, vector in enumerate(VECTORS):
        assert isinstance(vector.get("expr"), str), index
        assert set(vector) <= INPUT_KEYS | {"expect"}, index
        expect = vector["expect"]
        assert expect == {"error": True} or set(expect) == {"value"}, index
        assert isinstance(expect.get("value", ""), bool | int | float | str), index


INDICES = pytest.mark.parametrize("index", range(len(VECTORS)), ids=lambda i: f"{i:03d}")


@INDICES
def test_server_evaluator(index, server_results):
    server = server_results[index]
    browser = _browser_results()
    assert _same(VECTORS[index]["expect"], server), _describe(
        index, server, browser[index] if browser else None
    )


@INDICES
def test_browser_evaluator_and_agreement(index, server_results, browser_results):
    server, browser = server_results[index], browser_results[index]
    assert _same(VECTORS[index]["expect"], browser), _describe(index, server, browser)
    assert _same(server, browser), _describe(index, server, browser)
