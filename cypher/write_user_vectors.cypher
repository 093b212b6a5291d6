// :param property => 'embedding_a'
// :param rows => [{id: 1, vector: [0.1, 0.2, 0.0]}]
// User vectors carry a trailing 0 so they can be passed straight to the movie index as the query.
UNWIND $rows AS row
MATCH (u:User {userId: row.id})
CALL db.create.setNodeVectorProperty(u, $property, row.vector)
RETURN count(*) AS written
