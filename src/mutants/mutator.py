"""pyjudge: the mutants of a trusted reference solution, one change each.

Reads Python source on stdin and writes a JSON list on stdout: one object per mutant with
its stable id (operator:line:column[:detail]), the operator, the line and column (1-based)
of the mutated node, a human description and the mutated source. Standard library only;
the reference is the author's, so this runs outside the sandbox like any author's script.

Code under `if __name__ == "__main__":` never runs under a harness, and annotations and
docstrings do not change behaviour: neither is mutated, so no mutant survives for them.
"""

from __future__ import annotations

import ast
import copy
import json
import sys
from typing import Callable, Iterator

COMPARE_SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}

ARITHMETIC_SWAPS: dict[type, type] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.BitXor: ast.BitOr,
}

NAMES: dict[type, tuple[str, str]] = {
    ast.Lt: ("lt", "<"),
    ast.LtE: ("le", "<="),
    ast.Gt: ("gt", ">"),
    ast.GtE: ("ge", ">="),
    ast.Eq: ("eq", "=="),
    ast.NotEq: ("ne", "!="),
    ast.Is: ("is", "is"),
    ast.IsNot: ("is-not", "is not"),
    ast.In: ("in", "in"),
    ast.NotIn: ("not-in", "not in"),
    ast.Add: ("add", "+"),
    ast.Sub: ("sub", "-"),
    ast.Mult: ("mul", "*"),
    ast.Div: ("div", "/"),
    ast.FloorDiv: ("floordiv", "//"),
    ast.Mod: ("mod", "%"),
    ast.Pow: ("pow", "**"),
    ast.LShift: ("lshift", "<<"),
    ast.RShift: ("rshift", ">>"),
    ast.BitAnd: ("bitand", "&"),
    ast.BitOr: ("bitor", "|"),
    ast.BitXor: ("bitxor", "^"),
    ast.And: ("and", "and"),
    ast.Or: ("or", "or"),
}

# Simple statements that a mutant may replace with `pass` (a removed call or statement).
# Imports and definitions are left alone: removing one fails every case at once.
REMOVABLE = (
    ast.Expr,
    ast.Assign,
    ast.AugAssign,
    ast.AnnAssign,
    ast.Raise,
    ast.Assert,
    ast.Delete,
    ast.Break,
    ast.Continue,
)

# Fields that hold annotations: never mutated.
ANNOTATION_FIELDS = {"annotation", "returns", "type_comment"}

Mutation = Callable[[ast.AST, ast.AST, str, int | None], None]


def ordered_nodes(tree: ast.AST) -> Iterator[tuple[ast.AST, ast.AST | None, str, int | None]]:
    """Every node with its parent, field and index, depth first, skipping what is never mutated."""
    stack: list[tuple[ast.AST, ast.AST | None, str, int | None]] = [(tree, None, "", None)]
    while stack:
        node, parent, field, index = stack.pop()
        if is_main_guard(node) or is_docstring(node, parent, field, index):
            continue
        yield node, parent, field, index
        children: list[tuple[ast.AST, ast.AST, str, int | None]] = []
        for name, value in ast.iter_fields(node):
            if name in ANNOTATION_FIELDS:
                continue
            if isinstance(value, list):
                for position, item in enumerate(value):
                    if isinstance(item, ast.AST):
                        children.append((item, node, name, position))
            elif isinstance(value, ast.AST):
                children.append((value, node, name, None))
        stack.extend(reversed(children))


def is_main_guard(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
    )


def is_docstring(node: ast.AST, parent: ast.AST | None, field: str, index: int | None) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and field == "body"
        and index == 0
        and isinstance(parent, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    )


def snippet(node: ast.AST, limit: int = 60) -> str:
    text = ast.unparse(node).splitlines()[0] if ast.unparse(node) else ""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def replace_in_parent(parent: ast.AST, field: str, index: int | None, new: list[ast.AST] | ast.AST) -> None:
    if index is None:
        setattr(parent, field, new)
        return
    items = getattr(parent, field)
    if isinstance(new, list):
        items[index : index + 1] = new
    else:
        items[index] = new


def candidates(tree: ast.AST) -> Iterator[tuple[int, str, str, str, Mutation]]:
    """(node number, operator, detail, description, how to apply it) for every mutant."""
    for number, (node, parent, field, index) in enumerate(ordered_nodes(tree)):
        yield from mutations_of(number, node, parent, field, index)


