// Removes the loaded dataset (and models trained on it) in batches; run it as an auto-commit
// query (Neo4j Browser: prefix with :auto).
MATCH (n)
WHERE n:User OR n:Movie OR n:Genre OR n:Dataset OR n:Model OR n:Serving
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
