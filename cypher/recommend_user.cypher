// :param userId => 1
// :param k => 10
// :param fetch => 40
// :param genre => null
// :param minYear => null
// :param maxYear => null
// Top-k movies for a user from the served model. The user's stored vector queries the served
// slot's vector index, which ranks movies by the model's dot product (see gnn/writeback.py).
// The index cannot pre-filter, so it is asked for (movies the user rated + $fetch) candidates and
// the filters run on those; while fewer than k survive and the index returned all it was asked
// for (fetched = requested), the caller asks again with a larger $fetch. (The rated movies are
// collected once: a list test per candidate is cheaper than a relationship check.)
// No row: no served model, no such user, or no vector for this user in the served slot.
MATCH (s:Serving)
MATCH (model:Model {version: s.version})
MATCH (u:User {userId: $userId})
WITH model, u, u[model.property] AS query
WHERE query IS NOT NULL
WITH model, u, query, COLLECT { MATCH (u)-[:RATED]->(x:Movie) RETURN x } AS rated
WITH model, u, query, rated, size(rated) + $fetch AS requested
CALL (model, u, query, rated, requested) {
  CALL db.index.vector.queryNodes(model.index, requested, query) YIELD node AS m, score
  WITH m, score,
       NOT m IN rated
       AND ($genre IS NULL OR EXISTS { (m)-[:IN_GENRE]->(:Genre {name: $genre}) })
       AND ($minYear IS NULL OR m.year >= $minYear)
       AND ($maxYear IS NULL OR m.year <= $maxYear) AS keep
  ORDER BY score DESC
  RETURN count(*) AS fetched, collect(CASE WHEN keep THEN m END)[0..$k] AS kept
}
CALL (model, query, kept) {
  UNWIND kept AS m
  WITH m, m[model.property] AS v
  RETURN collect({
    movieId: m.movieId, title: m.title, year: m.year,
    genres: COLLECT { MATCH (m)-[:IN_GENRE]->(g:Genre) RETURN g.name ORDER BY g.name },
    score: reduce(dot = 0.0, i IN range(0, model.dims - 2) | dot + query[i] * v[i])
  }) AS movies
}
RETURN model.version AS version, model.modelName AS modelName,
       coalesce(u.foldInVersion = model.version, false) AS foldedIn,
       $genre IS NULL OR EXISTS { (:Genre {name: $genre}) } AS genreKnown,
       requested, fetched, movies
