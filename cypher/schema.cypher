// The graph model's constraints and indexes. Idempotent: every statement is IF NOT EXISTS.
// (:User {userId})-[:RATED {rating, timestamp}]->(:Movie {movieId, title, year})-[:IN_GENRE]->(:Genre {name})
// (:User)-[:TAGGED {tag, timestamp}]->(:Movie); (:Dataset {name, ...}) records what is loaded;
// (:Model {version, ...}) records which model wrote the embeddings.
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (u:User) REQUIRE u.userId IS UNIQUE;
CREATE CONSTRAINT movie_id IF NOT EXISTS FOR (m:Movie) REQUIRE m.movieId IS UNIQUE;
CREATE CONSTRAINT genre_name IF NOT EXISTS FOR (g:Genre) REQUIRE g.name IS UNIQUE;
CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (d:Dataset) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT model_version IF NOT EXISTS FOR (m:Model) REQUIRE m.version IS UNIQUE;
CREATE INDEX movie_year IF NOT EXISTS FOR (m:Movie) ON (m.year);
CREATE FULLTEXT INDEX movie_title IF NOT EXISTS FOR (m:Movie) ON EACH [m.title];
