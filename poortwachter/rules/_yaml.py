"""A strict YAML reader: duplicate keys are an error, never a silent overwrite.

PyYAML keeps the last of two equal keys. For law-as-data that would let a repeated date replace
another value unnoticed (OpenFisca's loader refuses them for the same reason).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from poortwachter.errors import ParameterFileError


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys, naming the line."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!s} (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def load_yaml(path: Path) -> Any:
    """Read ``path`` strictly; any problem becomes a :class:`ParameterFileError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ParameterFileError(str(path), None, f"cannot be read: {exc.strerror}") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ParameterFileError(str(path), where, f"invalid YAML: {problem}") from None
