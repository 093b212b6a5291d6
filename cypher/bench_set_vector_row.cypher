// :param property => 'embedding_a'
// :param id => 1
// :param vector => [0.1, 0.2]
// The write-back benchmark's naive reference: one movie's vector per transaction.
MATCH (m:Movie {movieId: $id})
SET m[$property] = $vector
