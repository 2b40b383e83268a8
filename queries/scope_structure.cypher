// name: scope_structure
// description: Ids of the region's small structural nodes every park analysis may read (parks, chains, segments, industries, qualifications).
// params:
MATCH (n:Park) RETURN n.id AS id
UNION MATCH (n:IndustryChain) RETURN n.id AS id
UNION MATCH (n:ChainSegment) RETURN n.id AS id
UNION MATCH (n:Industry) RETURN n.id AS id
UNION MATCH (n:Qualification) RETURN n.id AS id
