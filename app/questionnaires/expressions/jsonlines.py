"""One JSON line in, one JSON result out: the contract of ``shura expressions eval``.

The browser evaluator is held to the same cases through this entry point (see
tests/questionnaires/test_expression_vectors.py).
"""

from __future__ import annotations

import json

from app.questionnaires.expressions.evaluator import Environment, evaluate
from app.questionnaires.expressions.functions import EvaluationError
from app.questionnaires.expressions.parser import ExpressionError, parse
from app.questionnaires.expressions.values import to_json


def evaluate_line(line: str) -> dict:
    """``{"value": ...}`` or ``{"error": "..."}`` for one input line."""
    try:
        case = json.loads(line)
    except json.JSONDecodeError as error:
        return {"error": f"the line is not JSON: {error}"}
    if not isinstance(case, dict) or not isinstance(case.get("expr"), str):
        return {"error": 'each line needs {"expr": "...", "answers": {...}}'}
    answers = case.get("answers") or {}
    if not isinstance(answers, dict):
        return {"error": "answers must be a JSON object"}
    choice = case.get("choice")
    if choice is not None and not isinstance(choice, dict):
        return {"error": "choice must be a JSON object"}
    try:
        expression = parse(case["expr"], allow_columns=choice is not None)
        env = Environment(
            answers,
            case.get("current"),
            context=[tuple(step) for step in case.get("context") or []],
            choice=choice,
        )
        return {"value": to_json(evaluate(expression, env))}
    except (ExpressionError, EvaluationError) as error:
        return {"error": str(error)}
    except (TypeError, ValueError) as error:
        return {"error": f"the line could not be read: {error}"}
