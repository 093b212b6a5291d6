// :param movieId => 1
// :param k => 10
// :param fetch => 50
// Item-to-item from the served model. The movie's stored (MIPS-augmented) vector queries the
// vector index for $k + $fetch neighbours; those are re-ranked by the cosine of the model's own
// movie vectors (the first dims - 1 entries), which is the score returned, in [-1, 1].
// (Querying with [v, 0] instead would rank by dot product, which favours the most popular movies.)
// No row: no served model or no such movie; empty list: the movie has no vector in this model.
MATCH (s:Serving)
MATCH (model:Model {version: s.version})
MATCH (m:Movie {movieId: $movieId})
CALL (model, m) {
  WITH model, m, m[model.property] AS query
  WHERE query IS NOT NULL
  WITH model, m, query, query[0..model.dims - 1] AS v
  CALL db.index.vector.queryNodes(model.index, $k + $fetch, query) YIELD node AS other
  WHERE other <> m
  WITH other, 2 * vector.similarity.cosine(v, other[model.property][0..model.dims - 1]) - 1 AS cosine
  ORDER BY cosine DESC
  LIMIT $k
  RETURN collect({
    movieId: other.movieId, title: other.title, year: other.year,
    genres: COLLECT { MATCH (other)-[:IN_GENRE]->(g:Genre) RETURN g.name ORDER BY g.name },
    score: cosine
  }) AS movies
}
RETURN model.version AS version, model.modelName AS modelName, movies
