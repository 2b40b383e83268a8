// name: scope_chain_orgs
// description: Every organisation in a segment of the chain, region-wide (candidates and the location quotients' reference).
// params: chain:str
MATCH (o:Organization)-[:IN_SEGMENT]->(:ChainSegment)-[:SEGMENT_OF]->(:IndustryChain {id: $chain})
RETURN DISTINCT o.id AS id
