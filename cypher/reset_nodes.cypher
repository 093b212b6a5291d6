// Removes the loaded dataset (and models trained on it) in batches: relationships first, so no
// transaction has to delete a user together with thousands of ratings. Auto-commit statements
// (in Neo4j Browser prefix each with :auto).
MATCH ()-[r:RATED|TAGGED|IN_GENRE]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 50000 ROWS;

MATCH (n)
WHERE n:User OR n:Movie OR n:Genre OR n:Dataset OR n:Model OR n:Serving
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS;
