"""Deterministic generator of synthetic park ecosystems (data packages of any size).

:func:`generate` writes ``parks.csv``, ``organizations.csv``, ``segments.csv``
and ``relations.csv`` in the format of the spec's "Tabular input", drawing
every value from one ``random.Random(seed)``: the same arguments give the same
files, byte for byte. Chain segments, stages and ``feeds`` links come from the
shipped chain maps. Assumptions and rates are documented in ``docs/synth.md``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ecograph.errors import InputError
from ecograph.synth.chains import load_chain_maps
from ecograph.synth.contracts import write_tech_contracts
from ecograph.synth.events import write_events
from ecograph.synth.funds import write_acquisitions, write_park_funds
from ecograph.synth.orgs import write_enterprises, write_others, write_parks
from ecograph.synth.parks import build_parks, plan_segments
from ecograph.synth.rates import DEFAULT_RELATIONS_PER_ORG, FIXED_RELATIONS_PER_ORG
from ecograph.synth.registry import Registry
from ecograph.synth.relations import Relations, write_relations
from ecograph.synth.writer import COLUMNS, PackageWriter

__all__ = ["COLUMNS", "DEFAULT_RELATIONS_PER_ORG", "DEFAULT_SEED", "DEMO_ORGS", "DEMO_SEED",
           "MAX_RELATIONS_PER_ORG", "MIN_RELATIONS_PER_ORG", "SynthReport", "default_parks",
           "density_scale", "generate"]

log = logging.getLogger(__name__)

DEFAULT_SEED = 20240601
#: The committed demo package is ``generate(DEMO_DIR, orgs=DEMO_ORGS, seed=DEMO_SEED, parks=3)``.
DEMO_SEED = 7
DEMO_ORGS = 1600
MIN_ORGS = 200
#: Accepted ``relations_per_org``; below about 2 the floors (one supplier, one
#: partner per collaborating firm) give more rows than asked for.
MIN_RELATIONS_PER_ORG = 1.0
MAX_RELATIONS_PER_ORG = 25.0

#: Progress callback: ``(phase, done_increment, phase_total)``.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class SynthReport:
    """What :func:`generate` wrote."""

    out_dir: Path
    seed: int
    orgs: int
    parks: int
    top_parks: int
    files: Mapping[str, int]
    org_types: Mapping[str, int]
    relations: Mapping[str, int]
    relations_per_org: float
    seconds: float


def default_parks(orgs: int) -> int:
    """Return the default number of top parks: three, then about one per 3,000 organisations.

    Examples
    --------
    >>> default_parks(1600), default_parks(100_000), default_parks(1_000_000)
    (3, 33, 333)
    """
    return max(3, orgs // 3000)


def density_scale(relations_per_org: float) -> float:
    """Return the factor on supply, collaboration and investment ties for a target density.

    Incubation stays, hosting, operating and spin-off rows do not scale
    (``FIXED_RELATIONS_PER_ORG`` per organisation); the other ties are drawn
    ``scale`` times as often as at the default of five rows per organisation.

    Examples
    --------
    >>> density_scale(5.0), round(density_scale(2.0), 3)
    (1.0, 0.352)
    """
    return ((relations_per_org - FIXED_RELATIONS_PER_ORG)
            / (DEFAULT_RELATIONS_PER_ORG - FIXED_RELATIONS_PER_ORG))


def generate(out_dir: Path | str, *, orgs: int, seed: int = DEFAULT_SEED,
             parks: int | None = None, relations_per_org: float = DEFAULT_RELATIONS_PER_ORG,
             progress: Progress | None = None) -> SynthReport:
    """Write a synthetic data package of ``orgs`` organisations into ``out_dir``.

    Parameters
    ----------
    out_dir
        Folder to write (created if needed; the four CSV files are overwritten).
    orgs
        Number of organisations (at least 200), parks' managing agencies included.
    seed
        Seed of the one ``random.Random`` every value is drawn from.
    parks
        Number of top-level parks (sub-parks come on top); default
        :func:`default_parks`. The first three are the flagship parks
        ``P-YH`` (with sub-parks), ``P-JK`` and ``P-XS``.
    relations_per_org
        Target relation rows per organisation (about; between
        ``MIN_RELATIONS_PER_ORG`` and ``MAX_RELATIONS_PER_ORG``): scales the
        supply, collaboration and investment ties, see :func:`density_scale`.
    progress
        Optional callback ``(phase, increment, total)`` for progress bars.

    Returns
    -------
    SynthReport
        Counts per file, organisation type and relation type, and the time taken.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     report = generate(d, orgs=300, seed=1)
    >>> report.orgs, report.top_parks, report.files["organizations.csv"]
    (300, 3, 300)
    """
    if orgs < MIN_ORGS:
        raise InputError(f"orgs must be at least {MIN_ORGS}, got {orgs}")
    n_top = default_parks(orgs) if parks is None else parks
    if n_top < 1 or n_top > orgs // 50:
        raise InputError(f"parks must be between 1 and orgs / 50, got {n_top}")
    if not MIN_RELATIONS_PER_ORG <= relations_per_org <= MAX_RELATIONS_PER_ORG:
        raise InputError(f"relations_per_org must be between {MIN_RELATIONS_PER_ORG} and "
                         f"{MAX_RELATIONS_PER_ORG}, got {relations_per_org}")
    started = time.perf_counter()
    rng = random.Random(seed)
    # what data model v2 adds is drawn from a second stream, so the v1 tables stay as they were
    aux = random.Random(f"ecograph-synth-v2:{seed}")
    chain_map = load_chain_maps()
    park_specs = build_parks(rng, n_top, chain_map)
    reg = Registry(chain_map=chain_map, parks=park_specs)
    for index, park in enumerate(park_specs):
        if not park.parent:
            for chain in park.chains:
                reg.plans[(index, chain)] = plan_segments(rng, chain_map, chain)
    out = Path(out_dir)

    def step(phase: str, total: int) -> Callable[[int], None] | None:
        if progress is None:
            return None
        return lambda done: progress(phase, done, total)

    with PackageWriter(out) as writer:
        write_parks(reg, writer)
        n_enterprises = write_others(reg, writer, rng, orgs)
        if n_enterprises < orgs // 2:
            raise InputError(f"too many parks ({n_top}) for {orgs} organisations")
        write_enterprises(reg, writer, rng, n_enterprises, step("organisations", n_enterprises),
                          aux=aux)
        scale = density_scale(relations_per_org)
        rel = write_relations(reg, writer, rng, step("relations", n_enterprises), scale=scale)
        v2 = Relations(reg, writer, aux, scale, pools=(rel.ent, rel.refs))
        write_tech_contracts(v2)
        write_park_funds(v2)
        write_acquisitions(v2)
        write_events(v2)
        files = dict(writer.counts)
        relations = dict(sorted(writer.relation_counts.items()))
    types: dict[str, int] = {k: len(v) for k, v in sorted(reg.others.items())}
    types["GovernmentAgency"] = types.pop("ParkAgency", 0) + types.get("GovernmentAgency", 0)
    types["Enterprise"] = n_enterprises
    seconds = time.perf_counter() - started
    log.info("synth: %d organisations, %d relations in %.1f s -> %s", orgs,
             files.get("relations.csv", 0), seconds, out)
    return SynthReport(out_dir=out, seed=seed, orgs=files.get("organizations.csv", 0),
                       parks=len(park_specs), top_parks=n_top, files=files,
                       org_types=dict(sorted(types.items())), relations=relations,
                       relations_per_org=round(files.get("relations.csv", 0) / orgs, 2),
                       seconds=round(seconds, 3))
