// :param version => 1
// :param vector => [0.1, 0.2, 0.0]
// :param userId => 1
// :param k => 10
// :param fetch => 40
// :param genre => null
// :param minYear => null
// :param maxYear => null
// Top-k movies for a query vector computed outside the graph (fold-in for a user who has no
// stored vector yet): the same ranking, filters and over-fetch as recommend_user.cypher. $vector
// is the user's vector [u, 0] in model $version's space; movies $userId rated are left out
// (an unknown $userId leaves nothing out).
MATCH (model:Model {version: $version})
OPTIONAL MATCH (u:User {userId: $userId})
WITH model, u, COLLECT { MATCH (u)-[:RATED]->(x:Movie) RETURN x } AS rated
WITH model, u, rated, size(rated) + $fetch AS requested
CALL (model, u, rated, requested) {
  CALL db.index.vector.queryNodes(model.index, requested, $vector) YIELD node AS m, score
  WITH m, score,
       NOT m IN rated
       AND ($genre IS NULL OR EXISTS { (m)-[:IN_GENRE]->(:Genre {name: $genre}) })
       AND ($minYear IS NULL OR m.year >= $minYear)
       AND ($maxYear IS NULL OR m.year <= $maxYear) AS keep
  ORDER BY score DESC
  RETURN count(*) AS fetched, collect(CASE WHEN keep THEN m END)[0..$k] AS kept
}
CALL (model, kept) {
  UNWIND kept AS m
  WITH m, m[model.property] AS v
  RETURN collect({
    movieId: m.movieId, title: m.title, year: m.year,
    genres: COLLECT { MATCH (m)-[:IN_GENRE]->(g:Genre) RETURN g.name ORDER BY g.name },
    score: reduce(dot = 0.0, i IN range(0, model.dims - 2) | dot + $vector[i] * v[i])
  }) AS movies
}
RETURN model.version AS version, model.modelName AS modelName,
       $genre IS NULL OR EXISTS { (:Genre {name: $genre}) } AS genreKnown,
       requested, fetched, movies
