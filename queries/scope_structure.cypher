// name: scope_structure
// description: Ids of the region's small structural nodes every park analysis may read (parks, chains, segments, industries, qualifications).
// params:
MATCH (n)
WHERE n:Park OR n:IndustryChain OR n:ChainSegment OR n:Industry OR n:Qualification
RETURN n.id AS id
