"""Cross-row checks and assembly of checked records into rows.

Phase 1 registers nodes (tables in order, then RDF files); an id reused with
another class is rejected. Phase 2 (:meth:`Assembler.finish`) resolves every
edge — explicit rows and references derived from node rows — against the
registry: unknown ids, ends that were rejected, domain and range (compiled
from the shapes) and ``feeds`` cycles inside a chain are rejected, each with
file, line, column and reason.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ecograph.mapping.rows import EdgeRow, NodeRow, PropValue, edge_key, make_node
from ecograph.mapping.tables import TableMapping
from ecograph.validation.reject import Reject
from ecograph.validation.shapes import CompiledShapes
from ecograph.validation.tabular import EdgeDraft, NodeDraft, RowError, TableChecker
from ecograph.vocab import Label, RelType, base_label

__all__ = ["Assembler"]

log = logging.getLogger(__name__)

_LABEL: dict[str, Label] = {str(label): label for label in Label}
_ROOT: dict[Label, str] = {label: str(base_label(label)) for label in Label}
_REL_NAME: dict[RelType, str] = {rel: rel.value for rel in RelType}


class _Pending(NamedTuple):
    rel: RelType
    source: str
    target: str
    props: dict[str, PropValue]
    file: str
    line: int | str
    column: str
    value: str
    key: str | None


class Assembler:
    """Collects checked records from any number of sources into rows."""

    def __init__(self, shapes: CompiledShapes, loaded_at: str) -> None:
        self.shapes = shapes
        self.loaded_at = loaded_at
        self.nodes: dict[str, NodeRow] = {}
        self.origin: dict[str, tuple[str, int | str]] = {}
        self.rejected: dict[str, tuple[str, int | str]] = {}
        self.pending: list[_Pending] = []
        self.rejects: list[Reject] = []
        self.stats: dict[str, dict[str, int]] = defaultdict(
            lambda: {"rows": 0, "nodes": 0, "edges": 0, "rejected": 0})
        self._checked: dict[tuple[RelType, Label, Label], str] = {}
        self._edge_counts: Counter[str] = Counter()

    def reject(self, file: str, line: int | str, column: str, reason: str, value: str = "") -> None:
        """Record one reject."""
        self.rejects.append(Reject(file, line, column, reason, value))
        self.stats[file]["rejected"] += 1

    # ------------------------------------------------------------ phase 1
    def add_node(self, row: NodeRow, file: str, line: int | str) -> bool:
        """Register a node row; reject it when its id is taken by another class."""
        node_id = row["id"]
        existing = self.nodes.get(node_id)
        if existing is not None:
            if existing["label"] != row["label"]:
                where = self.origin[node_id]
                self.reject(file, line, "id", f"duplicate id {node_id!r} with conflicting type "
                            f"{row['label']}: already {existing['label']} "
                            f"({_where(*where)})", node_id)
                self.rejected.setdefault(node_id, (file, line))
                return False
            existing["props"].update(row["props"])
            return True
        self.nodes[node_id] = row
        self.origin[node_id] = (file, line)
        self.stats[file]["nodes"] += 1
        return True

    def add_table(self, file: str, table: TableMapping, header: Sequence[str],
                  records: Iterable[tuple[int, Sequence[str]]], source: str) -> None:
        """Check and register every record of one table."""
        checker = TableChecker(table, header, self.shapes)
        stats = self.stats[file]
        if checker.missing:
            for column in checker.missing:
                self.reject(file, 1, column, "missing required column", column)
            return
        prov: dict[str, PropValue] = {"source": source, "loaded_at": self.loaded_at}
        for line, cells in records:
            stats["rows"] += 1
            try:
                if table.entity == "node":
                    self._node_record(checker.node(cells), file, line, prov)
                else:
                    self._edge_record(checker.edge(cells), file, line, prov)
            except RowError as exc:
                self.reject(file, line, exc.column, exc.reason, exc.value)
                if table.entity == "node" and table.columns[0].role == "id":
                    index = _index(header, table.columns[0].column)
                    node_id = cells[index].strip() if index < len(cells) else ""
                    if node_id and node_id not in self.nodes:
                        self.rejected.setdefault(node_id, (file, line))

    def _node_record(self, draft: NodeDraft, file: str, line: int,
                     prov: dict[str, PropValue]) -> None:
        if draft.chain is not None:
            chain_id, chain_name = draft.chain
            chain = self.nodes.get(chain_id)
            if chain is None:
                props: dict[str, PropValue] = {"name": chain_name or chain_id, **prov}
                self.add_node(make_node(chain_id, Label.IndustryChain, props), file, line)
            elif chain["label"] != Label.IndustryChain:
                raise RowError("chain", f"chain id {chain_id!r} is already a {chain['label']}",
                               chain_id)
            elif chain_name:
                chain["props"]["name"] = chain_name
        draft.props.update(prov)
        if not self.add_node(make_node(draft.id, draft.label, draft.props), file, line):
            return
        for column, rel, target in draft.refs:
            if rel is RelType.CLASSIFIED_AS and target not in self.nodes:
                self.add_node(make_node(target, Label.Industry, {"code": target, **prov}),
                              file, line)
            self.pending.append(_Pending(rel, draft.id, target, dict(prov), file, line,
                                         column, target, None))

    def _edge_record(self, draft: EdgeDraft, file: str, line: int,
                     prov: dict[str, PropValue]) -> None:
        draft.props.update(prov)
        self.pending.append(_Pending(draft.rel, draft.source, draft.target, draft.props,
                                     file, line, "", "", None))

    def add_edge_row(self, row: EdgeRow, file: str, line: int | str) -> None:
        """Queue an already mapped edge (from RDF) for phase 2, keeping its key."""
        self.pending.append(_Pending(RelType(row["type"]), row["source"], row["target"],
                                     row["props"], file, line, "", "", row["key"]))

    # ------------------------------------------------------------ phase 2
    def finish(self) -> tuple[list[NodeRow], list[EdgeRow]]:
        """Resolve every queued edge; return the accepted node and edge rows."""
        edges: dict[str, EdgeRow] = {}
        feeds: list[_Pending] = []
        for item in self.pending:
            if item.rel is RelType.FEEDS:
                feeds.append(item)
            else:
                self._resolve(item, edges)
        chain_of = {e["source"]: e["target"] for e in edges.values()
                    if e["type"] == RelType.SEGMENT_OF}
        graph: dict[str, set[str]] = defaultdict(set)
        for item in feeds:
            chain = chain_of.get(item.source)
            if chain is not None and chain == chain_of.get(item.target) and \
                    _reaches(graph, item.target, item.source):
                self.reject(item.file, item.line, item.column or "feeds",
                            f"feeds cycle inside chain {chain!r}: {item.source} → {item.target} "
                            "closes a loop", item.value or item.target)
                continue
            if self._resolve(item, edges):
                graph[item.source].add(item.target)
        self.pending = []
        for file, count in self._edge_counts.items():
            self.stats[file]["edges"] += count
        self._edge_counts.clear()
        return list(self.nodes.values()), list(edges.values())

    def _resolve(self, item: _Pending, edges: dict[str, EdgeRow]) -> bool:
        nodes = self.nodes
        source = nodes.get(item.source)
        target = nodes.get(item.target)
        if source is None or target is None:
            self._missing_end(item, "source" if source is None else "target")
            return False
        src, tgt = _LABEL[source["label"]], _LABEL[target["label"]]
        trio = (item.rel, src, tgt)
        problem = self._checked.get(trio)
        if problem is None:
            problem = self._check_ends(*trio, item)
            self._checked[trio] = problem
        if problem:
            column, reason, value = _fill_problem(problem, item)
            self.reject(item.file, item.line, item.column or column, reason,
                        item.value or value)
            return False
        key = item.key or edge_key(item.rel, item.source, item.target, item.props)
        previous = edges.get(key)
        if previous is not None:
            previous["props"].update(item.props)
            return True
        edges[key] = {"key": key, "type": _REL_NAME[item.rel], "source": item.source,
                      "source_label": _ROOT[src], "target": item.target,
                      "target_label": _ROOT[tgt], "props": item.props}
        self._edge_counts[item.file] += 1
        return True

    def _missing_end(self, item: _Pending, role: str) -> None:
        node_id = item.source if role == "source" else item.target
        bad = self.rejected.get(node_id)
        if bad is not None:
            reason = f"{role} {node_id!r} was rejected ({_where(*bad)})"
        else:
            reason = f"unknown {role} id {node_id!r}"
        self.reject(item.file, item.line, item.column or role, reason, item.value or node_id)

    def _check_ends(self, rel: RelType, src: Label, tgt: Label, item: _Pending) -> str:
        """Return "" when ``rel`` may join ``src`` to ``tgt``, else a reason template."""
        rule = self.shapes.rel_rules.get(rel)
        if rule is None:
            return ""
        if not rule.domain_ok(src):
            return f"source\t{rel} cannot start at {src} {{source!r}} " \
                   f"(domain: {_names(rule.domain)})"
        if not rule.range_ok(tgt):
            if rule.message:
                return f"target\t{rule.message}: {{target!r}} is of class {tgt}"
            return f"target\t{rel} cannot end at {tgt} {{target!r}} (range: {_names(rule.range)})"
        return ""


def _fill_problem(problem: str, item: _Pending) -> tuple[str, str, str]:
    column, template = problem.split("\t", 1)
    value = item.source if column == "source" else item.target
    return column, template.format(source=item.source, target=item.target), value


def _where(file: str, line: int | str) -> str:
    return f"{file} line {line}" if isinstance(line, int) else f"{file} <{line}>"


def _names(labels: frozenset[Label]) -> str:
    return " or ".join(sorted(str(x) for x in labels))


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    if start == goal:
        return True
    seen = {start}
    stack = [start]
    while stack:
        for nxt in graph.get(stack.pop(), ()):
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _index(header: Sequence[str], column: str) -> int:
    for i, name in enumerate(header):
        if name.strip() == column:
            return i
    return 0
