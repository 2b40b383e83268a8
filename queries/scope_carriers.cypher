// name: scope_carriers
// description: The carriers the given organisations were ever incubated in (a graduate's later carrier outside the park).
// params: ids:strs
UNWIND $ids AS id
MATCH (a:Organization {id: id})-[:INCUBATED_IN]->(c)
RETURN DISTINCT c.id AS id
