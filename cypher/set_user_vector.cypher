// :param userId => 100001
// :param version => 1
// :param vector => [0.1, 0.2, 0.0]
// Stores a folded-in user vector [u, 0] in model $version's slot, so the next recommendation
// comes from the index directly; foldInVersion records that this vector came from fold-in,
// not from training (it stops matching when another model is served).
MATCH (model:Model {version: $version})
MATCH (u:User {userId: $userId})
CALL db.create.setNodeVectorProperty(u, model.property, $vector)
SET u.foldInVersion = model.version, u.foldedInAt = datetime()
RETURN u.userId AS userId
