// name: shortest_connection
// description: Shortest chain of relations (followed in their direction, either way round, up to 6 hops) linking two organisations.
// params: source:str target:str
MATCH (a:Organization {id: $source}), (b:Organization {id: $target})
WITH a, b, shortestPath((a)-[*..6]->(b)) AS forward, shortestPath((b)-[*..6]->(a)) AS backward
WITH CASE
       WHEN forward IS NULL THEN backward
       WHEN backward IS NULL THEN forward
       WHEN length(backward) < length(forward) THEN backward
       ELSE forward
     END AS p
WHERE p IS NOT NULL
RETURN [n IN nodes(p) | n.id] AS nodes, [r IN relationships(p) | type(r)] AS types, length(p) AS hops
