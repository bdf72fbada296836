"""SPARQL: the named competency queries in ontology/queries/*.rq, ad-hoc queries, output formats.

Values enter queries as bindings (``initBindings``), never formatted into the query text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset, Literal, URIRef

from kg.errors import QueryError
from kg.ontology import ontology_dir


class Refused(QueryError):
    """A query the guard will not run; ``status`` is the HTTP status an endpoint answers with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def names() -> list[str]:
    return sorted(p.stem for p in queries_dir().glob("*.rq"))


def view_queries() -> dict[str, str]:
    """The corpus view's whole-graph joins (``queries/view/*.rq``; not named queries): a store keeps their
    rows (kg.reports). The view's article query (one row per article, with its text) stays in kg.viz."""
    return {f"view {p.stem}": p.read_text(encoding="utf-8") for p in sorted((queries_dir() / "view").glob("*.rq"))}


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


def run(ds: Dataset, query: str, params: dict[str, str] | None = None,
        allow_service: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a SELECT over the union of all graphs; returns (columns, rows of python values).

    Nothing is fetched: SERVICE is refused unless ``allow_service``, and FROM names graphs of the store
    (rdflib would otherwise download a FROM <http...> or read a FROM <file:...>)."""
    import rdflib.plugins.sparql

    check(query, allow_service)
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    bindings = {k: _term(v) for k, v in (params or {}).items()}
    if bindings and _engine_elsewhere(ds):
        query, bindings = with_values(query, bindings), {}
    from kg.store import oxigraph_of

    if oxigraph_of(ds) is not None:
        from kg import reports

        kept = None if params else reports.rows(ds, query)  # a whole-graph report the store keeps
        return kept if kept is not None else _run_oxigraph(ds, query)
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


def _run_oxigraph(ds: Dataset, query: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Straight to pyoxigraph: the store's default graph is the union (kg.store), and a FROM in the query
    picks graphs of the store (oxrdflib would override it with the default graph)."""
    import pyoxigraph as ox

    from kg.ontology import PREFIXES
    from kg.store import oxigraph_of, union_in_default_graph

    inner = oxigraph_of(ds)
    kwargs: dict[str, Any] = {} if union_in_default_graph(ds) else {"use_default_graph_as_union": True}
    try:
        result = inner.query(query, prefixes=dict(PREFIXES), **kwargs)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT queries give rows; use kg serve for CONSTRUCT/DESCRIBE")
        cols = [v.value for v in result.variables]
        py = PythonValues()
        rows = [{c: py(sol[i]) for i, c in enumerate(cols)} for sol in result]
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"SPARQL failed: {type(exc).__name__}: {str(exc)[:300]}") from exc
    return cols, rows


class PythonValues:
    """Oxigraph terms as the Python values rdflib's ``toPython`` gives (IRIs and blank nodes as strings),
    without building an rdflib term per cell: strings directly, other literals once per distinct value."""

    STRINGS = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.cache: dict[tuple[str, str], Any] = {}
        self.literal_type, self.node_types = ox.Literal, (ox.NamedNode, ox.BlankNode)

    def __call__(self, term: Any) -> Any:
        if term is None:
            return None
        if type(term) is not self.literal_type:
            return term.value if type(term) in self.node_types else str(term)
        datatype = term.datatype.value
        return term.value if datatype in self.STRINGS else self.literal(term.value, datatype)

    def literal(self, value: str, datatype: str) -> Any:
        """A literal's Python value from its lexical form and datatype IRI."""
        key = (value, datatype)
        if key not in self.cache:
            self.cache[key] = value if datatype in self.STRINGS else Literal(value, datatype=URIRef(datatype)).toPython()
        return self.cache[key]


# --- the query guard: a SPARQL lexer, so that refusals look at tokens, not at text ------------------

