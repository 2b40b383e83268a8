// name: scope_incubatees
// description: The organisations ever incubated in the given carriers (a park carrier's graduates, wherever they are now).
// params: ids:strs
UNWIND $ids AS id
MATCH (o:Organization)-[:INCUBATED_IN]->(c:Organization {id: id})
RETURN DISTINCT o.id AS id
