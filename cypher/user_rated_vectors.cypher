// :param userId => 1
// :param version => 1
// Fold-in input: the user's ratings with the rated movies' raw vectors in model $version (the
// first dims - 1 entries of the MIPS-augmented stored vector). Movies the model has no vector for
// are skipped. One row of parallel lists (empty when the user rated nothing the model knows),
// with the dataset's rating scale (fold-in reads ratings relative to it).
MATCH (model:Model {version: $version})
OPTIONAL MATCH (d:Dataset)
WITH model, d ORDER BY d.name LIMIT 1
OPTIONAL MATCH (u:User {userId: $userId})-[r:RATED]->(m:Movie)
WITH model, d, r, m, m[model.property] AS stored
WHERE stored IS NOT NULL OR r IS NULL
RETURN model.dims - 1 AS dims, d.ratingMin AS ratingMin, d.ratingMax AS ratingMax,
       d.ratingStep AS ratingStep,
       collect(m.movieId) AS movieIds,
       collect(r.rating) AS ratings,
       collect(stored[0..model.dims - 1]) AS vectors
