// name: scope_neighbours
// description: Ids of every node adjacent (either direction, any relation) to the given organisations.
// params: ids:strs
UNWIND $ids AS id
MATCH (a:Organization {id: id})--(b)
RETURN DISTINCT b.id AS id
