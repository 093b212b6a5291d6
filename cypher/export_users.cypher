// :param minRating => null
// :param before => null
// :param genres => null
// Users with at least one rating that passes the export filters, and how many: the exporter cuts
// its pages by rating count and draws its user sample from these ids.
MATCH (u:User)-[r:RATED]->(m:Movie)
WHERE ($minRating IS NULL OR r.rating >= $minRating)
  AND ($before IS NULL OR r.timestamp < $before)
  AND ($genres IS NULL OR EXISTS { (m)-[:IN_GENRE]->(g:Genre) WHERE g.name IN $genres })
WITH u.userId AS userId, count(r) AS ratings
ORDER BY userId
RETURN collect(userId) AS userIds, collect(ratings) AS ratings
