"""Learning half of the recommender: MovieLens frames -> PyG graph -> embeddings.

Kept free of imports so that `gnn.foldin` (numpy only) can be used by the API without pulling in
torch; import the submodules you need (`gnn.data`, `gnn.train`, ...).
"""
