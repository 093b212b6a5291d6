// :param property => 'embedding_a'
// :param rows => [{id: 1, vector: [0.1, 0.2, 0.3]}]
UNWIND $rows AS row
MATCH (m:Movie {movieId: row.id})
CALL db.create.setNodeVectorProperty(m, $property, row.vector)
RETURN count(*) AS written
