// :param slot => 'a'
// :param dims => 65
// :param dataset => 'ml-latest-small'
// :param modelName => 'LightGCN'
// :param metrics => '{"ndcg@20": 0.3}'
// :param trainedAt => '2026-12-04T20:00:00Z'
// :param fingerprint => 'abc'
// :param norm => 1.7
// Records a model about to be written into embedding slot $slot (the slot NOT being served).
// Version numbers increase; the (:Serving) pointer still names the previous model meanwhile.
OPTIONAL MATCH (old:Model)
WITH coalesce(max(old.version), 0) + 1 AS version
CREATE (m:Model {version: version, slot: $slot, property: 'embedding_' + $slot,
                 index: 'movie_embedding_' + $slot, dims: $dims, dataset: $dataset,
                 modelName: $modelName, metrics: $metrics, trainedAt: datetime($trainedAt),
                 checkpoint: $trainedAt, fingerprint: $fingerprint, norm: $norm,
                 status: 'writing'})
RETURN m.version AS version
