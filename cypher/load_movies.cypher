// :param rows => [{movieId: 1, title: 'Toy Story (1995)', year: 1995, imdbId: '0114709', tmdbId: 862, genres: ['Animation', 'Comedy']}]
// MERGE on the key: rerunning a batch changes nothing.
UNWIND $rows AS row
MERGE (m:Movie {movieId: row.movieId})
SET m.title = row.title, m.year = row.year, m.imdbId = row.imdbId, m.tmdbId = row.tmdbId
WITH m, row
UNWIND row.genres AS genreName
MATCH (g:Genre {name: genreName})
MERGE (m)-[:IN_GENRE]->(g)
