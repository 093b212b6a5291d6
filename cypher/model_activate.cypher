// :param version => 2
// The switch readers see: one write to the single (:Serving) node, in one transaction.
MATCH (m:Model {version: $version})
SET m.status = 'serving', m.activatedAt = datetime()
WITH m
OPTIONAL MATCH (old:Model) WHERE old.version <> m.version AND old.status = 'serving'
SET old.status = 'retired'
WITH DISTINCT m
MERGE (s:Serving {name: 'default'})
SET s.version = m.version
RETURN s.version AS version
