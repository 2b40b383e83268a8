// name: scope_chain_firms
// description: The distinct organisations IN_SEGMENT any segment of the chain, region-wide, whatever their dates.
// params: chain:str
MATCH (:IndustryChain {id: $chain})<-[:SEGMENT_OF]-(:ChainSegment)<-[:IN_SEGMENT]-(o)
RETURN count(DISTINCT o) AS firms