def mutations_of(number: int, node: ast.AST, parent: ast.AST | None, field: str, index: int | None) -> Iterator[tuple[int, str, str, str, Mutation]]:
    if isinstance(node, ast.Compare):
        for position, op in enumerate(node.ops):
            new = COMPARE_SWAPS.get(type(op))
            if new is None:
                continue
            (old_id, old_text), (new_id, new_text) = NAMES[type(op)], NAMES[new]
            suffix = f"#{position + 1}" if len(node.ops) > 1 else ""

            def apply(target, *_, position=position, new=new):
                target.ops[position] = new()

            yield number, "compare", f"{old_id}->{new_id}{suffix}", f"`{old_text}` -> `{new_text}`", apply
    elif isinstance(node, (ast.BinOp, ast.AugAssign)):
        new = ARITHMETIC_SWAPS.get(type(node.op))
        if new is not None:
            (old_id, old_text), (new_id, new_text) = NAMES[type(node.op)], NAMES[new]
            if isinstance(node, ast.AugAssign):
                old_text, new_text = old_text + "=", new_text + "="

            def apply(target, *_, new=new):
                target.op = new()

            yield number, "arithmetic", f"{old_id}->{new_id}", f"`{old_text}` -> `{new_text}`", apply
    elif isinstance(node, ast.BoolOp):
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        (old_id, _), (new_id, _) = NAMES[type(node.op)], NAMES[new]

        def apply(target, *_, new=new):
            target.op = new()

        yield number, "bool-op", f"{old_id}->{new_id}", f"`{old_id}` -> `{new_id}`", apply
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            def apply(target, *_):
                target.value = not target.value

            yield number, "boolean", f"{value}->{not value}", f"`{value}` -> `{not value}`", apply
        elif isinstance(value, int) and not in_format_spec(parent, field):
            for delta in (1, -1):
                def apply(target, *_, delta=delta):
                    target.value = target.value + delta

                yield number, "constant", f"{value}->{value + delta}", f"`{value}` -> `{value + delta}`", apply
    elif isinstance(node, ast.Await):
        def apply(target, parent, field, index):
            replace_in_parent(parent, field, index, target.value)

        yield number, "drop-await", "", f"`{snippet(node)}` -> `{snippet(node.value)}`", apply
    elif isinstance(node, ast.Call):
        positional = node.args
        if not any(isinstance(arg, ast.Starred) for arg in positional) and not is_symmetric(node):
            for left in range(len(positional) - 1):
                if ast.dump(positional[left]) == ast.dump(positional[left + 1]):
                    continue

                def apply(target, *_, left=left):
                    args = target.args
                    args[left], args[left + 1] = args[left + 1], args[left]

                yield number, "swap-args", f"{left + 1},{left + 2}", f"arguments {left + 1} and {left + 2} of `{snippet(node)}` swapped", apply
    if isinstance(node, ast.Return) and node.value is not None and not (
        isinstance(node.value, ast.Constant) and node.value.value is None
    ):
        def apply(target, *_):
            target.value = None

        yield number, "return-none", "", f"`{snippet(node)}` -> `return None`", apply
    if isinstance(node, REMOVABLE) and isinstance(parent, ast.AST) and index is not None:
        def apply(target, parent, field, index):
            replace_in_parent(parent, field, index, ast.Pass())

        yield number, "remove", "", f"removed `{snippet(node)}`", apply
    if isinstance(node, (ast.With, ast.AsyncWith)) and index is not None:
        def apply(target, parent, field, index):
            replace_in_parent(parent, field, index, list(target.body))

        yield number, "drop-with", "", f"`{snippet(node)}` dropped, its body kept", apply
    if isinstance(node, ast.Try) and node.finalbody and index is not None:
        def apply(target, parent, field, index):
            target.finalbody = []
            if not target.handlers:
                replace_in_parent(parent, field, index, list(target.body) + list(target.orelse))

        yield number, "drop-finally", "", "the `finally:` body dropped", apply


# Calls whose positional arguments commute: swapping two of them makes an equivalent mutant.
SYMMETRIC_CALLS = {"min", "max"}


def is_symmetric(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id in SYMMETRIC_CALLS and not call.keywords


def in_format_spec(parent: ast.AST | None, field: str) -> bool:
    return isinstance(parent, ast.FormattedValue) and field == "conversion"


def mutants(source: str) -> list[dict[str, object]]:
    tree = ast.parse(source)
    original = ast.unparse(tree)
    seen = {original}
    found: list[dict[str, object]] = []
    ids: dict[str, int] = {}
    for number, operator, detail, description, apply in list(candidates(tree)):
        copied = copy.deepcopy(tree)
        node, parent, field, index = list(ordered_nodes(copied))[number]
        line, column = getattr(node, "lineno", 0), getattr(node, "col_offset", -1) + 1
        apply(node, parent, field, index)
        try:
            mutated = ast.unparse(ast.fix_missing_locations(copied))
            compile(mutated, "<mutant>", "exec", dont_inherit=True)
        except (SyntaxError, ValueError, TypeError, RecursionError):
            continue
        if mutated in seen:
            continue
        seen.add(mutated)
        base = ":".join(part for part in (operator, str(line), str(column), detail) if part)
        ids[base] = ids.get(base, 0) + 1
        identifier = base if ids[base] == 1 else f"{base}~{ids[base]}"
        found.append(
            {
                "id": identifier,
                "operator": operator,
                "line": line,
                "column": column,
                "description": description,
                "source": mutated + "\n",
            }
        )
    return found


def main() -> None:
    source = sys.stdin.buffer.read().decode("utf-8")
    json.dump(mutants(source), sys.stdout)


if __name__ == "__main__":
    main()
