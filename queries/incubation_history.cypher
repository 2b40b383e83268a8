// name: incubation_history
// description: Incubation history of a firm: carriers it was INCUBATED_IN, in date order, with outcome.
// params: org:str
MATCH (f:Organization {id: $org})-[r:INCUBATED_IN]->(c:IncubationCarrier)
RETURN c.id AS carrier, c.name AS name,
       [x IN labels(c) WHERE x IN ['Makerspace', 'Incubator', 'Accelerator']] AS carrier_kind,
       r.since AS since, r.until AS until, r.outcome AS outcome
ORDER BY since, carrier
