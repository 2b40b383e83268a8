// name: orgs_in_segment
// description: Organisations in a chain segment, optionally only those located in a park or its sub-parks.
// params: segment:str park:str?
MATCH (o:Organization)-[r:IN_SEGMENT]->(s:ChainSegment {id: $segment})
OPTIONAL MATCH (o)-[:LOCATED_IN]->(:Park)-[:SUB_PARK_OF*0..]->(p:Park)
WITH o, r, collect(DISTINCT p.id) AS parks
WHERE $park IS NULL OR $park IN parks
RETURN o.id AS id, o.name AS name, r.primary AS primary, parks
ORDER BY id
