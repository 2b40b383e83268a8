// name: scope_segment_links
// description: Every IN_SEGMENT edge of the given organisations to a segment of the chain, with its dates.
// params: ids:strs chain:str
UNWIND $ids AS id
MATCH (o:Organization {id: id})-[r:IN_SEGMENT]->(s:ChainSegment)-[:SEGMENT_OF]->(:IndustryChain {id: $chain})
RETURN o.id AS id, s.id AS segment, r.since AS since, r.until AS until
