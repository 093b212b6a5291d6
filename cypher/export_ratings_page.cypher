// :param userIds => [1, 2, 3]
// :param minRating => null
// :param before => null
// :param genres => null
// One page of the export: a few large lists instead of one record per rating.
UNWIND $userIds AS id
MATCH (u:User {userId: id})-[r:RATED]->(m:Movie)
WHERE ($minRating IS NULL OR r.rating >= $minRating)
  AND ($before IS NULL OR r.timestamp < $before)
  AND ($genres IS NULL OR EXISTS { (m)-[:IN_GENRE]->(g:Genre) WHERE g.name IN $genres })
RETURN collect(u.userId) AS userIds, collect(m.movieId) AS movieIds,
       collect(r.rating) AS ratings, collect(r.timestamp) AS timestamps
