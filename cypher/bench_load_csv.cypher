// :param movies => 'file:///movies.csv'
// :param ratings => 'file:///ratings.csv'
// The benchmark's reference: Neo4j's own LOAD CSV building the same graph model from the same
// files (ml-latest-small format) in the server's import folder. Three auto-commit statements (in
// Neo4j Browser prefix each with :auto), run after cypher/schema.cypher.
LOAD CSV WITH HEADERS FROM $movies AS row
CALL (row) {
  MERGE (m:Movie {movieId: toInteger(row.movieId)})
  SET m.title = row.title,
      m.year = toInteger(substring(trim(row.title), size(trim(row.title)) - 5, 4))
  WITH m, row
  UNWIND [g IN split(row.genres, '|') WHERE g <> '(no genres listed)'] AS genreName
  MERGE (g:Genre {name: genreName})
  MERGE (m)-[:IN_GENRE]->(g)
} IN TRANSACTIONS OF 5000 ROWS;

LOAD CSV WITH HEADERS FROM $ratings AS row
CALL (row) {
  MERGE (:User {userId: toInteger(row.userId)})
} IN TRANSACTIONS OF 20000 ROWS;

LOAD CSV WITH HEADERS FROM $ratings AS row
CALL (row) {
  MATCH (u:User {userId: toInteger(row.userId)})
  MATCH (m:Movie {movieId: toInteger(row.movieId)})
  CREATE (u)-[:RATED {rating: toFloat(row.rating), timestamp: toInteger(row.timestamp)}]->(m)
} IN TRANSACTIONS OF 20000 ROWS;
