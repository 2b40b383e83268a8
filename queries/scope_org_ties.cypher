// name: scope_org_ties
// description: Relations between organisations of the given ones (the organisation graph the candidate distance walks), with their dates.
// params: ids:strs
UNWIND $ids AS id
MATCH (a:Organization {id: id})-[r:SUPPLIES|COLLABORATES_WITH|INVESTS_IN|INCUBATED_IN|HOSTS|OPERATES|SPUN_OFF_FROM]-(b)
RETURN a.id AS source, b.id AS target, type(r) AS type, b:Organization AS org, r.since AS since, r.until AS until, r.date AS date
