// Which dataset the database holds (Community Edition has one user database: one dataset at a time).
MATCH (d:Dataset)
RETURN d.name AS name, d.fingerprint AS fingerprint, d.complete AS complete,
       d.ratingsDone AS ratingsDone, d.tagsDone AS tagsDone
