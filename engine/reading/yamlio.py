"""Read YAML the way a results framework needs it: with line numbers, and without silent surprises.

PyYAML on its own turns ``2021-02-31`` into an exception and ``2021-02-03`` into a date, and lets a repeated key
silently win. Here every scalar stays as written except numbers, booleans and null; every mapping remembers the
line of each of its keys; a repeated key is reported.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from mptf.indicators.limits import Limits, TooLarge

__all__ = ["Mapping", "YFloat", "YamlError", "load_yaml"]


class YamlError(Exception):
    """The text is not YAML; ``line`` is 1-based where known."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class Mapping(dict):
    """A dict that knows the line of itself, of each key, and which keys were repeated."""

    line: int = 0
    key_lines: dict
    duplicates: list

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when PyYAML has it (several times faster); the resolvers and constructors stay Python's.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    pass


# No implicit dates (the engine checks dates itself, with a located finding for an impossible one), and only
# true/false are booleans: YAML 1.1 would turn "yes", "no", "on" and the country code NO into booleans.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        line = key_node.start_mark.line + 1
        if key in result.key_lines:
            result.duplicates.append((key, line))
        result.key_lines[key] = line
        result[key] = loader.construct_object(value_node, deep=True)
    return result


class YFloat(float):
    """A float that keeps the text it was written as (``10.10`` stays ``"10.10"`` for an SDG target)."""

    text: str


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> YFloat:
    number = YFloat(loader.construct_yaml_float(node))
    number.text = node.value
    return number


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int | Decimal:
    """An integer; one longer than Python converts from text (4,300 digits) as a Decimal, which the figure
    readers refuse as beyond the range of numbers."""
    try:
        return loader.construct_yaml_int(node)
    except ValueError:
        try:
            return Decimal(node.value.replace("_", ""))
        except InvalidOperation:
            raise YamlError(f"{node.value[:20]!r}... is not a number", node.start_mark.line + 1) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def load_yaml(path: Path, limits: Limits | None = None) -> object:
    """Parse one YAML file; raise :class:`YamlError` with the line of the problem, or
    :class:`~mptf.indicators.limits.TooLarge` for a file beyond ``limits`` (its size before it is read; its
    nodes, aliases expanded, and its longest text before anything is built from them)."""
    limits = limits or Limits()
    limits.check_size(path.stat().st_size, "yaml-mb", "the YAML file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise YamlError(f"not UTF-8 text ({err.reason} at byte {err.start})", None) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and not _bounded_by_text(text, limits):
            _check_nodes(node, limits)
        return loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, [err.context, err.problem]))
        raise YamlError(problem or str(err), line) from None
    except yaml.YAMLError as err:
        raise YamlError(str(err), None) from None
    finally:
        loader.dispose()


def _bounded_by_text(text: str, limits: Limits) -> bool:
    """Whether the text alone shows the file within the node and text limits, so the nodes need no walk: with
    no alias (no ``*`` anywhere) nothing is built twice, every node takes at least one character of its own or
    of the indicator before it (at most two nodes a character), and no scalar is longer than the whole text."""
    return "*" not in text and 2 * len(text) + 1 <= limits.yaml_nodes and len(text) <= limits.cell_chars


def _check_nodes(root: yaml.Node, limits: Limits) -> None:
    """Count the nodes under ``root`` as the constructor would visit them (an alias counts its whole anchor
    again: ten aliases of ten aliases of ... is a billion), without recursion; TooLarge past a limit."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()  # nodes whose children are being counted: meeting one again is a recursive alias
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not done and children:
            if id(node) in open_:
                raise YamlError("an alias refers to a node that contains it (a recursive alias)", _line(node))
            open_.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        open_.discard(id(node))
        if isinstance(node, yaml.ScalarNode) and len(node.value) > limits.cell_chars:
            raise TooLarge(
                "a text",
                f"is {len(node.value):,} characters long",
                "cell-chars",
                limits.cell_chars,
                node.start_mark.line + 1,
            )
        size = 1 + sum(sizes.get(id(child), 1) for child in children)
        if size > limits.yaml_nodes:
            raise TooLarge(
                "the YAML file", f"has more than {limits.yaml_nodes:,} nodes", "yaml-nodes", limits.yaml_nodes
            )
        sizes[id(node)] = size


def _line(node: yaml.Node) -> int | None:
    return node.start_mark.line + 1 if node.start_mark else None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
