"""The documentation's state table is the code's table."""

from pathlib import Path

from nexus.domain import lifecycle
from nexus.v1 import interaction_pb2 as ipb

DOC = Path(__file__).resolve().parents[2] / "docs" / "interactions.md"


def test_documented_transitions_match_the_domain():
    rows = set()
    for line in DOC.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2].startswith("`") and cells[2].endswith("Interaction`"):
            rows.add(
                (
                    ipb.State.Value("STATE_" + cells[0]),
                    ipb.State.Value("STATE_" + cells[1]),
                    cells[2].strip("`"),
                )
            )
    assert rows == {(t.from_state, t.to_state, t.method) for t in lifecycle.TRANSITIONS}
