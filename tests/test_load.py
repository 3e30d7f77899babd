"""Reading YAML: the project's loader reads values as PyYAML's safe loader does."""

from __future__ import annotations

import yaml

from conftest import PROJECT_DIR

from cds import load

# Plain values whose type YAML 1.1 decides from their spelling, and lookalikes that stay text.
PLAIN_VALUES = """\
texts: [nghe-an, Nghệ An, "quoted 12", 'single 1.5', DTI, n/a, 09-NQ/TU, 202/2025/QH15]
numbers: [12, -3, +7, 0, 948.4, 1.0, 1e3, 1.5e-3, 0x1F, 0o17, 017, 1_000, 190:20:30, .5]
specials: [.inf, -.Inf, .nan, .NaN]
booleans: [true, false, yes, no, on, off, True, NO, y, n]
nulls: [null, ~, Null, ""]
dates: [2023, 2023-05, 2023-05-24, 2023-02-30, 2023-05-24T10:00:00Z, 2023-5-4]
nested: {vi: "một", en: two, list: [{a: 1}, [b, 2]]}
? plain key
: value
"""


def tags(node: yaml.Node) -> list:
    """Every node's kind, tag and value (for scalars), depth first."""
    if isinstance(node, yaml.ScalarNode):
        return [("scalar", node.tag, node.value)]
    if isinstance(node, yaml.SequenceNode):
        return [("sequence", node.tag)] + [tag for item in node.value for tag in tags(item)]
    return [("mapping", node.tag)] + [tag for key, value in node.value for tag in tags(key) + tags(value)]


def test_values_get_the_tags_the_safe_loader_gives():
    texts = [PLAIN_VALUES] + [path.read_text(encoding="utf-8") for path in sorted((PROJECT_DIR / "data").rglob("*.yml"))]
    for text in texts:
        expected = tags(yaml.compose(text, Loader=yaml.SafeLoader))
        assert tags(yaml.compose(text, Loader=load._Loader)) == expected
        assert tags(yaml.compose(text, Loader=load._Loader)) == expected  # and again, from the cache
    kinds = {tag for kind, tag, *value in tags(yaml.compose(PLAIN_VALUES, Loader=load._Loader))}
    assert {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"} <= kinds
