"""Jinja filters that write answers into rendered source safely."""

from __future__ import annotations

import json

from jinja2.ext import Extension


def py_string(value: str) -> str:
    """A double-quoted Python string literal, as ruff format writes it."""
    return json.dumps(str(value), ensure_ascii=False)


class SourceFilters(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["py_string"] = py_string
