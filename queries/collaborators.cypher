// name: collaborators
// description: Collaborators of an organisation (COLLABORATES_WITH, either direction), with kind and period.
// params: org:str
MATCH (o:Organization {id: $org})-[r:COLLABORATES_WITH]-(c:Organization)
RETURN c.id AS id, c.name AS name, r.kind AS kind,
       r.since AS since, r.until AS until, r.weight AS weight
ORDER BY id, since
