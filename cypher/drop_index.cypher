// :param name => 'movie_embedding_1'
DROP INDEX $name IF EXISTS
