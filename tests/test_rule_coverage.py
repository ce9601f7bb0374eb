"""Every finding code has at least one test that produces it (its code appears in a test other than this one)."""

from pathlib import Path

from mptf.engine.findings import RULES

TESTS = Path(__file__).resolve().parent


def test_every_rule_code_appears_in_a_test():
    text = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("test_*.py") if p.name != Path(__file__).name)
    missing = sorted(code for code in RULES if f'"{code}"' not in text and f"'{code}'" not in text)
    assert not missing, f"finding codes without a test: {missing}"
