// :param {dims: 65}
// Movie vectors of embedding slot 'a' (see gnn/writeback.py). Cosine on MIPS-augmented vectors ranks
// exactly by the model's dot product (every stored movie vector has the same norm); quantization is
// off so the index's top-k matches the model's.
CREATE VECTOR INDEX movie_embedding_a IF NOT EXISTS
FOR (m:Movie) ON (m.embedding_a)
OPTIONS {indexConfig: {
  `vector.dimensions`: $dims,
  `vector.similarity_function`: 'cosine',
  `vector.quantization.enabled`: false
}}
