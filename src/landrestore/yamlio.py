"""Safe YAML reading that remembers where every value came from.

One parse gives both the data and the node tree, so a schema error found later can be
reported at ``FILE:LINE:COL``. PyYAML silently accepts duplicate keys and expands aliases,
so both are checked here: duplicate keys are findings, and anchors/aliases are refused in
data files (they make positions ambiguous and are the vehicle of "billion laughs" bombs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Refuse files larger than this many bytes (configurable with LANDRESTORE_MAX_YAML_BYTES).
MAX_BYTES = int(os.environ.get("LANDRESTORE_MAX_YAML_BYTES", str(20 * 1024 * 1024)))
#: Refuse documents nested deeper than this (configurable with LANDRESTORE_MAX_YAML_DEPTH).
MAX_DEPTH = int(os.environ.get("LANDRESTORE_MAX_YAML_DEPTH", "64"))


class YamlError(Exception):
    """A file that cannot be read as a data document; carries a position."""

    def __init__(self, path: str, line: int, column: int, message: str, code: str = "yaml-syntax"):
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message, self.code = path, line, column, message, code


@dataclass
class Problem:
    line: int
    column: int
    message: str
    code: str


@dataclass
class Document:
    """Parsed data plus its node tree, for locating values by their path."""

    path: str
    data: Any
    node: Any
    problems: list[Problem] = field(default_factory=list)

    def locate(self, loc: tuple[Any, ...] | list[Any], key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of the value at ``loc`` (or of its key).

        Walks as deep as the path exists; a missing field points at its parent mapping.
        """
        import yaml

        node = self.node
        found_key = None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                nxt = None
                for k, v in node.value:
                    if k.value == str(part):
                        nxt, found_key = v, k
                        break
                if nxt is None:
                    break
                node = nxt
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node, found_key = node.value[part], None
                else:
                    break
            else:
                break
        target = found_key if key and found_key is not None else node
        if target is None:
            return 1, 1
        mark = target.start_mark
        return mark.line + 1, mark.column + 1


def _loader_class():
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_tree(node: Any, problems: list[Problem], seen_nodes: set[int], depth: int = 0) -> None:
    """Find duplicate keys; refuse aliases (a node reached twice) and excessive depth."""
    import yaml

    m = node.start_mark
    if depth > MAX_DEPTH:
        raise YamlError("", m.line + 1, m.column + 1, f"document nested deeper than {MAX_DEPTH} levels (limit LANDRESTORE_MAX_YAML_DEPTH)", "yaml-too-deep")
    if id(node) in seen_nodes:
        raise YamlError("", m.line + 1, m.column + 1, "anchors and aliases (&name, *name) are not allowed in data files", "anchor-not-allowed")
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, Any] = {}
        for k, v in node.value:
            if k.tag == "tag:yaml.org,2002:merge":
                km = k.start_mark
                raise YamlError("", km.line + 1, km.column + 1, "merge keys (<<) are not allowed in data files", "anchor-not-allowed")
            if isinstance(k, yaml.ScalarNode):
                if k.value in seen:
                    first = seen[k.value].start_mark.line + 1
                    km = k.start_mark
                    problems.append(Problem(km.line + 1, km.column + 1, f"duplicate key '{k.value}' (first at line {first})", "duplicate-key"))
                else:
                    seen[k.value] = k
            else:
                _check_tree(k, problems, seen_nodes, depth + 1)
            _check_tree(v, problems, seen_nodes, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_tree(item, problems, seen_nodes, depth + 1)


def _compose_guarded(text: str):
    """Compose the node tree, check it, and only then construct Python data.

    Composition keeps an alias as a second reference to the same node, so a "billion laughs"
    document is refused here before anything is expanded.
    """
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        problems: list[Problem] = []
        if node is not None:
            _check_tree(node, problems, set())
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data, problems


def parse_text(text: str, path: str = "<string>") -> Document:
    """Parse YAML text into a Document; raise YamlError with a position on failure."""
    import yaml

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlError(path, 1, 1, f"file larger than {MAX_BYTES} bytes (limit LANDRESTORE_MAX_YAML_BYTES)", "yaml-too-large")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        node, data, problems = _compose_guarded(text)
    except YamlError as exc:
        raise YamlError(path, exc.line, exc.column, exc.message, exc.code) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
        raise YamlError(path, line, col, f"YAML syntax error: {msg}") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, 1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlError(path, 1, 1, "document nested too deeply", "yaml-too-deep") from None
    return Document(path=path, data=data, node=node, problems=problems)


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file (with or without BOM) or raise YamlError naming the problem."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise YamlError(str(path), 1, 1, f"file larger than {MAX_BYTES} bytes (limit LANDRESTORE_MAX_YAML_BYTES)", "yaml-too-large")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise YamlError(str(path), 0, 0, "file not found", "file-not-found") from None
    except IsADirectoryError:
        raise YamlError(str(path), 0, 0, "is a folder, not a file", "file-unreadable") from None
    except OSError as exc:
        raise YamlError(str(path), 0, 0, f"cannot read file: {exc.strerror}", "file-unreadable") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(str(path), line, 1, "not valid UTF-8 text (save the file as UTF-8)", "encoding") from None


def load_file(path: str | Path) -> Document:
    """Read and parse a YAML (or JSON, a subset of YAML) file."""
    return parse_text(read_text(path), str(path))
