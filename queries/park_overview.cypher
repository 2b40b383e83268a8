// name: park_overview
// description: A park with its sub-parks (一区多园): organisations located there, by kind, and key qualifications.
// params: park:str
MATCH (p:Park {id: $park})
OPTIONAL MATCH (s:Park)-[:SUB_PARK_OF*1..]->(p)
WITH p, collect(DISTINCT s) AS subs
UNWIND [p] + subs AS q
OPTIONAL MATCH (o:Organization)-[:LOCATED_IN]->(q)
WITH p, subs, collect(DISTINCT o) AS orgs
RETURN p.id AS park,
       p.name AS name,
       p.level AS level,
       size(subs) AS sub_parks,
       size(orgs) AS organizations,
       size([o IN orgs WHERE o:Enterprise]) AS enterprises,
       size([o IN orgs WHERE o:University OR o:ResearchInstitute OR o:NewRDInstitution]) AS research_orgs,
       size([o IN orgs WHERE o:InnovationPlatform]) AS platforms,
       size([o IN orgs WHERE o:IncubationCarrier]) AS incubation_carriers,
       size([o IN orgs WHERE o:Fund]) AS funds,
       size([o IN orgs WHERE 'HighTechEnterprise' IN o.qualifications]) AS high_tech_enterprises,
       size([o IN orgs WHERE 'SpecializedSME' IN o.qualifications OR 'LittleGiant' IN o.qualifications]) AS specialized_smes
