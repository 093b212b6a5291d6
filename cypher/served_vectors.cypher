// The served model's raw vectors (the first dims - 1 entries of each slot vector), for exact
// in-memory scoring: the index-fidelity check and the serving benchmark's floor. One row.
MATCH (s:Serving)
MATCH (model:Model {version: s.version})
CALL (model) {
  MATCH (u:User) WHERE u[model.property] IS NOT NULL
  RETURN collect(u.userId) AS userIds, collect(u[model.property][0..model.dims - 1]) AS users
}
CALL (model) {
  MATCH (m:Movie) WHERE m[model.property] IS NOT NULL
  RETURN collect(m.movieId) AS movieIds, collect(m[model.property][0..model.dims - 1]) AS movies
}
RETURN model.version AS version, model.modelName AS modelName, userIds, users, movieIds, movies
