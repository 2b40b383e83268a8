// name: scope_segment_firms
// description: Per segment of the chain, the organisations IN_SEGMENT it, region-wide, whatever their dates (the location quotients' reference; scope_dated_segment_orgs says whose edges are dated).
// params: chain:str
MATCH (:IndustryChain {id: $chain})<-[:SEGMENT_OF]-(s:ChainSegment)<-[:IN_SEGMENT]-(o)
RETURN s.id AS segment, count(DISTINCT o) AS firms
