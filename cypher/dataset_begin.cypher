// :param name => 'ml-latest-small'
// :param source => '/data/ml-latest-small'
// :param fingerprint => 'abc'
// :param ratings => 100836
// :param tags => 3683
// :param scale => [0.5, 5.0, 0.5]
// Creates the Dataset marker on the first run; a rerun (after a crash) keeps its progress counters.
MERGE (d:Dataset {name: $name})
  ON CREATE SET d.startedAt = datetime(), d.complete = false, d.ratingsDone = 0, d.tagsDone = 0,
                d.fingerprint = $fingerprint
SET d.source = $source, d.ratings = $ratings, d.tags = $tags,
    d.ratingMin = $scale[0], d.ratingMax = $scale[1], d.ratingStep = $scale[2]
RETURN d.ratingsDone AS ratingsDone, d.tagsDone AS tagsDone, d.fingerprint AS fingerprint
