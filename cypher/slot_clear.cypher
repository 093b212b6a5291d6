// :param property => 'embedding_b'
// Removes a stale slot's vectors (auto-commit; in Neo4j Browser prefix with :auto), so nodes the new
// model does not cover are not left with an old model's vector.
MATCH (n) WHERE (n:User OR n:Movie) AND n[$property] IS NOT NULL
CALL (n) {
  REMOVE n[$property]
} IN TRANSACTIONS OF 10000 ROWS
