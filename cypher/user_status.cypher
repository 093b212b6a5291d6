// :param userId => 1
// :param genre => null
// Why a user has no model recommendation (recommend_user.cypher returned no row): unknown user,
// no ratings (cold start), no stored vector (new since training: fold-in), or no model at all.
OPTIONAL MATCH (u:User {userId: $userId})
OPTIONAL MATCH (s:Serving)
OPTIONAL MATCH (model:Model {version: s.version})
RETURN u IS NOT NULL AS exists,
       COUNT { (u)-[:RATED]->() } AS ratings,
       u[model.property] IS NOT NULL AS hasVector,
       model.version AS version, model.modelName AS modelName,
       $genre IS NULL OR EXISTS { (:Genre {name: $genre}) } AS genreKnown
