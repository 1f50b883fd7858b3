"""Parsing expressions into small syntax trees, without ``eval``.

The grammar lives in ``grammar.lark`` beside this module; lark builds an LALR parser from it
once. Every problem (a syntax error, an unknown function, a wrong number of arguments, a bare
name outside a choice filter) is an ``ExpressionError`` carrying the 1-based column where it
starts, so ``shura definitions check`` can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from app.core.i18n import _
from app.questionnaires.expressions.functions import FUNCTIONS


class ExpressionError(ValueError):
    """An expression that cannot be read or run; ``column`` is 1-based, or None."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        if self.column:
            return str(
                _("column %(column)s: %(message)s", column=self.column, message=self.message)
            )
        return str(self.message)


@dataclass(frozen=True)
class Node:
    column: int


@dataclass(frozen=True)
class Literal(Node):
    value: object


@dataclass(frozen=True)
class Reference(Node):
    name: str


@dataclass(frozen=True)
class Current(Node):
    pass


@dataclass(frozen=True)
class Parent(Node):
    pass


@dataclass(frozen=True)
class Column(Node):
    name: str


@dataclass(frozen=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    operator: str  #: or and = != < <= > >= + - * div mod
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its source, its tree and the question codes it refers to."""

    source: str
    tree: Node
    references: tuple[str, ...]
    uses_columns: bool


_GRAMMAR = (Path(__file__).with_name("grammar.lark")).read_text(encoding="utf-8")
_PARSER = Lark(_GRAMMAR, parser="lalr", propagate_positions=True, maybe_placeholders=False)

#: how the parser's terminals read in a message
_TOKEN_WORDS = {
    "RPAR": "')'",
    "LPAR": "'('",
    "COMMA": "','",
    "$END": _("the end of the expression"),
    "EQ_OP": _("a comparison"),
    "REL_OP": _("a comparison"),
    "ADD_OP": _("an operator"),
    "MUL_OP": _("an operator"),
    "_OR": "'or'",
    "_AND": "'and'",
}
_VALUE_TOKENS = {"NUMBER", "STRING", "REF", "FUNCTION", "NAME", "DOT", "LPAR", "_MINUS"}


def _column(token) -> int:
    return getattr(token, "column", None) or getattr(getattr(token, "meta", None), "column", 1)


@v_args(meta=True)
class _ToTree(Transformer):
    def _binary(self, meta, children):
        left = children[0]
        for operator, right in zip(children[1::2], children[2::2], strict=True):
            left = Binary(meta.column, str(operator), left, right)
        return left

    def or_expr(self, meta, children):
        return self._chain(meta, "or", children)

    def and_expr(self, meta, children):
        return self._chain(meta, "and", children)

    def _chain(self, meta, operator, operands):
        result = operands[0]
        for operand in operands[1:]:
            result = Binary(meta.column, operator, result, operand)
        return result

    eq_expr = rel_expr = add_expr = mul_expr = _binary

    def negate(self, meta, children):
        return Negate(meta.column, children[0])

    def number(self, meta, children):
        return Literal(meta.column, float(children[0]))

    def string(self, meta, children):
        return Literal(meta.column, str(children[0])[1:-1])

    def reference(self, meta, children):
        return Reference(meta.column, str(children[0])[2:-1])

    def current(self, meta, children):
        return Current(meta.column)

    def parent(self, meta, children):
        return Parent(meta.column)

    def column(self, meta, children):
        return Column(meta.column, str(children[0]))

    def call(self, meta, children):
        name = children[0]
        args = tuple(child for child in children[1:] if not isinstance(child, Token))
        return Call(meta.column, str(name), args)


def parse(source: str, *, allow_columns: bool = False) -> Expression:
    """Parse ``source``; raise ExpressionError with the column of the first problem.

    ``allow_columns`` admits bare names, which only a choice filter may use (they name the
    choice's columns, as in XLSForm: ``region = ${region}``).
    """
    return _parse(str(source), allow_columns)


@lru_cache(maxsize=4096)
def _parse(source: str, allow_columns: bool) -> Expression:
    if not source.strip():
        raise ExpressionError(_("the expression is empty"), 1)
    try:
        tree = _ToTree().transform(_PARSER.parse(source))
    except UnexpectedInput as error:
        raise _syntax_error(source, error) from None
    references: list[str] = []
    uses_columns = _check(tree, references, allow_columns, inside_position=False)
    return Expression(source, tree, tuple(dict.fromkeys(references)), uses_columns)


def _check(node: Node, references: list[str], allow_columns: bool, inside_position: bool) -> bool:
    """Static checks the grammar cannot make; returns whether bare column names are used."""
    if isinstance(node, Reference):
        references.append(node.name)
        return False
    if isinstance(node, Column):
        if not allow_columns:
            raise ExpressionError(
                _(
                    "%(quoted)s is not a value: write ${%(name)s} to use the answer to question "
                    "%(quoted)s, or put text in quotes ('%(name)s')",
                    name=node.name,
                    quoted=repr(node.name),
                ),
                node.column,
            )
        return True
    if isinstance(node, Parent) and not inside_position:
        raise ExpressionError("'..' can only be used as position(..)", node.column)
    if isinstance(node, Negate):
        return _check(node.operand, references, allow_columns, False)
    if isinstance(node, Binary):
        left = _check(node.left, references, allow_columns, False)
        return _check(node.right, references, allow_columns, False) or left
    if isinstance(node, Call):
        function = FUNCTIONS.get(node.name)
        if function is None:
            known = ", ".join(f"{name}()" for name in sorted(FUNCTIONS))
            raise ExpressionError(
                _("unknown function %(name)s() (known: %(known)s)", name=node.name, known=known),
                node.column,
            )
        count = len(node.args)
        if count < function.min_args or (
            function.max_args is not None and count > function.max_args
        ):
            raise ExpressionError(
                _(
                    "%(name)s() takes %(arity)s, not %(count)s",
                    name=node.name,
                    arity=function.arity_text(),
                    count=count,
                ),
                node.column,
            )
        if node.name == "position" and not (count == 1 and isinstance(node.args[0], Parent)):
            raise ExpressionError(
                _("write position(..) for the number of the repeat item"), node.column
            )
        used = False
        for arg in node.args:
            used = _check(arg, references, allow_columns, node.name == "position") or used
        return used
    return False


def _syntax_error(source: str, error: UnexpectedInput) -> ExpressionError:
    column = getattr(error, "column", None)
    if isinstance(error, UnexpectedCharacters):
        character = source[error.pos_in_stream] if error.pos_in_stream < len(source) else ""
        if character in "'\"":
            return ExpressionError(
                _("the text starting with %(quote)s is never closed", quote=character), column
            )
        if source.startswith("${", error.pos_in_stream):
            return ExpressionError(
                _("a reference is written ${code}, with letters, digits and _ only"), column
            )
        return ExpressionError(_("unexpected character %(character)r", character=character), column)
    expected = set(getattr(error, "expected", None) or ())
    if isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    ):
        end = len(source.rstrip()) + 1
        if expected & _VALUE_TOKENS:
            return ExpressionError(_("the expression ends too early: a value is missing"), end)
        if "RPAR" in expected:
            return ExpressionError(_("a closing ')' is missing"), end)
        return ExpressionError(_("the expression ends too early"), end)
    if isinstance(error, UnexpectedToken):
        found = _TOKEN_WORDS.get(error.token.type) or repr(str(error.token))
        if expected & _VALUE_TOKENS:
            return ExpressionError(
                _("unexpected %(found)s: a value was expected here", found=found), column
            )
        if error.token.type in _VALUE_TOKENS:
            return ExpressionError(
                _(
                    "unexpected %(found)s: an operator (such as = or +) or a ',' is missing "
                    "before it",
                    found=found,
                ),
                column,
            )
        wanted = sorted({str(_TOKEN_WORDS.get(name, name)) for name in expected})
        if len(wanted) <= 3:
            return ExpressionError(
                _(
                    "unexpected %(found)s (expected %(wanted)s)",
                    found=found,
                    wanted=", ".join(wanted),
                ),
                column,
            )
        return ExpressionError(_("unexpected %(found)s", found=found), column)
    return ExpressionError(re.sub(r"\s+", " ", str(error)).strip(), column)
