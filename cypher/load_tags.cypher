// :param dataset => 'ml-latest-small'
// :param start => 0
// :param end => 1
// :param userIds => [2]
// :param movieIds => [60756]
// :param tags => ['funny']
// :param timestamps => [1445714994]
// Same batch-and-progress pattern as load_ratings.cypher.
MATCH (d:Dataset {name: $dataset})
SET d.tagsLock = $start
WITH d WHERE d.tagsDone = $start
UNWIND range(0, size($userIds) - 1) AS i
MATCH (u:User {userId: $userIds[i]})
MATCH (m:Movie {movieId: $movieIds[i]})
CREATE (u)-[:TAGGED {tag: $tags[i], timestamp: $timestamps[i]}]->(m)
WITH d, count(*) AS created
SET d.tagsDone = $end
RETURN created
