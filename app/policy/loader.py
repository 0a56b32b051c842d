"""Read a policy pack from YAML, validate it, and say exactly where a broken pack is wrong."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from app.domain.pack import Pack
from app.policy.references import check_references

Path_ = tuple[str | int, ...]

_ADAPTER: TypeAdapter[Pack] = TypeAdapter(Pack)
# libyaml's loader is several times faster and keeps the line marks the errors need.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack: where (file, line, key path) and what."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" [{self.key}]" if self.key else ""
        return f"{where}{key}: {self.message}"


class PackError(Exception):
    """A pack was refused. ``problems`` lists every fault found, each with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_pack(path: Path) -> Pack:
    """Load and validate the pack at ``path``; raise PackError naming every fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([Problem(str(path), None, "", f"cannot read the file: {exc}")]) from exc
    return parse_pack(text, str(path))


def parse_pack(text: str, source: str = "<pack>") -> Pack:
    """Validate YAML text into a Pack. ``source`` names the file in error messages."""
    data, lines = _read_yaml(text, source)
    try:
        pack = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise PackError(list(_schema_problems(exc, lines, source))) from exc
    faults = check_references(pack)
    if faults:
        raise PackError(
            [Problem(source, _line_for(path, lines), _dotted(path), msg) for path, msg in faults]
        )
    return pack


def _read_yaml(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise PackError([Problem(source, 1, "", "the file is empty")])
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PackError([Problem(source, line, "", f"not valid YAML: {exc}")]) from exc
    finally:
        loader.dispose()
    return data, dict(_node_lines(node, ()))


def _node_lines(node: yaml.Node, path: Path_) -> Iterator[tuple[Path_, int]]:
    """Map every key path in the document to the line it starts on (1-based)."""
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            yield child, key_node.start_mark.line + 1
            yield from ((p, n) for p, n in _node_lines(value_node, child) if p != child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _node_lines(item, (*path, index))


def _schema_problems(
    exc: ValidationError, lines: dict[Path_, int], source: str
) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        path = tuple(p for p in error["loc"] if not _is_type_tag(p))
        yield Problem(source, _line_for(path, lines), _dotted(path), _explain(error))


def _is_type_tag(part: str | int) -> bool:
    # pydantic adds tags such as "function-after[...]" to locations; they are not keys in the file
    return isinstance(part, str) and ("[" in part or part in {"tuple", "list"})


def _explain(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "this key is required but missing"
    if kind in {"unexpected_keyword_argument", "extra_forbidden"}:
        return "unknown key (check the spelling against docs/packs.md)"
    return str(error["msg"])


def _line_for(path: Path_, lines: dict[Path_, int]) -> int | None:
    """The line of the deepest part of ``path`` that exists in the file."""
    for end in range(len(path), -1, -1):
        line = lines.get(tuple(path[:end]))
        if line is not None:
            return line
    return None


def _dotted(path: Path_) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
