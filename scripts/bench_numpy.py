#!/usr/bin/env python3
"""Baseline for `npm run bench`: the same gradient-descent steps written plainly in numpy.

This is the script a user would write without PruneLab: each step forms X = U Uᵀ, the
residuals r_i = <A_i, X> - y_i by a tensordot over the stack of sensing matrices, the
gradient (2/n) Σ r_i (A_i + A_iᵀ) U (population: 4 (U Uᵀ - M*) U), plus the smooth
group-Lasso term λ U diag(w) of form B, and the update U ← U - η ∇f(U).

Usage: bench_numpy.py '<json list of cases>' — each case has name, model ("empirical" or
"population"), d, k, n, lambda, beta, eta, targetSeconds, reps. Prints a JSON object with the
numpy version and, per case, the median seconds per step over `reps` timed repetitions
(after a warm-up).
"""
import json
import sys
import time

import numpy as np


def make_problem(case, rng):
    d, k = case["d"], case["k"]
    r = min(4, d)
    q, _ = np.linalg.qr(rng.standard_normal((d, r)))
    sigma = np.linspace(1.0, 0.5, r)
    m_star = (q * sigma) @ q.T
    u0 = 1e-3 * rng.standard_normal((d, k)) / np.sqrt(d)
    if case["model"] == "population":
        return {"M": m_star}, u0
    n = case["n"]
    a = rng.standard_normal((n, d, d))
    y = np.tensordot(a, m_star, axes=([1, 2], [0, 1])) + 0.1 * rng.standard_normal(n)
    return {"A": a, "y": y}, u0


def penalty_gradient(u, lam, beta):
    s = np.sum(u * u, axis=0)
    value = lam * np.sum(s / np.sqrt(s + beta))
    w = (s + 2 * beta) / (s + beta) ** 1.5
    return value, lam * u * w


def step_empirical(u, data, lam, beta, eta):
    a, y = data["A"], data["y"]
    n = y.shape[0]
    x = u @ u.T
    residual = np.tensordot(a, x, axes=([1, 2], [0, 1])) - y
    loss = residual @ residual / n
    s = np.tensordot(residual, a, axes=(0, 0))
    grad = (2.0 / n) * (s + s.T) @ u
    penalty, penalty_grad = penalty_gradient(u, lam, beta)
    u -= eta * (grad + penalty_grad)
    return loss + penalty


def step_population(u, data, lam, beta, eta):
    diff = u @ u.T - data["M"]
    loss = np.sum(diff * diff)
    grad = 4.0 * diff @ u
    penalty, penalty_grad = penalty_gradient(u, lam, beta)
    u -= eta * (grad + penalty_grad)
    return loss + penalty


def time_case(case):
    rng = np.random.default_rng(12345)
    data, u = make_problem(case, rng)
    step = step_population if case["model"] == "population" else step_empirical
    lam, beta, eta = case["lambda"], case["beta"], case["eta"]

    start = time.perf_counter()
    warm_steps = 0
    while warm_steps < 3 or time.perf_counter() - start < 0.1:
        step(u, data, lam, beta, eta)
        warm_steps += 1
    per_step = (time.perf_counter() - start) / warm_steps
    steps = max(2, int(case["targetSeconds"] / per_step))

    samples = []
    for _ in range(case["reps"]):
        t0 = time.perf_counter()
        for _ in range(steps):
            objective = step(u, data, lam, beta, eta)
        samples.append((time.perf_counter() - t0) / steps)
    if not np.isfinite(objective):
        raise SystemExit(f"case {case['name']}: the numpy run diverged")
    samples.sort()
    return {"name": case["name"], "secondsPerStep": samples[len(samples) // 2], "steps": steps, "reps": case["reps"]}


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: bench_numpy.py '<json list of cases>'")
    cases = json.loads(sys.argv[1])
    results = [time_case(case) for case in cases]
    print(json.dumps({"numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
