// :param movieIds => [1, 2, 999999999]
// What a rating request is checked against: the loaded dataset's rating scale and which of the
// movies do not exist.
OPTIONAL MATCH (d:Dataset)
WITH d ORDER BY d.name LIMIT 1
RETURN d.ratingMin AS ratingMin, d.ratingMax AS ratingMax, d.ratingStep AS ratingStep,
       [id IN $movieIds WHERE NOT EXISTS { (:Movie {movieId: id}) }] AS missing
