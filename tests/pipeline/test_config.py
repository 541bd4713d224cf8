from pathlib import Path

import pytest

from pipeline import config
from pipeline.config import ConfigError


def test_defaults_are_valid_and_complete():
    cfg = config.resolve()
    assert cfg["runner"]["name"] == "DirectRunner"
    assert cfg["normalize"]["level"] == "light"
    assert cfg["input"]["patterns"] == []


def test_file_then_overrides_win():
    cfg = config.resolve(
        {"input": {"patterns": ["a/*.txt"]}, "output": {"prefix": "out/a"}},
        {"output": {"prefix": "out/b"}},
    )
    assert cfg["input"]["patterns"] == ["a/*.txt"]
    assert cfg["output"]["prefix"] == "out/b"


@pytest.mark.parametrize("bad, key", [
    ({"inputs": {}}, "inputs"),
    ({"normalize": {"levle": "light"}}, "normalize.levle"),
    ({"normalize": {"level": "extreme"}}, "normalize.level"),
    ({"runner": {"name": "NoSuchRunner"}}, "runner.name"),
    ({"read": {"max_file_bytes": -1}}, "read.max_file_bytes"),
    ({"read": {"max_file_bytes": True}}, "read.max_file_bytes"),
    ({"errors": {"strict": "yes"}}, "errors.strict"),
    ({"input": {"patterns": [1]}}, "input.patterns"),
])
def test_unknown_keys_and_bad_values_name_the_key(bad, key):
    with pytest.raises(ConfigError) as err:
        config.resolve(bad)
    assert f"'{key}'" in str(err.value)


def test_single_pattern_string_becomes_list():
    assert config.resolve({"input": {"patterns": "x/*.txt"}})["input"]["patterns"] == ["x/*.txt"]


def test_require_io_names_what_is_missing():
    with pytest.raises(ConfigError, match="no input"):
        config.require_io(config.resolve({"output": {"prefix": "o"}}))
    with pytest.raises(ConfigError, match="no output"):
        config.require_io(config.resolve({"input": {"patterns": ["x"]}}))


def test_load_file_uses_safe_load(tmp_path: Path):
    unsafe = tmp_path / "unsafe.yaml"
    unsafe.write_text("input: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        config.load_file(str(unsafe))


def test_load_file_errors(tmp_path: Path):
    with pytest.raises(ConfigError, match="not found"):
        config.load_file(str(tmp_path / "nope.yaml"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("input: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        config.load_file(str(broken))
    listy = tmp_path / "list.yaml"
    listy.write_text("- a\n- b\n")
    with pytest.raises(ConfigError, match="mapping"):
        config.load_file(str(listy))


def test_shipped_configs_are_valid():
    repo = Path(__file__).resolve().parents[2]
    for path in sorted((repo / "configs").glob("*.yaml")):
        config.resolve(config.load_file(str(path)))
