// name: chain_funds
// description: Funds investing in firms of an industry chain: firms reached, investments and amount (万元).
// params: chain:str
MATCH (:IndustryChain {id: $chain})<-[:SEGMENT_OF]-(:ChainSegment)<-[:IN_SEGMENT]-(f:Organization)
WITH DISTINCT f
MATCH (v:Fund)-[i:INVESTS_IN]->(f)
RETURN v.id AS fund, v.name AS name,
       count(DISTINCT f) AS firms, count(i) AS investments,
       sum(coalesce(i.amount, 0.0)) AS amount
ORDER BY firms DESC, amount DESC, fund
