// The model that readers use now: one (:Serving) node points at it, so a switch is one write.
MATCH (s:Serving)
MATCH (m:Model {version: s.version})
RETURN m.version AS version, m.slot AS slot, m.property AS property, m.index AS index,
       m.dims AS dims, m.modelName AS modelName, m.dataset AS dataset, m.norm AS norm,
       toString(m.trainedAt) AS trainedAt, m.metrics AS metrics
