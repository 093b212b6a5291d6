// :param userId => 1
// :param k => 10
// :param by => 'ratings'
// :param pool => 200
// :param minRatings => 1
// :param genre => null
// :param minYear => null
// :param maxYear => null
// Cold start without a model or without ratings. $by = 'ratings': the most-rated movies;
// $by = 'mean': the best mean rating among the $pool most-rated ones (so one 5-star rating does
// not win). Movies $userId already rated are left out (an unknown $userId leaves nothing out).
// The rating count comes from the degree store, so only the pool's ratings are read; with a
// $genre the scan starts at the genre's movies.
OPTIONAL MATCH (u:User {userId: $userId})
CALL (u) {
  CALL () {
    MATCH (m:Movie) WHERE $genre IS NULL RETURN m
    UNION
    MATCH (:Genre {name: $genre})<-[:IN_GENRE]-(m:Movie) RETURN m
  }
  WITH m
  WHERE ($minYear IS NULL OR m.year >= $minYear)
    AND ($maxYear IS NULL OR m.year <= $maxYear)
  WITH m, COUNT { (m)<-[:RATED]-() } AS ratings
  WHERE ratings >= $minRatings AND NOT EXISTS { (u)-[:RATED]->(m) }
  WITH m, ratings
  ORDER BY ratings DESC, m.movieId
  LIMIT CASE $by WHEN 'mean' THEN $pool ELSE $k END
  CALL (m) {
    MATCH (m)<-[r:RATED]-()
    RETURN avg(r.rating) AS mean
  }
  WITH m, ratings, mean
  ORDER BY CASE $by WHEN 'mean' THEN mean ELSE ratings END DESC, m.movieId
  LIMIT $k
  RETURN collect({
    movieId: m.movieId, title: m.title, year: m.year,
    genres: COLLECT { MATCH (m)-[:IN_GENRE]->(g:Genre) RETURN g.name ORDER BY g.name },
    score: toFloat(CASE $by WHEN 'mean' THEN mean ELSE ratings END),
    ratings: ratings, mean: mean
  }) AS movies
}
RETURN $genre IS NULL OR EXISTS { (:Genre {name: $genre}) } AS genreKnown, movies
