"""Row checks for tabular input, compiled once per file from the mapping and the shapes.

A :class:`TableChecker` is built from a :class:`~ecograph.mapping.tables.TableMapping`,
the file's header and the :class:`~ecograph.validation.shapes.CompiledShapes`.
Its :meth:`~TableChecker.node` / :meth:`~TableChecker.edge` turn one record
(a list of cells) into a :class:`NodeDraft` / :class:`EdgeDraft`, or raise
:class:`RowError` with the column, reason and value. Cross-row checks (known
ids, domain and range, duplicates, cycles) are the loader's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from rdflib import RDFS

from ecograph.mapping.rows import PropValue
from ecograph.mapping.tables import ColumnMap, TableMapping
from ecograph.validation.checks import CellError, Parser, compile_parser
from ecograph.validation.shapes import CompiledShapes
from ecograph.vocab import Label, RelType, ancestors

__all__ = ["EdgeDraft", "NodeDraft", "RowError", "TableChecker", "snake_case"]

_NON_WORD = re.compile(r"[^0-9a-zA-Z_]+")
_UNTIL = "until"
_REL_TYPES: dict[str, RelType] = {str(rel): rel for rel in RelType}

_Cells = Callable[[Sequence[str]], tuple[str, ...]]
# (cells of the plan's columns, per column: (prop, column, parser; None = keep the text))
_Plan = tuple[_Cells, tuple[tuple[str, str, Parser | None], ...]]


class RowError(ValueError):
    """A record failed a check."""

    def __init__(self, column: str, reason: str, value: str = "") -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason
        self.value = value


@dataclass(slots=True)
class NodeDraft:
    """A checked node record: id, class, props and the derived references."""

    id: str
    label: Label
    props: dict[str, PropValue]
    refs: list[tuple[str, RelType, str]] = field(default_factory=list)
    chain: tuple[str, str] | None = None


@dataclass(slots=True)
class EdgeDraft:
    """A checked edge record; its ends are resolved later."""

    rel: RelType
    source: str
    target: str
    props: dict[str, PropValue]


def _getter(indexes: Sequence[int]) -> _Cells:
    """Return a function giving the cells at ``indexes`` of a record, as a tuple.

    Examples
    --------
    >>> _getter([2, 0])(["a", "b", "c"]), _getter([1])(["a", "b"]), _getter([])(["a"])
    (('c', 'a'), ('b',), ())
    """
    if len(indexes) >= 2:
        return itemgetter(*indexes)
    if len(indexes) == 1:
        index = indexes[0]
        return lambda cells: (cells[index],)
    return lambda cells: ()


def snake_case(column: str) -> str:
    """Return the snake_case property name of an unknown column.

    Examples
    --------
    >>> snake_case("Patent Count"), snake_case("unifiedSocialCreditCode")
    ('patent_count', 'unified_social_credit_code')
    """
    text = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", column.strip())
    return _NON_WORD.sub("_", text).strip("_").lower() or "column"


class TableChecker:
    """Checks and maps the records of one file.

    Examples
    --------
    >>> from ecograph.mapping.tables import TABLES
    >>> from ecograph.validation.shapes import load_shapes
    >>> checker = TableChecker(TABLES["organizations"], ["id", "name", "type", "employees"],
    ...                        load_shapes())
    >>> checker.node(["a", "甲", "Enterprise", "12"]).props
    {'name': '甲', 'employees': 12}
    >>> checker.node(["b", "乙", "Spaceship", ""])
    Traceback (most recent call last):
    ...
    ecograph.validation.tabular.RowError: unknown type 'Spaceship' (not a kind of Organization)
    """

    def __init__(self, table: TableMapping, header: Sequence[str], shapes: CompiledShapes) -> None:
        self.table = table
        self.shapes = shapes
        names = [h.strip() for h in header]
        self.columns: list[tuple[int, ColumnMap]] = []
        self.extras: list[tuple[int, str, str]] = []
        known = {c.column for c in table.columns}
        for index, name in enumerate(names):
            if name in known:
                self.columns.extend((index, c) for c in table.columns if c.column == name)
            elif name:
                self.extras.append((index, name, snake_case(name)))
        present = {c.column for _, c in self.columns}
        self.missing = [c.column for c in table.columns if c.required and c.column not in present]
        self.width = len(names)
        self._plans: dict[Label | None, _Plan] = {}  # label (None: edge attributes)
        self._ends = [(index, col.column, col.role) for index, col in self.columns
                      if col.role in ("id", "target", "rel_type")]
        self._fast_ends = self._single_ends()
        self._order = [(lesser.rsplit("#", 1)[-1], greater.rsplit("#", 1)[-1], message)
                       for lesser, greater, message in shapes.order_pairs]
        self._index_of = {col.column: index for index, col in self.columns}
        self._structure = [(index, col, col.role) for index, col in self.columns
                           if col.role != "value"]
        base = table.base
        self._classes: dict[str, Label] = {
            str(x): x for x in Label if base is not None and base in ancestors(x)}
        self._label_required = {
            label: any(c.min_count and p == str(RDFS.label)
                       for p, c in shapes.props_for(label).items())
            for label in Label
        }

    def _single_ends(self) -> tuple[int, int, int] | None:
        """Return the (source, target, type or -1) indexes when each end column occurs once."""
        found: dict[str, list[int]] = {"id": [], "target": [], "rel_type": []}
        for index, _column, role in self._ends:
            found[role].append(index)
        if len(found["id"]) != 1 or len(found["target"]) != 1 or len(found["rel_type"]) > 1:
            return None
        return found["id"][0], found["target"][0], (found["rel_type"] or [-1])[0]

    def _plan(self, label: Label | None) -> _Plan:
        """Return the value columns of ``label`` with their compiled parsers (cached).

        Compiled once per file and label: a getter that takes the plan's cells
        out of a record in one call, and per cell the prop, the column and the
        parser (``None`` for a plain string, kept as it is).
        """
        cached = self._plans.get(label)
        if cached is not None:
            return cached
        checks = self.shapes.props_for(label) if label is not None else self.shapes.edge_props
        indexes: list[int] = []
        meta: list[tuple[str, str, Parser | None]] = []
        for index, col in self.columns:
            if col.role == "value" and col.term is not None:
                parse = compile_parser(checks.get(str(col.term)),
                                       end_of_year=col.column == _UNTIL)
                indexes.append(index)
                meta.append((col.prop or col.column, col.column, None if parse is str else parse))
        plan = (_getter(indexes), tuple(meta))
        self._plans[label] = plan
        return plan

    def _padded(self, cells: Sequence[str]) -> Sequence[str]:
        """Return ``cells`` with empty cells added up to the header's width."""
        short = self.width - len(cells)
        return [*cells, *("",) * short] if short > 0 else cells

    def _fill(self, cells: Sequence[str], width: int, label: Label | None,
              props: dict[str, PropValue]) -> None:
        """Parse the value and extra columns of ``cells`` (padded; ``width`` its real length)."""
        plan = self._plans.get(label)
        getter, meta = plan if plan is not None else self._plan(label)
        raws = getter(cells)
        # compress skips the empty cells without a Python step each
        for (prop, column, parse), raw in compress(zip(meta, raws, strict=False), raws):
            raw = raw.strip()
            if raw:
                if parse is None:
                    props[prop] = raw
                    continue
                try:
                    props[prop] = parse(raw)
                except CellError as exc:
                    raise RowError(column, str(exc), raw) from None
        if self.extras:
            for index, _name, prop in self.extras:
                raw = cells[index].strip()
                if raw and prop not in props:
                    props[prop] = raw
        if label is None:
            for lesser, greater, message in self._order:
                high = props.get(greater)
                if high is None:
                    continue
                low = props.get(lesser)
                if low is not None and str(high) < str(low):
                    index = self._index_of.get(greater, -1)
                    raw = cells[index].strip() if 0 <= index < width else str(high)
                    raise RowError(greater, message, raw)
        elif self._label_required[label] and "name" not in props:
            raise RowError("name", "missing required value", "")

    def node(self, cells: Sequence[str]) -> NodeDraft:
        """Map one record of a node table (raises :class:`RowError`)."""
        table = self.table
        node_id = ""
        label = table.default_label
        props: dict[str, PropValue] = {}
        refs: list[tuple[str, RelType, str]] = []
        chain_id, chain_name = "", ""
        width = len(cells)
        cells = self._padded(cells)
        for index, col, role in self._structure:
            raw = cells[index].strip()
            if not raw:
                if col.required:
                    raise RowError(col.column, "missing required value", "")
                continue
            if role == "id":
                node_id = raw
            elif role == "class":
                found = self._classes.get(raw)
                if found is None:
                    raise RowError(col.column, f"unknown {col.column} {raw!r} "
                                   f"(not a kind of {table.base})", raw)
                label = found
            elif role == "name":
                props[col.prop or "name"] = raw
            elif role == "ref" and col.rel is not None:
                refs.append((col.column, col.rel, raw))
            elif role == "list":
                props[col.prop or col.column] = self._list(col, raw, label)
            elif role == "chain":
                chain_id = raw
            elif role == "chain_name":
                chain_name = raw
            elif role == "refs" and col.rel is not None:
                refs.extend((col.column, col.rel, part.strip())
                            for part in raw.split(";") if part.strip())
        if label is None:
            raise RowError("type", "missing required value", "")
        self._fill(cells, width, label, props)
        draft = NodeDraft(node_id, label, props, refs)
        if chain_id:
            draft.chain = (chain_id, chain_name)
            refs.insert(0, ("chain", RelType.SEGMENT_OF, chain_id))
        return draft

    def _list(self, col: ColumnMap, raw: str, label: Label | None) -> list[str]:
        check = self.shapes.props_for(label).get(str(col.term)) if label is not None else None
        values = sorted({part.strip() for part in raw.split(";") if part.strip()})
        if check is not None and check.allowed is not None:
            for value in values:
                if value not in check.allowed:
                    singular = col.column.rstrip("s")
                    raise RowError(col.column, f"unknown {singular} name {value!r}", value)
        return values

    def edge(self, cells: Sequence[str]) -> EdgeDraft:
        """Map one record of an edge table (raises :class:`RowError`)."""
        return EdgeDraft(*self.edge_parts(cells))

    def edge_parts(self, cells: Sequence[str]) -> tuple[RelType, str, str, dict[str, PropValue]]:
        """Return ``(rel, source, target, props)`` of one edge record, as :meth:`edge` does.

        The loader's per-row entry point: a tuple, no draft object. Rows whose
        ends are all present take a short path; any other row goes through the
        general one, which finds the first bad end column in header order.

        Examples
        --------
        >>> from ecograph.mapping.tables import TABLES
        >>> from ecograph.validation.shapes import load_shapes
        >>> checker = TableChecker(TABLES["relations"], ["source", "target", "type", "since"],
        ...                        load_shapes())
        >>> checker.edge_parts(["a", "b", "SUPPLIES", "2019"])
        (<RelType.SUPPLIES: 'SUPPLIES'>, 'a', 'b', {'since': '2019-01-01'})
        >>> checker.edge_parts(["a", "", "SUPPLIES"])
        Traceback (most recent call last):
        ...
        ecograph.validation.tabular.RowError: missing required value
        """
        width = len(cells)
        if width < self.width:
            cells = self._padded(cells)
        fast = self._fast_ends
        if fast is not None:
            source_at, target_at, type_at = fast
            source = cells[source_at].strip()
            target = cells[target_at].strip()
            rel = self.table.edge_type if type_at < 0 else _REL_TYPES.get(cells[type_at].strip())
            if source and target and rel is not None:
                props: dict[str, PropValue] = {}
                self._fill(cells, width, None, props)
                return rel, source, target, props
        return self._edge_general(cells, width)

    def _edge_general(self, cells: Sequence[str],
                      width: int) -> tuple[RelType, str, str, dict[str, PropValue]]:
        source = target = ""
        rel = self.table.edge_type
        for index, column, role in self._ends:
            raw = cells[index].strip()
            if not raw:
                raise RowError(column, "missing required value", "")
            if role == "id":
                source = raw
            elif role == "target":
                target = raw
            else:
                found = _REL_TYPES.get(raw)
                if found is None:
                    raise RowError(column, f"unknown relation type {raw!r}", raw)
                rel = found
        if rel is None:
            raise RowError("type", "missing required value", "")
        props: dict[str, PropValue] = {}
        self._fill(cells, width, None, props)
        return rel, source, target, props
