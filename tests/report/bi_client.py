"""A BI tool's view of the warehouse, through SQLAlchemy and duckdb-engine, printed as JSON.

Run in its own process, as a BI tool is: `python -m tests.report.bi_client WAREHOUSE`. What it does is
what Superset-style tools do with a dataset: list tables and views, list a relation's columns, select
them. (In-process, merely importing duckdb_engine after a Prefect flow run makes DuckDB's bindings
report leaked objects at interpreter exit; a separate process also keeps that noise out of the suite.)
"""

from __future__ import annotations

import json
import sys
import warnings

from sqlalchemy import column, create_engine, func, inspect, select, table


def describe(warehouse: str) -> dict:
    # duckdb-engine has no SQLAlchemy type for DuckDB lists (mart_stories.article_ids); BI tools get
    # the same warning and still read the column.
    warnings.filterwarnings("ignore", "Did not recognize type 'list'")
    engine = create_engine(f"duckdb:///{warehouse}", connect_args={"read_only": True})
    out: dict = {"relations": {}}
    try:
        with engine.connect() as conn:
            inspector = inspect(conn)
            # The contract is the main schema, as a tool that lists tables per schema shows it;
            # duckdb-engine's get_table_names() without a schema lists every schema's tables
            # unqualified, so `internal.story_*` (pipeline state) would not read under those names.
            out["schemas"] = inspector.get_schema_names()
            out["internal"] = inspector.get_table_names(schema="internal")
            out["tables"] = inspector.get_table_names(schema="main")
            out["views"] = inspector.get_view_names(schema="main")
            for name in out["tables"] + out["views"]:
                columns = [c["name"] for c in inspector.get_columns(name)]
                relation = table(name, *(column(c) for c in columns))
                out["relations"][name] = {
                    "columns": columns,
                    "rows": len(conn.execute(select(relation)).fetchall()),
                    "count": conn.execute(select(func.count()).select_from(relation)).scalar_one(),
                }
            out["storage_version"] = conn.exec_driver_sql(
                "select tags['storage_version'] from duckdb_databases() "
                "where database_name = current_database()"
            ).scalar_one()
            out["pk_error"] = _pk_error(inspector)
    finally:
        engine.dispose()
    return out


def _pk_error(inspector) -> str | None:
    """Constraint reflection (Table(autoload_with=...) needs it); None when it works."""
    try:
        inspector.get_pk_constraint("dim_article")
    except Exception as exc:  # noqa: BLE001 - reported to the test, which decides
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


if __name__ == "__main__":
    print(json.dumps(describe(sys.argv[1])))
