"""The expression language of questionnaires (XLSForm's XPath subset), parsed without eval.

``parse()`` reads an expression once (and reports problems with their column);
``evaluate()`` computes it against answers. See grammar.lark for the syntax and
forms/README.md for what each operator and function does.
"""

from app.questionnaires.expressions.evaluator import Environment, evaluate, infer_scopes
from app.questionnaires.expressions.functions import FUNCTIONS, EvaluationError
from app.questionnaires.expressions.parser import Expression, ExpressionError, parse
from app.questionnaires.expressions.values import NodeSet, to_boolean, to_json, to_string

__all__ = [
    "FUNCTIONS",
    "Environment",
    "EvaluationError",
    "Expression",
    "ExpressionError",
    "NodeSet",
    "evaluate",
    "infer_scopes",
    "parse",
    "to_boolean",
    "to_json",
    "to_string",
]
