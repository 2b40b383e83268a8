// name: scope_leading_chains
// description: The chains a park declares leading, and every chain when it declares none.
// params: park:str
MATCH (c:IndustryChain)
OPTIONAL MATCH (p:Park {id: $park})-[:HAS_LEADING_CHAIN]->(c)
RETURN c.id AS chain, p IS NOT NULL AS leading
