"""Metrics against hand-computed values: perfect ranking = 1, no hit = 0, worked examples."""

import math

import pytest
import torch

from gnn.metrics import (
    coverage_at_k,
    evaluate,
    map_at_k,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
)

pytestmark = pytest.mark.unit

# Worked example: top-5 list with hits at ranks 1 and 3, and 3 relevant movies in total.
HITS = torch.tensor([[True, False, True, False, False]])
RELEVANT = torch.tensor([3])


def test_worked_example() -> None:
    assert precision_at_k(HITS, 5).item() == pytest.approx(2 / 5)
    assert recall_at_k(HITS, RELEVANT, 5).item() == pytest.approx(2 / 3)
    dcg = 1 / math.log2(2) + 1 / math.log2(4)
    idcg = 1 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(HITS, RELEVANT, 5).item() == pytest.approx(dcg / idcg)  # 0.7039
    assert map_at_k(HITS, RELEVANT, 5).item() == pytest.approx((1 / 1 + 2 / 3) / 3)  # 0.5556
    assert precision_at_k(HITS, 2).item() == pytest.approx(1 / 2)
    assert ndcg_at_k(HITS, RELEVANT, 2).item() == pytest.approx(1 / (1 + 1 / math.log2(3)))
    assert map_at_k(HITS, RELEVANT, 2).item() == pytest.approx(1 / 2)


@pytest.mark.parametrize("k", [1, 3, 5])
def test_perfect_ranking_scores_one(k: int) -> None:
    hits = torch.ones(2, k, dtype=torch.bool)
    relevant = torch.tensor([k, k])
    assert precision_at_k(hits, k).tolist() == [1.0, 1.0]
    assert recall_at_k(hits, relevant, k).tolist() == [1.0, 1.0]
    assert ndcg_at_k(hits, relevant, k).tolist() == pytest.approx([1.0, 1.0])
    assert map_at_k(hits, relevant, k).tolist() == pytest.approx([1.0, 1.0])


def test_perfect_ranking_with_more_relevant_than_k() -> None:
    hits, relevant = torch.ones(1, 3, dtype=torch.bool), torch.tensor([10])
    assert ndcg_at_k(hits, relevant, 3).item() == pytest.approx(1.0)
    assert map_at_k(hits, relevant, 3).item() == pytest.approx(1.0)
    assert recall_at_k(hits, relevant, 3).item() == pytest.approx(0.3)


@pytest.mark.parametrize("k", [1, 4])
def test_no_hit_scores_zero(k: int) -> None:
    hits, relevant = torch.zeros(1, k, dtype=torch.bool), torch.tensor([2])
    for value in (
        precision_at_k(hits, k),
        recall_at_k(hits, relevant, k),
        ndcg_at_k(hits, relevant, k),
        map_at_k(hits, relevant, k),
    ):
        assert value.item() == 0.0


def test_coverage() -> None:
    top = torch.tensor([[0, 1, 5], [1, 2, 5]])
    assert coverage_at_k(top, 4 + 2, 2) == pytest.approx(3 / 6)
    assert coverage_at_k(top, 6, 3) == pytest.approx(4 / 6)


def test_evaluator_masks_training_movies_and_skips_users_without_test() -> None:
    # 3 users, 5 movies. Scores prefer low movie ids; user 0 trained on movie 0, tests movie 1.
    def scores(users: torch.Tensor) -> torch.Tensor:
        return torch.arange(5, 0, -1, dtype=torch.float32).expand(users.numel(), -1)

    train = torch.tensor([[0, 1, 2], [0, 1, 4]])
    test = torch.tensor([[0, 1, 1], [1, 3, 0]])  # user 2 has no test movie
    result = evaluate(scores, train, test, num_users=3, num_movies=5, ks=(1, 2), chunk_size=1)
    # user 0: ranking [1, 2, ...] (0 masked) -> hit at 1. user 1: ranking [0, 2, 3] -> hit 0@1,
    # hits at ranks 1 and 3 for relevant {3, 0}: top-2 = [0, 2] -> one hit.
    assert result["precision@1"] == pytest.approx((1 + 1) / 2)
    assert result["recall@2"] == pytest.approx((1 + 1 / 2) / 2)
    ndcg_user1 = 1 / (1 + 1 / math.log2(3))
    assert result["ndcg@2"] == pytest.approx((1 + ndcg_user1) / 2)
    assert result["coverage@1"] == pytest.approx(2 / 5)


def test_evaluator_chunking_does_not_change_results() -> None:
    gen = torch.Generator().manual_seed(0)
    table = torch.rand(40, 30, generator=gen)
    train = torch.stack(
        [torch.randint(40, (200,), generator=gen), torch.randint(30, (200,), generator=gen)]
    )
    test = torch.stack(
        [torch.randint(40, (80,), generator=gen), torch.randint(30, (80,), generator=gen)]
    )
    whole = evaluate(lambda u: table[u], train, test, 40, 30, chunk_size=1000)
    pieces = evaluate(lambda u: table[u], train, test, 40, 30, chunk_size=7)
    assert whole == pytest.approx(pieces)
