// name: scope_investors
// description: The investors in the given organisations (a graduate's financing counts towards graduation).
// params: ids:strs
UNWIND $ids AS id
MATCH (f)-[:INVESTS_IN]->(a:Organization {id: id})
RETURN DISTINCT f.id AS id
