"""Serving half of the recommender: FastAPI over the graph, the vector index and fold-in."""
