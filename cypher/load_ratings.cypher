// :param dataset => 'ml-latest-small'
// :param start => 0
// :param end => 2
// :param userIds => [1, 1]
// :param movieIds => [1, 3]
// :param ratings => [4.0, 4.0]
// :param timestamps => [964982703, 964981247]
// One batch of ratings, as columns (cheaper to send than one map per row). The batch and the
// progress counter commit in one transaction, so a crash leaves either both or neither; the
// guard on `ratingsDone = $start` makes a batch whose commit was already applied a no-op, so a
// rerun never duplicates a RATED relationship even though it uses CREATE (fast) rather than MERGE.
MATCH (d:Dataset {name: $dataset})
SET d.ratingsLock = $start
WITH d WHERE d.ratingsDone = $start
UNWIND range(0, size($userIds) - 1) AS i
MATCH (u:User {userId: $userIds[i]})
MATCH (m:Movie {movieId: $movieIds[i]})
CREATE (u)-[:RATED {rating: $ratings[i], timestamp: $timestamps[i]}]->(m)
WITH d, count(*) AS created
SET d.ratingsDone = $end
RETURN created
