// :param movieId => 1
// One movie with its genres and rating count; no row when the movie does not exist.
MATCH (m:Movie {movieId: $movieId})
RETURN m.movieId AS movieId, m.title AS title, m.year AS year,
       COLLECT { MATCH (m)-[:IN_GENRE]->(g:Genre) RETURN g.name ORDER BY g.name } AS genres,
       COUNT { (m)<-[:RATED]-() } AS ratings
