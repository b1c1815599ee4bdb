#!/usr/bin/env python3
"""Trains shoal's default network with PyTorch, for a side-by-side timing.

Same rows (the bundled features, standardised with the population standard
deviation), same network (8-16-8-2, ReLU, softmax cross-entropy), same SGD
(learning rate 0.01, batch 256, rows reshuffled every epoch), 100 epochs, on
one thread. Prints the best of several repetitions, in seconds, for the
training loop alone.

    python3 bench/torch_train.py [FEATURES_CSV] [REPEATS]
"""
import csv
import sys
import time

import torch


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    names = [k for k in rows[0] if k not in ("id", "label")]
    x = torch.tensor([[float(r[k]) for k in names] for r in rows])
    classes = sorted({r["label"] for r in rows})
    y = torch.tensor([classes.index(r["label"]) for r in rows])
    x = (x - x.mean(0)) / x.std(0, unbiased=False)
    return x, y


def train(x, y, epochs=100, batch=256):
    torch.manual_seed(1)
    net = torch.nn.Sequential(
        torch.nn.Linear(x.shape[1], 16), torch.nn.ReLU(),
        torch.nn.Linear(16, 8), torch.nn.ReLU(),
        torch.nn.Linear(8, 2))
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    for _ in range(epochs):
        order = torch.randperm(x.shape[0])
        for start in range(0, x.shape[0], batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
    return net


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "data/fish_sim_features.csv"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    torch.set_num_threads(1)
    x, y = load(path)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        train(x, y)
        best = min(best, time.perf_counter() - start)
    print(f"torch {torch.__version__}: {x.shape[0]} rows x 100 epochs: "
          f"{best:.4f} s (best of {repeats})")


if __name__ == "__main__":
    main()
