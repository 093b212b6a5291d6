// :param userId => 1
// :param movieIds => [858, 589]
// :param version => 1
// :param liked => 4.0
// Why each recommended movie, from the graph: up to three paths per movie.
//   similar: (you)-[:RATED >= $liked]->(favourite) whose vector in model $version is the closest
//            (cosine) to the movie's: the model's own reason, told through a movie you know;
//   genre:   (you)-[:RATED >= $liked]->()-[:IN_GENRE]->(genre)<-[:IN_GENRE]-(movie), the movie's
//            genre you liked most often;
//   peer:    (you)-[:RATED >= $liked]->()<-[:RATED >= $liked]-(peer)-[:RATED >= $liked]->(movie),
//            the peer sharing most of your favourites who also liked the movie.
// $version null (popularity fallback): no similar path.
MATCH (u:User {userId: $userId})
OPTIONAL MATCH (model:Model {version: $version})
WITH u, model,
     COLLECT { MATCH (u)-[r:RATED]->(x:Movie) WHERE r.rating >= $liked RETURN [x, r.rating] }
     AS favourites
CALL (u, favourites) {
  UNWIND favourites AS favourite
  WITH u, favourite[0] AS x
  MATCH (x)<-[b:RATED]-(peer:User)
  WHERE b.rating >= $liked AND peer <> u
  WITH peer, count(*) AS shared
  ORDER BY shared DESC, peer.userId
  LIMIT 200
  RETURN collect([peer, shared]) AS peers
}
UNWIND $movieIds AS movieId
MATCH (m:Movie {movieId: movieId})
CALL (model, m, favourites) {
  WITH model, m, favourites, m[model.property][0..model.dims - 1] AS v
  WHERE v IS NOT NULL
  UNWIND favourites AS favourite
  WITH model, m, v, favourite[0] AS x, favourite[1] AS rating
  WHERE x <> m
  WITH x, rating,
       2 * vector.similarity.cosine(v, x[model.property][0..model.dims - 1]) - 1 AS similarity
  WHERE similarity IS NOT NULL
  ORDER BY similarity DESC
  LIMIT 1
  RETURN collect({kind: 'similar', movieId: x.movieId, title: x.title,
                  rating: rating, similarity: similarity}) AS similar
}
CALL (u, m) {
  MATCH (m)-[:IN_GENRE]->(g:Genre)
  WITH g, COUNT { (u)-[r:RATED]->(:Movie)-[:IN_GENRE]->(g) WHERE r.rating >= $liked } AS count
  WHERE count > 0
  ORDER BY count DESC, g.name
  LIMIT 1
  RETURN collect({kind: 'genre', genre: g.name, count: count}) AS genre
}
CALL (m, peers) {
  UNWIND peers AS pair
  WITH pair[0] AS peer, pair[1] AS shared
  MATCH (peer)-[r:RATED]->(m)
  WHERE r.rating >= $liked
  WITH peer, shared, r
  LIMIT 1
  RETURN collect({kind: 'peer', userId: peer.userId, rating: r.rating, count: shared}) AS peer
}
RETURN movieId, similar + genre + peer AS paths
