// :param userId => 1
// :param k => 10
// :param liked => 4.0
// :param genre => null
// :param minYear => null
// :param maxYear => null
// The classic pure-Cypher collaborative filter, no model: "users who liked what you liked also
// liked". A movie's score is the number of paths you -> a movie you liked <- a peer who liked it
// too -> the movie (each peer weighted by how many of your favourites they share). Kept as the
// reference the model path is measured against (bench/serve.py), not as the default.
MATCH (u:User {userId: $userId})-[a:RATED]->(:Movie)<-[b:RATED]-(peer:User)
WHERE a.rating >= $liked AND b.rating >= $liked AND peer <> u
WITH u, peer, count(*) AS shared
MATCH (peer)-[c:RATED]->(m:Movie)
WHERE c.rating >= $liked
  AND NOT EXISTS { (u)-[:RATED]->(m) }
  AND ($genre IS NULL OR EXISTS { (m)-[:IN_GENRE]->(:Genre {name: $genre}) })
  AND ($minYear IS NULL OR m.year >= $minYear)
  AND ($maxYear IS NULL OR m.year <= $maxYear)
WITH m, sum(shared) AS paths
ORDER BY paths DESC, m.movieId
LIMIT $k
RETURN collect({
  movieId: m.movieId, title: m.title, year: m.year,
  genres: COLLECT { MATCH (m)-[:IN_GENRE]->(g:Genre) RETURN g.name ORDER BY g.name },
  score: toFloat(paths)
}) AS movies
