// :param name => 'ml-latest-small'
// :param rejected => 0
MATCH (d:Dataset {name: $name})
SET d.complete = true, d.loadedAt = datetime(), d.rejected = $rejected
RETURN d.name AS name
