// :param name => 'movie_embedding_a'
SHOW VECTOR INDEXES YIELD name, state, options
WHERE name = $name
RETURN name, state, options.indexConfig.`vector.dimensions` AS dims
