"""Spec errors: every problem at once, each with its path, the value given and what is allowed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from components.echo import echo, echo_text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec."""

    path: tuple[str | int, ...]
    value: Any
    message: str

    def render(self, root: str = "") -> str:
        """`kumo:cluster.node_pools[0].name = 'System!': must be ...`; a long key or value is cut (`echo`)."""
        text = root
        for part in self.path:
            name = echo_text(str(part))
            text += f"[{part}]" if isinstance(part, int) else (f".{name}" if text and not text.endswith(" ") else name)
        shown = "(missing)" if self.value is MISSING else echo(self.value)
        return f"{text or '(spec)'} = {shown}: {self.message}"


MISSING = object()


class Problems(ValueError):
    """Carries several cross-field problems out of a model validator."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise Problems(problems)


class SpecError(Exception):
    """A spec that does not validate; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem], root: str = "kumo:cluster"):
        self.problems = problems
        self.root = root
        lines = [p.render(root) for p in problems]
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"invalid cluster spec ({count}):\n  " + "\n  ".join(lines))


def problems_from(error: ValidationError, root_model: type[BaseModel]) -> list[Problem]:
    """Translate pydantic's errors into Problems with kumo's messages."""
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        ctx = err.get("ctx") or {}
        exc = ctx.get("error")
        if isinstance(exc, Problems):
            problems.extend(Problem(loc + p.path, p.value, p.message) for p in exc.problems)
            continue
        # Pydantic puts Annotated-validator locations inside containers; keep only real keys.
        kind = err["type"]
        value = err.get("input", MISSING)
        if kind == "extra_forbidden":
            parent = model_at(root_model, loc[:-1])
            allowed = sorted(parent.model_fields) if parent else []
            near = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            message = f"unknown key; {hint}allowed: {', '.join(allowed)}"
        elif kind == "missing":
            value = MISSING
            message = "is required"
        elif kind == "literal_error":
            message = f"must be one of {ctx.get('expected')}"
        elif kind in _MESSAGES:
            message = _MESSAGES[kind].format(**ctx)
        elif kind == "value_error" and exc is not None:
            message = str(exc)
        else:
            message = err["msg"][0].lower() + err["msg"][1:]
        problems.append(Problem(loc, value, message))
    return problems


_MESSAGES = {
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "greater_than": "must be greater than {gt}",
    "less_than": "must be less than {lt}",
    "too_long": "must have at most {max_length} entries",
    "too_short": "must have at least {min_length} entries",
    "string_too_short": "must be at least {min_length} characters",
    "string_too_long": "must be at most {max_length} characters",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "string_type": 'must be a string (quote numbers such as "1.33")',
    "dict_type": "must be a mapping",
    "list_type": "must be a list",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
}


def model_at(root_model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class a location points into, for suggesting a misspelt key's right name."""
    model: Any = root_model
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        nested = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if not nested:
            for c in candidates:
                nested += [a for a in getattr(c, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)]
        if not nested:
            return None
        model = nested[0]
    return model
