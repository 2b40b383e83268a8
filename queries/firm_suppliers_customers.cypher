// name: firm_suppliers_customers
// description: A firm's suppliers (SUPPLIES into it) and customers (SUPPLIES out of it), with edge attributes.
// params: org:str
MATCH (s:Organization)-[r:SUPPLIES]->(f:Organization {id: $org})
RETURN 'supplier' AS role, s.id AS id, s.name AS name,
       r.since AS since, r.until AS until, r.weight AS weight, r.amount AS amount
UNION ALL
MATCH (f:Organization {id: $org})-[r:SUPPLIES]->(c:Organization)
RETURN 'customer' AS role, c.id AS id, c.name AS name,
       r.since AS since, r.until AS until, r.weight AS weight, r.amount AS amount
