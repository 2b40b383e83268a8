// name: scope_dated_segment_orgs
// description: The organisations with a dated (since or until) IN_SEGMENT edge to a segment of the chain: the region counts are corrected for them as of a date.
// params: chain:str
MATCH (:IndustryChain {id: $chain})<-[:SEGMENT_OF]-(:ChainSegment)<-[r:IN_SEGMENT]-(o)
WHERE r.since IS NOT NULL OR r.until IS NOT NULL
RETURN DISTINCT o.id AS id
