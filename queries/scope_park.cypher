// name: scope_park
// description: A park's closure (itself and its sub-parks) and every organisation ever located there, with the dates of its LOCATED_IN edges (the core of a park-scoped projection).
// params: park:str
MATCH (p:Park {id: $park})
OPTIONAL MATCH (s:Park)-[:SUB_PARK_OF*0..]->(p)
WITH p, collect(DISTINCT s.id) AS parks
OPTIONAL MATCH (o:Organization)-[r:LOCATED_IN]->(q:Park)
WHERE q.id IN parks
RETURN p.id AS park, parks, collect([o.id, r.since, r.until]) AS located
