"""Every setting of the configuration dataclasses is in docs/configuration.md, with its
variable and its default."""

import dataclasses
import json
import re
from pathlib import Path

import pytest

from nexus.config import Config, NotifierConfig, TimerConfig

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
# Config.extra holds the file's other tables; the table would have nothing to say of it.
NOT_SETTINGS = {"extra", "notifier", "timers"}


def documented() -> dict[str, tuple[str, str]]:
    """variable → (setting, default) from every four-column table row of the page (the
    variable, not the setting, is unique: the server and the notifier both have an
    ``admin_listen``)."""
    rows = {}
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"`\w+`", cells[0]) and cells[1].startswith("`NEXUS_"):
            rows[cells[1].strip("`")] = (cells[0].strip("`"), cells[2])
    return rows


def expected_default(f: dataclasses.Field) -> object:
    value = f.default_factory() if f.default is dataclasses.MISSING else f.default  # type: ignore[misc]
    return list(value) if isinstance(value, tuple) else value


def parse_default(cell: str) -> object:
    """The table's default as a value: `…` holds TOML-like JSON, else the text itself."""
    text = cell.split("`")[1] if "`" in cell else cell
    try:
        return json.loads(text)
    except ValueError:
        return text


SETTINGS = [
    *((f, "NEXUS_") for f in dataclasses.fields(Config) if f.name not in NOT_SETTINGS),
    *((f, "NEXUS_NOTIFIER_") for f in dataclasses.fields(NotifierConfig)),
    *((f, "NEXUS_TIMERS_") for f in dataclasses.fields(TimerConfig)),
]


@pytest.mark.parametrize(("field", "prefix"), SETTINGS, ids=lambda v: getattr(v, "name", ""))
def test_every_setting_is_in_the_table_with_its_variable_and_default(field, prefix):
    rows = documented()
    env = prefix + field.name.upper()
    assert env in rows, f"{field.name} ({env}) is missing from {DOC.name}"
    name, default = rows[env]
    assert name == field.name
    if field.name == "bootstrap_api_key":
        assert default == "generated"  # empty means: generated on the first start
    else:
        assert parse_default(default) == expected_default(field)
