// What /health reports besides reachability: the loaded dataset and the served model (if any).
OPTIONAL MATCH (d:Dataset)
WITH d ORDER BY d.name LIMIT 1
OPTIONAL MATCH (s:Serving)
OPTIONAL MATCH (model:Model {version: s.version})
RETURN d.name AS dataset, d.complete AS datasetComplete,
       model.version AS version, model.modelName AS modelName, model.index AS index,
       model.dims AS dims, toString(model.trainedAt) AS trainedAt
