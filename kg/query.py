"""SPARQL: the named competency queries in ontology/queries/*.rq, ad-hoc queries, output formats.

Values enter queries as bindings (``initBindings``), never formatted into the query text.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from rdflib import Dataset, Literal, URIRef

from kg.errors import QueryError
from kg.ontology import ontology_dir


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def names() -> list[str]:
    return sorted(p.stem for p in queries_dir().glob("*.rq"))


def describe(name: str) -> str:
    """The first comment line of a named query."""
    text = load(name)
    return next((ln.lstrip("# ").strip() for ln in text.splitlines() if ln.startswith("#")), "")


def load(name: str) -> str:
    path = queries_dir() / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no named query {name!r}; known: {', '.join(names())}")
    return path.read_text(encoding="utf-8")


def _term(value: str) -> URIRef | Literal:
    return URIRef(value[1:-1]) if value.startswith("<") and value.endswith(">") else Literal(value)


def run(ds: Dataset, query: str, params: dict[str, str] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a SELECT over the union of all graphs; returns (columns, rows of python values)."""
    bindings = {k: _term(v) for k, v in (params or {}).items()}
    try:
        result = ds.query(query, initBindings=bindings) if bindings else ds.query(query)
    except Exception as exc:  # pyparsing and rdflib errors
        raise QueryError(f"SPARQL failed: {type(exc).__name__}: {str(exc)[:300]}") from exc
    if result.type != "SELECT":
        raise QueryError("only SELECT queries give rows; use kg serve for CONSTRUCT/DESCRIBE")
    cols = [str(v) for v in result.vars or []]
    rows = []
    r: Any
    for r in result:
        rows.append({c: (None if r[c] is None else (r[c].toPython() if isinstance(r[c], Literal) else str(r[c])))
                     for c in cols})
    return cols, rows


def run_named(ds: Dataset, name: str, params: dict[str, str] | None = None):
    return run(ds, load(name), params)


def dataframe(ds: Dataset, query_or_name: str, params: dict[str, str] | None = None):
    """Rows as a pandas DataFrame (named query or SPARQL text)."""
    import pandas as pd

    text = load(query_or_name) if query_or_name in names() else query_or_name
    cols, rows = run(ds, text, params)
    return pd.DataFrame(rows, columns=cols)


def render(cols: list[str], rows: list[dict[str, Any]], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue()
    if fmt != "table":
        raise QueryError(f"unknown output format {fmt!r}; expected table, csv or json")
    cells = [[("" if r[c] is None else str(r[c])).replace("\n", " ")[:60] for c in cols] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    line = "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out)
