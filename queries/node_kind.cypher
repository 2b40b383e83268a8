// name: node_kind
// description: The node with this id and its labels (no row when no park, organisation, chain, segment or industry has the id).
// params: id:str
MATCH (n:Park {id: $id}) RETURN n.id AS id, labels(n) AS labels
UNION
MATCH (n:Organization {id: $id}) RETURN n.id AS id, labels(n) AS labels
UNION
MATCH (n:IndustryChain {id: $id}) RETURN n.id AS id, labels(n) AS labels
UNION
MATCH (n:ChainSegment {id: $id}) RETURN n.id AS id, labels(n) AS labels
UNION
MATCH (n:Industry {id: $id}) RETURN n.id AS id, labels(n) AS labels
