// :param {property: 'embedding_a', id: 1, vector: [0.1, 0.2]}
// The write-back benchmark's naive reference: one movie's vector per transaction.
MATCH (m:Movie {movieId: $id})
SET m[$property] = $vector
