// :param userId => 1
// :param k => 10
// :param candidates => 200
// The served vector index's top-k for a user (no filtering): what index fidelity is measured on.
// The index is approximate (HNSW): asking it for more candidates than k and keeping the best k
// raises recall; `candidates` trades latency for fidelity.
MATCH (s:Serving)
MATCH (model:Model {version: s.version})
MATCH (u:User {userId: $userId})
CALL db.index.vector.queryNodes(model.index, $candidates, u[model.property]) YIELD node, score
RETURN node.movieId AS movieId, score
ORDER BY score DESC
LIMIT $k
