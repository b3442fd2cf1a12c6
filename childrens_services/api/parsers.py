"""The API's JSON parser: the standard one, refusing bodies nested deeper than any record is.

No record's body nests more than a few levels (a list of ids is two), so a body nested deeper
than ``MAX_DEPTH`` is refused with a 400 problem before anything reads it: the standard parser
answered a deeply nested body with a 500 (the decoder's ``RecursionError``).
"""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def depth_of(value) -> int:
    """How deeply ``value`` nests lists and objects (a scalar is 0, ``[]`` is 1), iteratively
    so the measuring cannot itself run out of stack."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


def _too_deep() -> ParseError:
    return ParseError(
        f"The JSON body nests lists or objects more than {MAX_DEPTH} levels deep; "
        "no record needs more than a few."
    )


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if depth_of(data) > MAX_DEPTH:
            raise _too_deep()
        return data
