// name: scope_park_neighbours
// description: Ids of every node adjacent (either direction, any relation) to the given parks (operators, serving funds, indicator observations).
// params: ids:strs
UNWIND $ids AS id
MATCH (a:Park {id: id})--(b)
RETURN DISTINCT b.id AS id