MAX_QUERY_CHARS = 1_000_000
MAX_DEPTH = 100  # nested { ( [ : Oxigraph's recursive parser and evaluator overflow the stack near 3,000
MAX_OPERATORS = 2_000  # binary operators in expressions: 10,000 ORs overflow Oxigraph's evaluator
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_TOKEN = re.compile(r"""
    (?P<ws>\s+|\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>[^\W\d][\w.\-]*:[\w.\-:%\\]*|:[\w.\-:%\\]*|_:[\w.\-]+)
  | (?P<word>[^\W\d]\w*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<op>\|\||&&|!=|<=|>=|\^\^|[=<>+\-*/!|^])
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<punct>[.,;@a-zA-Z]|.)
""", re.X | re.S)


@dataclass(frozen=True)
class Checked:
    """What the guard learnt about a query: its form and whether it calls SERVICE or names FROM graphs."""

    form: str  # SELECT | CONSTRUCT | DESCRIBE | ASK | UPDATE | UNKNOWN
    service: bool
    from_graphs: tuple[str, ...]


def check(query: str, allow_service: bool = False) -> Checked:
    """Tokenise a SPARQL request and refuse what must not run, with a QueryError saying why.

    The decisions are made on tokens: a keyword is a bare word outside strings, IRIs and comments, so
    ``?service``, ``<https://schema.org/Service>`` and ``"<file"`` are not mistaken for anything. Bare
    words in SPARQL are only keywords and function names, so ``SERVICE`` as a token is exactly a SERVICE
    clause of the parsed query. The engine still parses the query; this bounds what it is given.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise Refused(f"query of {len(query):,} characters; the limit is {MAX_QUERY_CHARS:,}", status=413)
    depth = deepest = operators = 0
    form = "UNKNOWN"
    service = False
    graphs: list[str] = []
    after_from = False
    for m in _TOKEN.finditer(query):
        kind, text = m.lastgroup, m.group()
        if kind == "ws":
            continue
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise Refused(f"query nested deeper than {MAX_DEPTH} levels of brackets", status=400)
        elif kind == "close":
            depth -= 1
        elif kind == "op":
            operators += 1
            if operators > MAX_OPERATORS:
                raise Refused(f"query with more than {MAX_OPERATORS:,} operators", status=400)
        elif kind == "word":
            word = text.upper()
            if form == "UNKNOWN" and word in {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}:
                form = word
            elif form == "UNKNOWN" and word in UPDATE_WORDS:
                form = "UPDATE"
            elif word == "SERVICE":
                service = True
            after_from = word in {"FROM", "NAMED"} or (after_from and word == "NAMED")
            continue
        elif kind == "iri" and after_from:
            graphs.append(text[1:-1])
        after_from = False
    if form == "UPDATE":
        raise Refused("SPARQL Update (and LOAD) is refused: this is read-only", status=403)
    if service and not allow_service:
        raise Refused("SERVICE (a federated query over the network) is refused; "
                         "pass allow_service (kg query --allow-service) to run it", status=400)
    return Checked(form, service, tuple(graphs))


def _engine_elsewhere(ds: Dataset) -> bool:
    """Oxigraph and remote endpoints: Oxigraph substitutes only projected variables, an endpoint none."""
    from rdflib.plugins.stores.memory import Memory

    return not isinstance(ds.store, Memory)


def with_values(query: str, bindings: dict[str, URIRef | Literal]) -> str:
    """The query with a VALUES block opening its WHERE group: bindings for an endpoint, which has no
    other way to receive them. Terms are written in N-Triples syntax (escaped by rdflib), never pasted."""
    seen_where = False
    for m in _TOKEN.finditer(query):
        if m.lastgroup == "word" and m.group().upper() == "WHERE":
            seen_where = True
        elif m.lastgroup == "open" and m.group() == "{" and (seen_where or _before_is_select_clause(query, m)):
            values = " ".join(f"VALUES ?{k} {{ {v.n3()} }}" for k, v in bindings.items() if k.isidentifier())
            return f"{query[:m.end()]} {values} {query[m.end():]}"
    raise Refused("cannot find the WHERE group to bind values in")


def _before_is_select_clause(query: str, m: re.Match) -> bool:
    """A WHERE-less query: the first '{' after SELECT/ASK/CONSTRUCT ... opens the pattern."""
    return not re.search(r"(?i)\bCONSTRUCT\s*$", query[:m.start()])


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
