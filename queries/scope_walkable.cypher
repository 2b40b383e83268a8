// name: scope_walkable
// description: Of the given organisations, those with at least one relation the candidate distance walks (the others cannot be reached).
// params: ids:strs
UNWIND $ids AS id
MATCH (a:Organization {id: id})-[:SUPPLIES|COLLABORATES_WITH|INVESTS_IN|INCUBATED_IN|HOSTS|OPERATES|SPUN_OFF_FROM]-()
RETURN DISTINCT a.id AS id
