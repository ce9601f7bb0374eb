"""docs/format.md says what the code does."""

import re
from pathlib import Path

from mptf.indicators.measures import DIMENSIONS

FORMAT = Path(__file__).resolve().parents[1] / "docs" / "format.md"


def test_format_lists_every_disaggregation_value():
    text = " ".join(FORMAT.read_text(encoding="utf-8").split())
    paragraph = text[text.index("Disaggregation values:") :].split("Other dimensions")[0]
    listed = {
        dim: re.findall(r"`([a-z_]+)`", part)
        for dim, part in re.findall(r"`([a-z_]+)`: ((?:`[a-z_]+`[^;.`]*(?:, )?)+)", paragraph)
    }
    assert listed == {dim: list(values) for dim, values in DIMENSIONS.items()}
