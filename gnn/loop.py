"""The inner loop shared by training, evaluation and the benchmark: one epoch, one validation.

Kept apart from `gnn.train` so the benchmark times exactly the loop that production uses.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from gnn.metrics import evaluate


def sample_negatives(
    users: Tensor, positive_keys: Tensor, num_movies: int, generator: torch.Generator
) -> Tensor:
    """Uniform movies per user, redrawn (twice at most) where they hit one of the user's ratings."""
    neg = torch.randint(num_movies, users.shape, generator=generator)
    for _ in range(2):
        keys = users * num_movies + neg
        at = torch.searchsorted(positive_keys, keys).clamp(max=positive_keys.numel() - 1)
        clash = positive_keys[at] == keys
        if not clash.any():
            break
        neg[clash] = torch.randint(num_movies, (int(clash.sum()),), generator=generator)
    return neg


def edge_batches(
    edge_index: Tensor, batch_size: int, generator: torch.Generator, by_user: bool = False
) -> list[Tensor]:
    """Shuffled batches of edge positions: `batch_size` ratings, or all ratings of that many users.

    Batching by user suits a softmax loss, whose cost is one row of scores per distinct user:
    every rating is still seen once per epoch, for a fraction of the score rows.
    """
    if not by_user:
        return list(torch.randperm(edge_index.size(1), generator=generator).split(batch_size))
    users = edge_index[0].unique()
    groups = users[torch.randperm(users.numel(), generator=generator)].split(batch_size)
    return [torch.isin(edge_index[0], group).nonzero().squeeze(1) for group in groups]


def train_epoch(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    edge_index: Tensor,
    batch_size: int,
    generator: torch.Generator,
    by_user: bool = False,
) -> float:
    """One pass over the training edges in shuffled mini-batches; returns the mean loss."""
    model.train()
    keys = (edge_index[0] * model.num_movies + edge_index[1]).sort().values
    total = 0.0
    for batch in edge_batches(edge_index, batch_size, generator, by_user):
        users, pos = edge_index[0, batch], edge_index[1, batch]
        neg = sample_negatives(users, keys, model.num_movies, generator)
        loss = model.loss(users, pos, neg)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * batch.numel()
    return total / max(edge_index.size(1), 1)


@torch.no_grad()
def validate(model: nn.Module, train_index: Tensor, val_index: Tensor, k: int) -> dict[str, float]:
    """Full-ranking metrics on the validation edges, training movies masked."""
    model.eval()
    user_emb, movie_emb = model.final_embeddings()
    metrics = evaluate(
        lambda users: user_emb[users] @ movie_emb.T,
        train_index,
        val_index,
        model.num_users,
        model.num_movies,
        ks=(k,),
    )
    return metrics


class EarlyStopping:
    """Remembers the weights of the best validation score and when to give up waiting for better."""

    def __init__(self, patience: int) -> None:
        self.patience, self.best, self.waited = patience, float("-inf"), 0
        self.state: dict[str, Tensor] | None = None

    def step(self, score: float, model: nn.Module) -> None:
        if score > self.best:
            self.best, self.waited = score, 0
            self.state = {name: value.clone() for name, value in model.state_dict().items()}
        else:
            self.waited += 1

    @property
    def should_stop(self) -> bool:
        return self.waited >= self.patience

    def restore(self, model: nn.Module) -> None:
        """Back to the best weights (a no-op when nothing was validated)."""
        if self.state is not None:
            model.load_state_dict(self.state)


def format_row(row: dict) -> str:
    """One log line per epoch: `epoch=3 loss=0.2100 seconds=0.1900 val_ndcg@20=0.1234 ...`."""
    return " ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items())
