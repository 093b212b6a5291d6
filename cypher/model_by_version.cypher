// :param version => 1
MATCH (m:Model {version: $version})
RETURN m.version AS version, m.modelName AS modelName, m.dataset AS dataset, m.dims AS dims,
       m.fingerprint AS fingerprint, toString(m.trainedAt) AS trainedAt, m.checkpoint AS checkpoint,
       m.status AS status,
       m.metrics AS metrics
