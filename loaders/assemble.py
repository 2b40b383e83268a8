"""Cross-row checks and assembly of checked records into rows.

Phase 1 registers nodes (tables in order, then RDF files); an id reused with
another class is rejected. Phase 2 (:meth:`Assembler.finish`) resolves every
edge — explicit rows and references derived from node rows — against the
registry: unknown ids, ends that were rejected, domain and range (compiled
from the shapes) and ``feeds`` cycles inside a chain are rejected, each with
file, line, column and reason.

Data model v2 rows whose node depends on edges of its own row (an
``org_stats.csv`` observation and its ``HAS_STATS`` from the organisation, a
``park_stats.csv`` observation and its ``HAS_INDICATOR``, a
``collaborations.csv`` event and one ``PARTICIPATES_IN`` per participant) load
whole or not at all: when one of those edges is rejected (unknown or rejected
id, wrong class), the node and the row's other edges are dropped too.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from ecograph.mapping.rows import EdgeRow, NodeRow, PropValue, edge_key, make_node
from ecograph.mapping.tables import MAX_LEADING_CHAINS, RANKED_REFS, TableMapping
from ecograph.validation.reject import Reject
from ecograph.validation.shapes import CompiledShapes
from ecograph.validation.tabular import NodeDraft, RowError, TableChecker
from ecograph.vocab import QUALIFICATION_NAMES, Label, RelType, base_label

__all__ = ["MAX_PARALLEL_EDGES", "Assembler"]

log = logging.getLogger(__name__)

#: Most relations of one type between one ordered pair (distinct ``since`` …); more are
#: rejected rows. Documented in docs/design.md.
MAX_PARALLEL_EDGES = 1000

_LABEL: dict[str, Label] = {str(label): label for label in Label}
_ROOT: dict[Label, str] = {label: str(base_label(label)) for label in Label}
_REL_NAME: dict[RelType, str] = {rel: rel.value for rel in RelType}
#: Relations that may not join a node to itself (a firm supplying, investing in or
#: spun off from itself; a park that is its own parent): such rows are rejected.
#: Derived edges into a v2 node, named in rejects by their column.
_OWNED_RELS = frozenset({RelType.PARTICIPATES_IN, RelType.HAS_STATS, RelType.HAS_INDICATOR,
                         RelType.HAS_QUALIFICATION})
NO_SELF_LOOPS = frozenset({RelType.SUPPLIES, RelType.INVESTS_IN, RelType.SPUN_OFF_FROM,
                           RelType.SUB_PARK_OF, RelType.COLLABORATES_WITH})


# A queued edge: (rel, source, target, props, file, line, column, value, key).
# ``column`` / ``value`` name the cell of a derived edge ("" for edge rows);
# ``key`` comes with edge rows and RDF input (None: computed on resolution). A
# plain tuple: there are as many of these as relation rows.
_Pending = tuple[RelType, str, str, dict[str, PropValue], str, int | str, str, str, str | None]


class Assembler:
    """Collects checked records from any number of sources into rows."""

    def __init__(self, shapes: CompiledShapes, loaded_at: str) -> None:
        self.shapes = shapes
        self.loaded_at = loaded_at
        self.nodes: dict[str, NodeRow] = {}
        self._label_of: dict[str, Label] = {}  # node id -> class, alongside ``nodes``
        self.origin: dict[str, tuple[str, int | str]] = {}
        self.rejected: dict[str, tuple[str, int | str]] = {}
        self._rejected_label: dict[str, Label] = {}  # class a rejected row gave its id
        self._end_columns: dict[str, tuple[str, str]] = {}  # edge file -> (source, target)
        self.pending: list[_Pending] = []
        self.rejects: list[Reject] = []
        self.warnings: list[Reject] = []
        self.stats: dict[str, dict[str, int]] = defaultdict(
            lambda: {"rows": 0, "nodes": 0, "edges": 0, "rejected": 0})
        self._checked: dict[tuple[RelType, Label, Label], str] = {}
        self._edge_counts: Counter[str] = Counter()
        # v2 node id -> (file, keys of the edges of its own row it cannot load without)
        self._dependents: dict[str, tuple[str, list[_Pending]]] = {}
        self._on_demand: dict[str, str] = {}  # node created for an edge table's target -> file

    def reject(self, file: str, line: int | str, column: str, reason: str, value: str = "",
               severity: str = "error") -> None:
        """Record one reject (``severity="warning"``: a cell left out, the row loaded)."""
        self.rejects.append(Reject(file, line, column, reason, value, severity))
        if severity == "error":
            self.stats[file]["rejected"] += 1
        else:
            self.stats[file]["warnings"] = self.stats[file].get("warnings", 0) + 1

    def add_reject(self, reject: Reject) -> None:
        """Record a reject found while reading (a record that is not a row)."""
        self.reject(reject.file, reject.line, reject.column, reject.reason, reject.value,
                    reject.severity)

    def _conflict(self, node_id: str, label: Label, file: str, line: int | str) -> bool:
        """Report ``node_id`` as a duplicate when a row already gave it another class."""
        other = self._label_of.get(node_id) or self._rejected_label.get(node_id)
        if other is None or other == label:
            return False
        where = self.origin.get(node_id) or self.rejected[node_id]
        self.reject(file, line, "id", f"duplicate id {node_id!r} with conflicting type "
                    f"{label}: already {other} ({_where(*where)})", node_id)
        return True

    def warn(self, file: str, line: int | str, column: str, reason: str,
             value: str = "") -> None:
        """Record one warning: reported with its place, nothing rejected."""
        self.warnings.append(Reject(file, line, column, reason, value))

    # ------------------------------------------------------------ phase 1
    def add_node(self, row: NodeRow, file: str, line: int | str) -> bool:
        """Register a node row; reject it when its id is taken by another class."""
        node_id = row["id"]
        label = _LABEL[row["label"]]
        known = self._label_of.get(node_id)
        if known is None and node_id in self._rejected_label and \
                self._conflict(node_id, label, file, line):
            return False
        if known is not None:
            if known != label:
                where = self.origin[node_id]
                self.reject(file, line, "id", f"duplicate id {node_id!r} with conflicting type "
                            f"{row['label']}: already {known} "
                            f"({_where(*where)})", node_id)
                self.rejected.setdefault(node_id, (file, line))
                return False
            self._merge_props(node_id, row["props"])
            return True
        self._keep(row)
        self._label_of[node_id] = label
        self.origin[node_id] = (file, line)
        self.stats[file]["nodes"] += 1
        return True

    def _keep(self, row: NodeRow) -> None:
        """Hold a newly registered node row (a streaming read holds only some)."""
        self.nodes[row["id"]] = row

    def _merge_props(self, node_id: str, props: dict[str, PropValue]) -> None:
        """Merge a later row's props onto the registered node ``node_id``."""
        self.nodes[node_id]["props"].update(props)

    def _forget(self, node_id: str) -> bool:
        """Drop a registered node; return True when it was registered."""
        if self._label_of.pop(node_id, None) is None:
            return False
        self.nodes.pop(node_id, None)
        return True

    def _register(self, row: NodeRow, file: str, line: int) -> bool:
        """Register the node a table row is about (hook: a streaming read keeps ids only)."""
        return self.add_node(row, file, line)

    def add_table(self, file: str, table: TableMapping, header: Sequence[str],
                  records: Iterable[tuple[int, Sequence[str]]], source: str) -> None:
        """Check and register every record of one table."""
        checker = TableChecker(table, header, self.shapes)
        stats = self.stats[file]
        if checker.missing or checker.duplicates:
            for column in checker.missing:
                self.reject(file, 1, column, "missing required column", column)
            for column in dict.fromkeys(checker.duplicates):
                self.reject(file, 1, column, f"duplicate column {column!r} in the header "
                            "(which one holds the data?)", column)
            return
        prov: dict[str, PropValue] = {"source": source, "loaded_at": self.loaded_at}
        if table.entity == "edge":
            ends = {col.role: col.column for _, col in checker.columns}
            self._end_columns[file] = (ends.get("id", "source"), ends.get("target", "target"))
            self._edge_records(checker, file, records, prov)
            return
        for line, cells in records:
            stats["rows"] += 1
            try:
                draft = checker.node(cells)
                for column, reason, value, severity in draft.warnings:
                    self.reject(file, line, column, reason, value, severity)
                if not self._node_record(draft, file, line, prov, table.unique,
                                         table.id_columns):
                    self._not_loaded(file, line)
            except RowError as exc:
                self._not_loaded(file, line)
                for column, reason, value, severity in exc.problems:
                    self.reject(file, line, column, reason, value, severity)
                if table.columns[0].role == "id":
                    index = _index(header, table.columns[0].column)
                    node_id = exc.node_id or (cells[index].strip() if index < len(cells) else "")
                    if exc.label is not None and node_id:
                        self._conflict(node_id, exc.label, file, line)
                    if node_id and node_id not in self._label_of:
                        self.rejected.setdefault(node_id, (file, line))
                        if exc.label is not None:
                            self._rejected_label.setdefault(node_id, exc.label)

    def _not_loaded(self, file: str, line: int) -> None:
        """Hook: the record at ``file`` ``line`` registered no node (rejected)."""

    def _edge_records(self, checker: TableChecker, file: str,
                      records: Iterable[tuple[int, Sequence[str]]],
                      prov: dict[str, PropValue]) -> None:
        """Check the records of an edge table and queue them (the per-row hot loop)."""
        parts, queue, rel_name = checker.edge_parts, self.pending.append, _REL_NAME
        target_label = checker.table.target_label
        count = 0
        try:
            for line, cells in records:
                count += 1
                try:
                    rel, source, target, props = parts(cells)
                except RowError as exc:
                    for column, reason, value, severity in exc.problems:
                        self.reject(file, line, column, reason, value, severity)
                    continue
                # The key is computed here while the row is fresh: it depends on the
                # row only (a later merge never changes a queued row's props).
                key = edge_key(rel_name[rel], source, target, props)
                props.update(prov)
                if target_label is not None and target not in self._label_of:
                    self._add_target(target, target_label, prov, file, line)
                queue((rel, source, target, props, file, line, "", "", key))
        finally:
            self.stats[file]["rows"] += count

    def _add_target(self, target: str, label: Label, prov: dict[str, PropValue], file: str,
                    line: int) -> None:
        """Create the node an edge table names by its id (a ``Qualification``)."""
        props: dict[str, PropValue] = dict(prov)
        names = QUALIFICATION_NAMES.get(target) if label is Label.Qualification else None
        if names is not None:
            props = {"name": names["zh"], "name_en": names["en"], **prov}
        if self.add_node(make_node(target, label, props), file, line):
            self._on_demand[target] = file

    def _node_record(self, draft: NodeDraft, file: str, line: int,
                     prov: dict[str, PropValue], unique: bool = False,
                     id_columns: tuple[str, ...] = ()) -> bool:
        """Register one checked node record and queue its references; False: rejected."""
        if draft.chain is not None:
            chain_id, chain_name = draft.chain
            known = self._label_of.get(chain_id)
            if known is None:
                props: dict[str, PropValue] = {"name": chain_name or chain_id, **prov}
                self.add_node(make_node(chain_id, Label.IndustryChain, props), file, line)
            elif known != Label.IndustryChain:
                raise RowError("chain", f"chain id {chain_id!r} is already a {known}",
                               chain_id)
            elif chain_name:
                self._merge_props(chain_id, {"name": chain_name})
        if unique and self._label_of.get(draft.id) == draft.label:
            where = self.origin[draft.id]
            what = f"({', '.join(id_columns)})" if id_columns else "id"
            column = id_columns[-1] if id_columns else "id"
            self.reject(file, line, column, f"duplicate {what} {draft.id!r}: already "
                        f"{_where(*where)}", draft.id)
            return False
        draft.props.update(prov)
        if not self._register(make_node(draft.id, draft.label, draft.props), file, line):
            return False
        if draft.owners:  # queued in finish(), once the row is known to load whole
            self._depend(draft.id, file, self.owner_edges(draft, file, line, prov))
        self.queue_refs(draft, file, line, prov)
        return True

    def _depend(self, node_id: str, file: str, items: list[_Pending]) -> None:
        """Hold the edges ``node_id``'s row cannot load without, for :meth:`finish`."""
        self._dependents[node_id] = (file, items)

    def owner_edges(self, draft: NodeDraft, file: str, line: int,
                    prov: dict[str, PropValue]) -> list[_Pending]:
        """Return the derived edges into ``draft``'s node (its owner, its participants)."""
        return [(rel, owner, draft.id, dict(prov), file, line, column, owner,
                 edge_key(_REL_NAME[rel], owner, draft.id, {}))
                for column, rel, owner in draft.owners]

    def queue_refs(self, draft: NodeDraft, file: str, line: int, prov: dict[str, PropValue],
                   *, warn: bool = True) -> None:
        """Queue the edges a node record references (its park, chains, industry …)."""
        ranks: Counter[RelType] = Counter()
        seen: set[tuple[RelType, str]] = set()
        for column, rel, target in draft.refs:
            if rel in RANKED_REFS:
                if (rel, target) in seen:  # a repeated id keeps its first rank
                    continue
                seen.add((rel, target))
                ranks[rel] += 1
                self.pending.append((rel, draft.id, target, {"rank": ranks[rel], **prov},
                                     file, line, column, target, None))
                continue
            if rel is RelType.CLASSIFIED_AS and target not in self._label_of:
                self.add_node(make_node(target, Label.Industry, {"code": target, **prov}),
                              file, line)
            self.pending.append((rel, draft.id, target, dict(prov), file, line,
                                 column, target, None))
        if warn and ranks[RelType.HAS_LEADING_CHAIN] > MAX_LEADING_CHAINS:
            self.warn(file, line, "leading_chains",
                      f"{ranks[RelType.HAS_LEADING_CHAIN]} leading chains: MIIT guidance "
                      f"(工业园区高质量发展指引) is at most {MAX_LEADING_CHAINS} "
                      "(原则上不宜超过 3 个主导产业)",
                      ";".join(t for c, r, t in draft.refs if r is RelType.HAS_LEADING_CHAIN))

    def add_edge_row(self, row: EdgeRow, file: str, line: int | str) -> None:
        """Queue an already mapped edge (from RDF) for phase 2, keeping its key."""
        self.pending.append((RelType(row["type"]), row["source"], row["target"],
                             row["props"], file, line, "", "", row["key"]))

    # ------------------------------------------------------------ phase 2
    def finish(self) -> tuple[list[NodeRow], list[EdgeRow]]:
        """Resolve every queued edge; return the accepted node and edge rows."""
        edges: dict[str, EdgeRow] = {}
        feeds: list[_Pending] = []
        chain_of: dict[str, str] = {}  # segment -> chain, from the accepted SEGMENT_OF edges
        self._queue_dependents()
        self._resolve_all(edges, feeds, chain_of)
        self.check_feeds(feeds, chain_of, lambda item: self._resolve(item, edges))
        self.pending = []
        self._drop_unheld(edges)
        self._bound_parallel(edges)
        for file, count in self._edge_counts.items():
            self.stats[file]["edges"] += count
        self._edge_counts.clear()
        return list(self.nodes.values()), list(edges.values())

    def check_feeds(self, feeds: list[_Pending], chain_of: dict[str, str],
                    accept: Callable[[_Pending], bool]) -> None:
        """Reject the ``feeds`` edges that close a loop inside one chain; offer the rest.

        ``chain_of`` maps each segment to its chain (from the accepted
        ``SEGMENT_OF`` edges); ``accept`` resolves one edge and says whether it
        was kept (only kept edges count for later loops).
        """
        graph: dict[str, set[str]] = defaultdict(set)
        looped = _looped(feeds, chain_of)
        for item in feeds:
            _rel, source, target, _props, file, line, column, value, _key = item
            chain = chain_of.get(source)
            if chain is not None and chain == chain_of.get(target) and (
                    source == target or (looped.get(source, -1) == looped.get(target, -2)
                                         and _reaches(graph, target, source))):
                self.reject(file, line, column or "feeds",
                            f"feeds cycle inside chain {chain!r}: {source} → {target} "
                            "closes a loop", value or target)
                continue
            if accept(item):
                graph[source].add(target)

    def _queue_dependents(self) -> None:
        """Queue the edges of each v2 row that can load whole; reject the others whole.

        A row whose owner or some participant is unknown, rejected or of the
        wrong class is reported at that cell; its node is then dropped (a
        later row naming it gets "was rejected"), and so are its good edges.
        """
        label_of = self._label_of
        for node_id, (file, items) in self._dependents.items():
            bad = False
            for item in items:
                rel, source, target = item[0], item[1], item[2]
                if source not in label_of:
                    self._missing_end(item, "source")
                    bad = True
                    continue
                trio = (rel, label_of[source], label_of[target])
                problem = self._checked.get(trio)
                if problem is None:
                    problem = self._checked[trio] = self._check_ends(*trio)
                if problem:
                    self._report_ends(problem, item)
                    bad = True
            if not bad:
                self.pending.extend(items)
            elif self._forget(node_id):
                self.stats[file]["nodes"] -= 1
                self.rejected.setdefault(node_id, self.origin.pop(node_id, (file, "")))
        self._dependents.clear()

    def _drop_unheld(self, edges: dict[str, EdgeRow]) -> None:
        """Drop the on-demand targets (qualifications) that no accepted edge reaches."""
        if self._on_demand:  # a qualification no accepted row holds is not loaded
            self._drop_unused({edge["target"] for edge in edges.values()})

    def _drop_unused(self, used: set[str]) -> None:
        for node_id, file in self._on_demand.items():
            if node_id not in used and self._forget(node_id):
                self.stats[file]["nodes"] -= 1
                self.origin.pop(node_id, None)
        self._on_demand.clear()

    def _bound_parallel(self, edges: dict[str, EdgeRow]) -> None:
        """Reject the relations of one type between one pair beyond ``MAX_PARALLEL_EDGES``.

        Rows differing only in ``since`` (or ``kind``, ``round``, ``date``) are
        distinct edges of the pair; a million of them would make one node's
        adjacency the whole load. The first ``MAX_PARALLEL_EDGES`` are kept.
        """
        per_pair = Counter((e["type"], e["source"], e["target"]) for e in edges.values())
        crowded = {pair for pair, n in per_pair.items() if n > MAX_PARALLEL_EDGES}
        if not crowded:
            return
        kept: Counter[tuple[str, str, str]] = Counter()
        for key, edge in list(edges.items()):
            pair = (edge["type"], edge["source"], edge["target"])
            if pair not in crowded:
                continue
            kept[pair] += 1
            if kept[pair] > MAX_PARALLEL_EDGES:
                del edges[key]
                self.reject("relations.csv", key, "target",
                            f"more than {MAX_PARALLEL_EDGES} {pair[0]} relations from "
                            f"{pair[1]} to {pair[2]} (the bound on parallel relations of "
                            "one pair)", pair[2])

    def _resolve_all(self, edges: dict[str, EdgeRow], feeds: list[_Pending],
                     chain_of: dict[str, str]) -> None:
        """Resolve every queued edge except ``FEEDS`` (set aside for the cycle check).

        The per-edge hot loop: the same steps as :meth:`_resolve`, with lookups
        hoisted; a row with an unknown end or a domain / range problem goes to
        the same reporting code.
        """
        label_of, checked, add = self._label_of, self._checked, edges.setdefault
        rel_name, root = _REL_NAME, _ROOT
        counts = self._edge_counts
        feeds_rel, segment_of, no_loops = RelType.FEEDS, RelType.SEGMENT_OF, NO_SELF_LOOPS
        counted_file, counted = "", 0
        for item in self.pending:
            rel, source, target, props, file, _line, _column, _value, key = item
            if rel is feeds_rel:
                feeds.append(item)
                continue
            try:
                src = label_of[source]
                tgt = label_of[target]
            except KeyError:
                self._missing_end(item, "target" if source in label_of else "source")
                continue
            if source == target and rel in no_loops:
                self._self_loop(item)
                continue
            trio = (rel, src, tgt)
            try:
                problem = checked[trio]
            except KeyError:
                problem = checked[trio] = self._check_ends(rel, src, tgt)
            if problem:
                self._report_ends(problem, item)
                continue
            name = rel_name[rel]
            if not key:
                key = edge_key(name, source, target, props)
            row: EdgeRow = {"key": key, "type": name, "source": source,
                            "source_label": root[src], "target": target,
                            "target_label": root[tgt], "props": props}
            previous = add(key, row)
            if previous is not row:  # same key again: merge onto the first edge
                previous["props"].update(props)
                continue
            if rel is segment_of:
                chain_of[source] = target
            if file != counted_file:
                if counted:
                    counts[counted_file] += counted
                counted_file, counted = file, 0
            counted += 1
        if counted:
            counts[counted_file] += counted

    def _edge_row(self, item: _Pending, *, report: bool = True) -> EdgeRow | None:
        """Check one queued edge's ends against the registry: its row, or None (rejected).

        Unknown or rejected ends, self-loops of :data:`NO_SELF_LOOPS` and ends of
        the wrong class are rejected; ``report`` False rejects silently (a row
        that may still load another way).
        """
        rel, source, target, props, _file, _line, _column, _value, key = item
        src = self._label_of.get(source)
        tgt = self._label_of.get(target)
        if src is None or tgt is None:
            if report:
                self._missing_end(item, "source" if src is None else "target")
            return None
        if source == target and rel in NO_SELF_LOOPS:
            if report:
                self._self_loop(item)
            return None
        trio = (rel, src, tgt)
        problem = self._checked.get(trio)
        if problem is None:
            problem = self._checked[trio] = self._check_ends(rel, src, tgt)
        if problem:
            if report:
                self._report_ends(problem, item)
            return None
        name = _REL_NAME[rel]
        return {"key": key or edge_key(name, source, target, props), "type": name,
                "source": source, "source_label": _ROOT[src], "target": target,
                "target_label": _ROOT[tgt], "props": props}

    def _resolve(self, item: _Pending, edges: dict[str, EdgeRow]) -> bool:
        row = self._edge_row(item)
        if row is None:
            return False
        previous = edges.get(row["key"])
        if previous is not None:
            previous["props"].update(row["props"])
            return True
        edges[row["key"]] = row
        self._edge_counts[item[4]] += 1  # its file
        return True

    def _self_loop(self, item: _Pending) -> None:
        rel, source, _target, _props, file, line, column, _value, _key = item
        if not column:
            column = self._end_columns.get(file, ("source", "target"))[1]
        what = "a park cannot be its own parent" if rel is RelType.SUB_PARK_OF \
            else f"{rel.value} joins {source!r} to itself"
        self.reject(file, line, column, f"self-loop: {what}", source)

    def _report_ends(self, problem: str, item: _Pending) -> None:
        column, reason, value = _fill_problem(problem, item)
        if not item[6] and item[4] in self._end_columns:
            column = self._end_columns[item[4]][0 if column == "source" else 1]
        self.reject(item[4], item[5], item[6] or column, reason, item[7] or value)

    def _missing_end(self, item: _Pending, role: str) -> None:
        _rel, source, target, _props, file, line, column, value, _key = item
        node_id = source if role == "source" else target
        if not column and file in self._end_columns:  # the file's own column name
            column = self._end_columns[file][0 if role == "source" else 1]
        bad = self.rejected.get(node_id)
        if _rel in _OWNED_RELS and role == "source" and column:
            # org_stats.org, park_stats.park, collaborations.participants, qualifications.org
            role = "participant" if column == "participants" else column
        if bad is not None:
            reason = f"{role} {node_id!r} was rejected ({_where(*bad)})"
        else:
            reason = f"unknown {role} id {node_id!r}"
        self.reject(file, line, column or role, reason, value or node_id)

    def _check_ends(self, rel: RelType, src: Label, tgt: Label) -> str:
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
    source, target = item[1], item[2]
    value = source if column == "source" else target
    return column, template.format(source=source, target=target), value


def _where(file: str, line: int | str) -> str:
    return f"{file} line {line}" if isinstance(line, int) else f"{file} <{line}>"


def _names(labels: frozenset[Label]) -> str:
    return " or ".join(sorted(str(x) for x in labels))


def _looped(feeds: list[_Pending], chain_of: dict[str, str]) -> dict[str, int]:
    """Segments on some cycle of the candidate ``feeds`` edges: segment -> its component.

    An edge can only close a loop when both ends lie in one strongly connected
    component of all candidate edges (the accepted edges are a subset), so the
    per-edge search runs only there: an acyclic chain, the normal case, is
    checked in linear time whatever the order of its rows.
    """
    import networkx as nx

    candidates = nx.DiGraph()
    for _rel, source, target, *_ in feeds:
        chain = chain_of.get(source)
        if chain is not None and chain == chain_of.get(target) and source != target:
            candidates.add_edge(source, target)
    found: dict[str, int] = {}
    for number, component in enumerate(nx.strongly_connected_components(candidates)):
        if len(component) > 1:
            found.update(dict.fromkeys(component, number))
    return found


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
