"""Text normalisation shared by the rule modules, and a fast constructor for result objects."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def normalise(text: str) -> str:
    """Lower case with straight apostrophes, same length as ``text`` (offsets carry over)."""
    lower = text.lower()
    if len(lower) != len(text):  # rare Unicode case-folding that changes length
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lower.replace("’", "'").replace("‘", "'").replace("`", "'")


def constructor(cls: type[T]) -> Callable[..., T]:
    """A faster way to build instances of a frozen, slotted dataclass with every field given
    positionally: ``constructor(Driver)(text, weight, rule) == Driver(text, weight, rule)``.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` to get
    round its own guard; setting the slots through their descriptors gives the same instance in
    about half the time, which matters for the few objects made for every analysed text."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    setters = [cls.__dict__[name].__set__ for name in names]
    new = object.__new__
    if len(setters) == 3:
        s0, s1, s2 = setters

        def make3(a: Any, b: Any, c: Any) -> T:
            obj = new(cls)
            s0(obj, a)
            s1(obj, b)
            s2(obj, c)
            return obj
        return make3
    if len(setters) == 4:
        s0, s1, s2, s3 = setters

        def make4(a: Any, b: Any, c: Any, d: Any) -> T:
            obj = new(cls)
            s0(obj, a)
            s1(obj, b)
            s2(obj, c)
            s3(obj, d)
            return obj
        return make4
    return cls  # type: ignore[return-value]
