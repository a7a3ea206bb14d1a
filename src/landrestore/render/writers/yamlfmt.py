"""YAML: the same data as JSON, for people who read and edit YAML."""

from __future__ import annotations

from typing import Any


class YamlWriter:
    name = "yaml"
    capabilities = frozenset({"recommendation", "explanation", "plan", "show"})

    def render(self, doc: Any, ctx: Any) -> str:
        import yaml

        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
