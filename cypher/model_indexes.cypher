// The vector indexes that trained models created (one per model version).
SHOW VECTOR INDEXES YIELD name, state, labelsOrTypes, properties
WHERE name STARTS WITH 'movie_embedding_'
RETURN name, state, labelsOrTypes, properties
