// Node and relationship counts of the graph model (what the loader's summary and tests check).
CALL () { MATCH (u:User) RETURN count(u) AS users }
CALL () { MATCH (m:Movie) RETURN count(m) AS movies }
CALL () { MATCH (g:Genre) RETURN count(g) AS genres }
CALL () { MATCH ()-[r:RATED]->() RETURN count(r) AS ratings }
CALL () { MATCH ()-[r:IN_GENRE]->() RETURN count(r) AS inGenre }
CALL () { MATCH ()-[t:TAGGED]->() RETURN count(t) AS tags }
RETURN users, movies, genres, ratings, inGenre, tags
