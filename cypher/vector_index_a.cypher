// :param dims => 65
// Movie vectors of embedding slot 'a' (see gnn/writeback.py). Cosine on MIPS-augmented vectors ranks
// exactly by the model's dot product (every stored movie vector has the same norm); quantization is
// off and the HNSW graph denser than the default (m 16, ef_construction 100), and readers over-fetch
// candidates, so the index's top-k matches the model's (HNSW recall is low on skewed MIPS vectors).
CREATE VECTOR INDEX movie_embedding_a IF NOT EXISTS
FOR (m:Movie) ON (m.embedding_a)
OPTIONS {indexConfig: {
  `vector.dimensions`: $dims,
  `vector.similarity_function`: 'cosine',
  `vector.quantization.enabled`: false,
  `vector.hnsw.m`: 32,
  `vector.hnsw.ef_construction`: 400
}}
