// name: scope_candidate_pool
// description: Organisations IN_SEGMENT a segment of the given segments of the chain whose score without ties and distance (qualification weights plus scale) is in [floor, ceiling): the 招商 candidates that can still rank, best first.
// params: chain:str segments:strs weights:map floor:float ceiling:float
MATCH (:IndustryChain {id: $chain})<-[:SEGMENT_OF]-(s:ChainSegment)<-[r:IN_SEGMENT]-(o:Organization)
WHERE s.id IN $segments
WITH s, o, r,
     reduce(w = 0.0, q IN coalesce(o.qualifications, []) | w + coalesce($weights[q], 0.0))
     + CASE WHEN o.revenue > 0 THEN log10(1.0 + o.revenue / 10000.0) ELSE 0.0 END AS bound
WHERE bound >= $floor AND bound < $ceiling
RETURN s.id AS segment, o.id AS id, r.since AS since, r.until AS until,
       o.revenue AS revenue, o.qualifications AS qualifications, bound
ORDER BY bound DESC, id
