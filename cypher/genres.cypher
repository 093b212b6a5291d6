// Every genre with its number of movies.
MATCH (g:Genre)
RETURN g.name AS name, COUNT { (g)<-[:IN_GENRE]-() } AS movies
ORDER BY name
