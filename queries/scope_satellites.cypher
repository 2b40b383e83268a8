// name: scope_satellites
// description: Year statistics and collaboration events of the given organisations, and the other participants of those events.
// params: ids:strs
UNWIND $ids AS id
MATCH (a:Organization {id: id})--(b)
WHERE b:OrgYearStats OR b:CollaborationEvent
OPTIONAL MATCH (o:Organization)-[:PARTICIPATES_IN]->(b)
RETURN DISTINCT b.id AS id, collect(DISTINCT o.id) AS participants
