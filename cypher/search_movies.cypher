// :param query => 'toy* AND story*'
// :param limit => 10
// Title search through the fulltext index `movie_title` (Lucene syntax in $query; the API builds
// it from the user's words, escaped).
CALL db.index.fulltext.queryNodes('movie_title', $query, {limit: $limit}) YIELD node AS m, score
RETURN m.movieId AS movieId, m.title AS title, m.year AS year,
       COLLECT { MATCH (m)-[:IN_GENRE]->(g:Genre) RETURN g.name ORDER BY g.name } AS genres,
       score
ORDER BY score DESC, m.movieId
