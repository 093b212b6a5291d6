// :param userId => 100001
// :param ratings => [{movieId: 1, rating: 4.5}, {movieId: 2, rating: 3.0}]
// :param timestamp => 1733342400
// Stores a user's ratings: the user is created if new, each RATED is created or (if it exists)
// updated in place, so replaying the same request changes nothing but the timestamp.
// $ratings holds one entry per movie, and every movie exists (checked by rating_context.cypher).
OPTIONAL MATCH (existing:User {userId: $userId})
WITH existing IS NULL AS newUser
MERGE (u:User {userId: $userId})
  ON CREATE SET u.createdAt = datetime()
WITH u, newUser
UNWIND $ratings AS row
MATCH (m:Movie {movieId: row.movieId})
OPTIONAL MATCH (u)-[old:RATED]->(m)
WITH u, newUser, row, m, old IS NOT NULL AS existed
MERGE (u)-[r:RATED]->(m)
SET r.rating = row.rating, r.timestamp = $timestamp
RETURN newUser, count(r) AS stored, sum(CASE WHEN existed THEN 1 ELSE 0 END) AS updated
