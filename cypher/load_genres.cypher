// :param names => ['Action', 'Comedy']
UNWIND $names AS name
MERGE (:Genre {name: name})
