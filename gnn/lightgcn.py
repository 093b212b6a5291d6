"""LightGCN on the user-movie graph, built for fast CPU training.

PyG's stock `LightGCN` takes `edge_index` on every call, so each mini-batch recomputes the
symmetric normalisation and propagates by gather/scatter. Here the normalised adjacency is built
once, as a CSR matrix, and each layer is one sparse matmul whose backward reuses the same matrix
(it is symmetric), which is where the speed-up over the stock loop comes from.
"""

from __future__ import annotations

import warnings

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def normalized_adjacency(edge_index: Tensor, num_users: int, num_movies: int) -> Tensor:
    """D^-1/2 A D^-1/2 of the bipartite graph (users first, then movies) as a CSR matrix."""
    users, movies = edge_index[0], edge_index[1] + num_users
    num_nodes = num_users + num_movies
    rows, cols = torch.cat([users, movies]), torch.cat([movies, users])
    degree = torch.bincount(rows, minlength=num_nodes).float()
    inv_sqrt = degree.pow(-0.5).masked_fill(degree == 0, 0.0)
    values = inv_sqrt[rows] * inv_sqrt[cols]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "sparse CSR support is in beta"
        coo = torch.sparse_coo_tensor(torch.stack([rows, cols]), values, (num_nodes, num_nodes))
        return coo.coalesce().to_sparse_csr()


class SymmetricPropagate(torch.autograd.Function):
    """y = A x for a symmetric sparse A; the gradient A^T g is then simply A g."""

    @staticmethod
    def forward(ctx, adj: Tensor, x: Tensor) -> Tensor:
        ctx.adj = adj
        return adj @ x

    @staticmethod
    def backward(ctx, grad: Tensor) -> tuple[None, Tensor]:
        return None, ctx.adj @ grad


def bpr_loss(pos: Tensor, neg: Tensor) -> Tensor:
    """Bayesian Personalised Ranking: -log sigmoid(score(u, i) - score(u, j)), averaged."""
    return -F.logsigmoid(pos - neg).mean()


class LightGCN(nn.Module):
    r"""LightGCN (He et al., "LightGCN: Simplifying and Powering Graph Convolution Network for
    Recommendation", SIGIR 2020, https://arxiv.org/abs/2002.02126), trained with BPR.

    .. math::
        \mathbf{E}^{(l+1)} = \mathbf{D}^{-1/2}\mathbf{A}\mathbf{D}^{-1/2}\mathbf{E}^{(l)},\qquad
        \mathbf{E} = \frac{1}{L+1}\sum_{l=0}^{L}\mathbf{E}^{(l)},\qquad
        \hat y_{ui} = \mathbf{e}_u^\top \mathbf{e}_i

    with :math:`\mathbf{A}` the user-movie bipartite adjacency of the *training* ratings and the
    BPR loss over (user, rated movie i, sampled movie j) triples

    .. math::
        -\ln\sigma(\hat y_{ui}-\hat y_{uj}) + \lambda\,\lVert\mathbf{E}^{(0)}_{u,i,j}\rVert^2.

    Like PyG's `Node2Vec`, the graph is a constructor argument: the normalised adjacency is then
    computed once. Scores are plain dot products, which a vector index can serve.

    Args:
        edge_index: [2, E] (user index, movie index) training edges.
        num_users, num_movies: node counts (movies without ratings still get a vector).
        embedding_dim, num_layers: size of the vectors and number of propagation steps.
        reg_weight: L2 weight on the layer-0 embeddings of the batch.
    """

    def __init__(
        self,
        edge_index: Tensor,
        num_users: int,
        num_movies: int,
        embedding_dim: int = 64,
        num_layers: int = 3,
        reg_weight: float = 1e-4,
    ) -> None:
        super().__init__()
        self.num_users, self.num_movies = num_users, num_movies
        self.embedding_dim, self.num_layers, self.reg_weight = embedding_dim, num_layers, reg_weight
        self.embedding = nn.Embedding(num_users + num_movies, embedding_dim)
        self.adj = normalized_adjacency(edge_index, num_users, num_movies)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        nn.init.normal_(self.embedding.weight, std=0.1)

    def propagate(self, x: Tensor) -> Tensor:
        """Mean of the layer-0..L embeddings: the LightGCN readout."""
        out = x
        for _ in range(self.num_layers):
            x = SymmetricPropagate.apply(self.adj, x)
            out = out + x
        return out / (self.num_layers + 1)

    def get_embedding(self) -> Tensor:
        """Final embeddings of all nodes, users first then movies."""
        return self.propagate(self.embedding.weight)

    def forward(self) -> tuple[Tensor, Tensor]:
        """(user vectors [U, d], movie vectors [M, d]) after propagation."""
        return self.get_embedding().split([self.num_users, self.num_movies])

    def reg_loss(self, users: Tensor, *movies: Tensor) -> Tensor:
        """L2 on the layer-0 vectors of this batch only, as in the paper."""
        ego = self.embedding.weight
        squares = ego[users].square().sum()
        for batch in movies:
            squares = squares + ego[batch + self.num_users].square().sum()
        return self.reg_weight * squares / (2 * users.numel())

    def loss(self, users: Tensor, pos: Tensor, neg: Tensor) -> Tensor:
        """BPR over (user, rated movie, sampled movie) triples; one propagation per call."""
        user_emb, movie_emb = self()
        u = user_emb[users]
        pos_score = (u * movie_emb[pos]).sum(-1)
        neg_score = (u * movie_emb[neg]).sum(-1)
        return bpr_loss(pos_score, neg_score) + self.reg_loss(users, pos, neg)

    @torch.no_grad()
    def final_embeddings(self) -> tuple[Tensor, Tensor]:
        """The vectors written back to Neo4j: score(u, m) = user_emb[u] @ movie_emb[m]."""
        user_emb, movie_emb = self()
        return user_emb.detach().clone(), movie_emb.detach().clone()

    @torch.no_grad()
    def recommend(self, users: Tensor, k: int, exclude: Tensor | None = None) -> Tensor:
        """Top-k movie indices per user; `exclude` [2, E] (user, movie) pairs are never returned."""
        user_emb, movie_emb = self.final_embeddings()
        scores = user_emb[users] @ movie_emb.T
        if exclude is not None:
            row_of = torch.full((self.num_users,), -1, dtype=torch.long)
            row_of[users] = torch.arange(users.numel())
            rows = row_of[exclude[0]]
            scores[rows[rows >= 0], exclude[1, rows >= 0]] = float("-inf")
        return scores.topk(min(k, self.num_movies), dim=1).indices

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}({self.num_users} users, {self.num_movies} movies, "
            f"dim={self.embedding_dim}, layers={self.num_layers})"
        )
