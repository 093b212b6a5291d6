// The naive export the benchmark compares against: one record per rating.
MATCH (u:User)-[r:RATED]->(m:Movie)
RETURN u.userId AS userId, m.movieId AS movieId, r.rating AS rating, r.timestamp AS timestamp
