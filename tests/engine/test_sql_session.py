"""The one DuckDB session: bounded in memory, spilling to its own temporary directory, which goes with it."""

from pathlib import Path

from mptf.engine.rollup.sqlengine import session


def setting(con, name: str) -> str:
    return con.execute(f"select current_setting('{name}')").fetchone()[0]


def test_a_session_is_bounded_and_spills_to_its_own_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPTF_SQL_MEMORY", "64MB")
    with session() as con:
        spill = Path(setting(con, "temp_directory"))
        assert spill.is_dir() and spill.name.startswith("mptf-sql-") and tmp_path not in spill.parents
        assert setting(con, "memory_limit").endswith("MiB") and 50 < float(setting(con, "memory_limit")[:-4]) <= 64
        # a sort of more than the limit (1.5M rows of some 70 bytes) spills there and gives the right answer
        total = con.execute(
            "select sum(i) from (select i, repeat('x', 64) || i as s from range(1500000) t(i) order by s)"
        ).fetchone()[0]
        assert total == 1500000 * 1499999 // 2
    assert not spill.exists()
    assert list(tmp_path.iterdir()) == []  # nothing written in the working directory
