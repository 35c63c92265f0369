"""The one YAML reader for text that people give us (the case editor, drafts, case files).

`yaml.safe_load` builds no Python objects, but it still expands aliases (a 2 KB "billion
laughs" text becomes megabytes of data), recurses once per nesting level (5,000 levels end in a
RecursionError) and returns dates, bytes and sets that JSON cannot store. This loader refuses
anchors and aliases, text over MAX_CHARS and nesting deeper than MAX_DEPTH, reads dates as plain
text and refuses binary data, sets and infinite numbers: what it returns can be stored as JSON.
Every refusal is a `yaml.YAMLError` with a Dutch `problem`, so callers that already report YAML
errors report these too.
"""

from __future__ import annotations

import math

import yaml

MAX_CHARS = 200_000
MAX_DEPTH = 40


class RefusedYaml(yaml.MarkedYAMLError):
    """YAML that is well-formed but that we do not read; `problem` says why, in Dutch."""

    def __init__(self, problem: str, mark=None):
        super().__init__(problem=problem, problem_mark=mark)


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader without anchors, aliases, deep nesting or types that JSON cannot hold."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise RefusedYaml(
                "verwijzingen (*naam) zijn niet toegestaan; schrijf de tekst voluit",
                event.start_mark,
            )
        if getattr(event, "anchor", None):
            raise RefusedYaml(
                "ankers (&naam) zijn niet toegestaan; schrijf de tekst voluit", event.start_mark
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise RefusedYaml(
                f"de tekst is te diep genest (hoogstens {MAX_DEPTH} niveaus)", event.start_mark
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_finite_float(self, node):
        value = self.construct_yaml_float(node)
        if not math.isfinite(value):
            raise RefusedYaml("een getal moet eindig zijn (geen .inf of .nan)", node.start_mark)
        return value

    def refuse_type(self, node):
        raise RefusedYaml(
            f"het type {node.tag.rsplit(':', 1)[-1]} wordt niet gelezen; gebruik tekst, "
            "getallen, lijsten en velden",
            node.start_mark,
        )


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# Dates stay text: no implicit resolver turns 2024-01-01 into a date.
_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PlainLoader.add_constructor("tag:yaml.org,2002:float", _PlainLoader.construct_finite_float)
for _tag in ("timestamp", "binary", "set", "omap", "pairs"):
    _PlainLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _PlainLoader.refuse_type)


def load(text: str):
    """The data in one YAML document, or a `yaml.YAMLError` (a `RefusedYaml` for our limits)."""
    if len(text) > MAX_CHARS:
        raise RefusedYaml(f"de tekst is te lang (hoogstens {MAX_CHARS // 1000} kB)")
    loader = _PlainLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
