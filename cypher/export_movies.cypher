// :param genres => null
// Every movie (rated or not) with its genres; with $genres, only movies in at least one of them.
MATCH (m:Movie)
WHERE $genres IS NULL OR EXISTS { (m)-[:IN_GENRE]->(g:Genre) WHERE g.name IN $genres }
CALL (m) {
  OPTIONAL MATCH (m)-[:IN_GENRE]->(g:Genre)
  RETURN collect(g.name) AS genres
}
RETURN collect(m.movieId) AS movieIds, collect(genres) AS genres
