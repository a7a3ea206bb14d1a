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
MAX_BYTES = int(os.environ.get("LANDRESTORE_MAX_YAML_BYTES", str(64 * 1024 * 1024)))
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
    """Parsed data, and (composed on first use) its node tree for locating values by path."""

    path: str
    data: Any
    text: str
    problems: list[Problem] = field(default_factory=list)
    item_lines: list[int] | None = None  # 0-based first line of each item of a top-level block list
    _node: Any = None
    _item_nodes: dict[int, Any] = field(default_factory=dict)
    _lines: list[str] | None = None

    @property
    def node(self) -> Any:
        # Composing the node tree costs as much as parsing; a clean file never needs it.
        if self._node is None and self.text:
            loader = _loader_class()(self.text)
            try:
                self._node = loader.get_single_node()
            finally:
                loader.dispose()
        return self._node

    def _start(self, loc: tuple[Any, ...] | list[Any]) -> tuple[Any, int]:
        """The node to walk from: for an item of a large top-level list, only that item's lines
        are composed (a 45 MB catalogue with one finding must not compose everything)."""
        items = self.item_lines
        if (
            loc
            and isinstance(loc[0], int)
            and items
            and isinstance(self.data, list)
            and len(items) == len(self.data) > 50
            and 0 <= loc[0] < len(items)
        ):
            i = loc[0]
            if i not in self._item_nodes:
                if self._lines is None:
                    self._lines = self.text.splitlines(keepends=True)
                lines = self._lines
                first = self.item_lines[i]
                last = self.item_lines[i + 1] if i + 1 < len(self.item_lines) else len(lines)
                piece = "\n" * first + "".join(lines[first:last])
                loader = _loader_class()(piece)
                try:
                    node = loader.get_single_node()
                except Exception:  # noqa: BLE001 - fall back to the whole document
                    node = None
                finally:
                    loader.dispose()
                self._item_nodes[i] = (
                    node.value[0] if node is not None and getattr(node, "id", "") == "sequence" and len(node.value) == 1 else None
                )
            item = self._item_nodes[i]
            if item is not None:
                return item, 1
        return self.node, 0

    def locate(self, loc: tuple[Any, ...] | list[Any], key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of the value at ``loc`` (or of its key).

        Walks as deep as the path exists; a missing field points at its parent mapping.
        """
        import yaml

        node, offset = self._start(loc)
        if offset:
            loc = loc[1:]
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


_LOADER: Any = None


def _loader_class():
    """PyYAML's C loader with a quicker resolver for the plain strings that fill data files."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        first_chars = set(base.yaml_implicit_resolvers)

        bools = {
            "yes",
            "Yes",
            "YES",
            "no",
            "No",
            "NO",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            "on",
            "On",
            "ON",
            "off",
            "Off",
            "OFF",
        }
        nulls = {"null", "Null", "NULL"}

        class Loader(base):  # type: ignore[misc, valid-type]
            def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
                # PyYAML's YAML 1.1 resolvers, short-cut: a plain scalar starting with a letter
                # can only be a bool, a null or a string; one starting with any other character
                # that no resolver claims is a string. Numbers and dates take the regex path.
                if kind is yaml.ScalarNode and implicit[0] and value:
                    c = value[0]
                    if c.isalpha() and c.isascii():
                        return _BOOL if value in bools else _NULL if value in nulls else _STR
                    if c not in first_chars:
                        return _STR
                return super().resolve(kind, value, implicit)

        _LOADER = Loader
    return _LOADER


_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_NUMERIC_TAGS = frozenset(("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"))


def _fail(mark: Any, message: str, code: str) -> YamlError:
    return YamlError("", mark.line + 1, mark.column + 1, message, code)


def _events_to_data(text: str) -> tuple[Any, list[Problem]]:
    """Build data straight from the parser's events, checking as it goes.

    Refuses anchors and aliases (so a "billion laughs" document is never expanded), explicit
    tags other than YAML's standard scalar types, and nesting deeper than MAX_DEPTH; reports
    duplicate keys. Skipping PyYAML's node tree makes this about twice as fast as yaml.load.
    """
    import yaml

    loader = _loader_class()(text)
    problems: list[Problem] = []
    scalar_ev, map_start, seq_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end, alias_ev, doc_start = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.AliasEvent, yaml.DocumentStartEvent
    scalar_node = yaml.ScalarNode
    resolve = loader.resolve
    missing = object()
    # A frame is [container, is_mapping, pending_key, first_line_of_each_key]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    item_lines: list[int] = []
    try:
        while loader.check_event():
            ev = loader.get_event()
            cls = ev.__class__
            if cls is scalar_ev:
                if ev.anchor:
                    raise _fail(
                        ev.start_mark, f"anchors and aliases are not allowed in data files (&{ev.anchor})", "anchor-not-allowed"
                    )
                value = ev.value
                tag = ev.tag
                if len(stack) == 1 and not stack[0][1]:
                    item_lines.append(ev.start_mark.line)
                if tag is None or tag == "!":
                    tag = resolve(scalar_node, value, ev.implicit)
                if tag == _STR:
                    pass
                elif tag == _NULL:
                    value = None
                elif tag == _BOOL:
                    value = value.lower() in ("true", "yes", "on")
                elif tag == _MERGE:
                    raise _fail(ev.start_mark, "merge keys (<<) are not allowed in data files", "anchor-not-allowed")
                elif tag == _INT and value.isdigit() and (value == "0" or value[0] != "0"):
                    value = int(value)  # plain decimal; 0x.., 0o.., 1_000 and 1:30 go to PyYAML
                elif tag in _NUMERIC_TAGS:
                    value = loader.construct_object(scalar_node(tag, value, ev.start_mark, ev.end_mark, ev.style), deep=True)
                else:
                    raise _fail(ev.start_mark, f"the tag {tag} is not allowed in data files", "yaml-tag")
            elif cls is map_start or cls is seq_start:
                if ev.anchor:
                    raise _fail(
                        ev.start_mark, f"anchors and aliases are not allowed in data files (&{ev.anchor})", "anchor-not-allowed"
                    )
                if ev.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                    raise _fail(ev.start_mark, f"the tag {ev.tag} is not allowed in data files", "yaml-tag")
                if len(stack) >= MAX_DEPTH:
                    raise _fail(
                        ev.start_mark,
                        f"document nested deeper than {MAX_DEPTH} levels (limit LANDRESTORE_MAX_YAML_DEPTH)",
                        "yaml-too-deep",
                    )
                if len(stack) == 1 and not stack[0][1] and not ev.flow_style:
                    item_lines.append(ev.start_mark.line)
                if cls is map_start:
                    stack.append([{}, True, missing, {}])
                else:
                    stack.append([[], False, missing, None])
                continue
            elif cls is map_end or cls is seq_end:
                value = stack.pop()[0]
            elif cls is alias_ev:
                raise _fail(
                    ev.start_mark, f"anchors and aliases are not allowed in data files (*{ev.anchor})", "anchor-not-allowed"
                )
            elif cls is doc_start:
                documents += 1
                if documents > 1:
                    raise _fail(ev.start_mark, "expected a single document in the file, found another one (---)", "yaml-syntax")
                continue
            else:
                continue
            if not stack:
                root = value
                continue
            frame = stack[-1]
            if not frame[1]:
                frame[0].append(value)
            elif frame[2] is missing:
                try:
                    hash(value)
                except TypeError:
                    raise _fail(ev.start_mark, "a mapping key must be a plain value", "yaml-syntax") from None
                seen = frame[3]
                if value in seen:
                    m = ev.start_mark
                    problems.append(
                        Problem(
                            m.line + 1, m.column + 1, f"duplicate key '{value}' (first at line {seen[value]})", "duplicate-key"
                        )
                    )
                else:
                    seen[value] = ev.start_mark.line + 1
                frame[2] = value
            else:
                frame[0][frame[2]] = value
                frame[2] = missing
    finally:
        loader.dispose()
    return root, problems, item_lines


def parse_text(text: str, path: str = "<string>") -> Document:
    """Parse YAML text into a Document; raise YamlError with a position on failure."""
    import yaml

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlError(path, 1, 1, f"file larger than {MAX_BYTES} bytes (limit LANDRESTORE_MAX_YAML_BYTES)", "yaml-too-large")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data, problems, item_lines = _events_to_data(text)
    except YamlError as exc:
        raise YamlError(path, exc.line, exc.column, exc.message, exc.code) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if exc.context_mark is not None and str(exc.context or "").startswith("while parsing a flow"):
            # An unclosed [ or {: the place to fix is where it opens, not where parsing gave up.
            if exc.problem_mark is not None:
                msg += f" (parsing gave up at line {exc.problem_mark.line + 1}, column {exc.problem_mark.column + 1})"
            mark = exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "nesting depth" in msg:  # libyaml's own guard, met before ours on very deep documents
            raise YamlError(
                path,
                line,
                col,
                f"document nested deeper than {MAX_DEPTH} levels (limit LANDRESTORE_MAX_YAML_DEPTH)",
                "yaml-too-deep",
            ) from None
        raise YamlError(path, line, col, f"YAML syntax error: {msg}") from None
    except yaml.YAMLError as exc:
        # A reader error (a control character, a broken encoding) names a position; one line.
        where = getattr(exc, "position", None)
        detail = " ".join(str(getattr(exc, "reason", "") or exc).split())
        if where is not None and getattr(exc, "character", None) is not None:
            detail = f"unacceptable character #x{ord(exc.character) if isinstance(exc.character, str) else exc.character:04x} at position {where}: control characters are not allowed"
        raise YamlError(path, 1, 1, f"YAML error: {detail}") from None
    except RecursionError:
        raise YamlError(path, 1, 1, "document nested too deeply", "yaml-too-deep") from None
    except ValueError as exc:  # e.g. an impossible date such as 2024-02-30
        raise YamlError(path, 1, 1, f"YAML error: {exc}") from None
    return Document(path=path, data=data, text=text, problems=problems, item_lines=item_lines or None)


def read_text(path: str | Path, limit: int | None = None, env: str = "LANDRESTORE_MAX_YAML_BYTES") -> str:
    """Read a UTF-8 text file (with or without BOM) or raise YamlError naming the problem.

    At most ``limit`` bytes are read (default: the catalogue limit); devices and FIFOs are refused.
    """
    from .limits import ReadError, read_bounded

    try:
        raw = read_bounded(path, MAX_BYTES if limit is None else limit, "file", env)
    except ReadError as exc:
        code = {"too-large": "yaml-too-large"}.get(exc.code, exc.code)
        raise YamlError(str(path), 0, 0, exc.message, code) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(str(path), line, 1, "not valid UTF-8 text (save the file as UTF-8)", "encoding") from None


def load_file(path: str | Path, limit: int | None = None, env: str = "LANDRESTORE_MAX_YAML_BYTES") -> Document:
    """Read and parse a YAML (or JSON, a subset of YAML) file of at most ``limit`` bytes."""
    return parse_text(read_text(path, limit, env), str(path))
