#!/usr/bin/env python3
"""Baseline for `npm run bench`: the same gradient-descent steps written plainly in numpy.

This is the script a user would write without PruneLab: each step forms X = U Uᵀ, the
residuals r_i = <A_i, X> - y_i by a tensordot over the stack of sensing matrices, the
gradient (2/n) Σ r_i (A_i + A_iᵀ) U (population: 4 (U Uᵀ - M*) U), plus the smooth
group-Lasso term λ U diag(w) of form B, and the update U ← U - η ∇f(U).

Usage: bench_numpy.py '<json list of cases>' — each case has name, model ("empirical" or
"population"), d, k, n, lambda, beta, eta, targetSeconds, reps. Prints a JSON object with the
numpy version, the OpenBLAS kernel it runs (OPENBLAS_CORETYPE picks it) and, per case, the
median seconds per step over `reps` timed repetitions (after a warm-up).

bench_numpy.py --run '<json case>' OUT.json is the whole plain-numpy script a user would run
instead of `prunelab run`: make the empirical problem, train `steps` steps with the penalty
recording the loss every `checkpointEvery` steps, prune at tau, fine-tune `fineTuneSteps`
steps, and write U and the histories to OUT.json. The benchmark times the whole process.
"""
import ctypes
import json
import sys
import time

import numpy as np


def openblas_core():
    """Name of the OpenBLAS kernel numpy runs (e.g. SkylakeX, Haswell), or None when unknown."""
    try:
        with open("/proc/self/maps") as maps:
            libs = sorted({line.split()[-1] for line in maps if "openblas" in line.lower()})
        for path in libs:
            lib = ctypes.CDLL(path)
            for name in ("scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename"):
                function = getattr(lib, name, None)
                if function is not None:
                    function.restype = ctypes.c_char_p
                    return function().decode()
    except OSError:
        return None
    return None


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


def whole_run(case, out_path):
    rng = np.random.default_rng(case["seed"])
    data, u = make_problem(case, rng)
    lam, beta, eta = case["lambda"], case["beta"], case["eta"]
    history = []
    for step in range(case["steps"]):
        objective = step_empirical(u, data, lam, beta, eta)
        if step % case["checkpointEvery"] == 0:
            history.append(objective)
    kept = np.flatnonzero(np.linalg.norm(u, axis=0) >= case["tau"])
    v = u[:, kept].copy()
    finetune = []
    for step in range(case["fineTuneSteps"]):
        loss = step_empirical(v, data, 0.0, beta, case["fineTuneEta"])
        if step % case["checkpointEvery"] == 0:
            finetune.append(loss)
    with open(out_path, "w") as out:
        json.dump({"U": u.ravel().tolist(), "kept": kept.tolist(), "V": v.ravel().tolist(), "history": history, "finetune": finetune}, out)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        whole_run(json.loads(sys.argv[2]), sys.argv[3])
        return
    if len(sys.argv) != 2:
        raise SystemExit("usage: bench_numpy.py '<json list of cases>' | --run '<json case>' OUT.json")
    cases = json.loads(sys.argv[1])
    results = [time_case(case) for case in cases]
    print(json.dumps({"numpy": np.__version__, "openblasCore": openblas_core(), "results": results}))


if __name__ == "__main__":
    main()
