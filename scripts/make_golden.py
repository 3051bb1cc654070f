#!/usr/bin/env python3
"""Golden fixtures for PruneLab's numerical core, computed independently with numpy.

Regenerate (python3 + numpy):   npm run fixtures    (= python3 scripts/make_golden.py)
It rewrites src/core/golden/{empirical,quadratic,population}.json deterministically (numpy's
default_rng with fixed seeds); commit the result. The TypeScript tests load these files and
must match them to ~1e-12 relative, so any change of scaling in math.md §2–3 shows up here.

Schema of each file (all matrices flat, row-major, as JSON lists of numbers):
{
  "model": "empirical" | "quadratic" | "population",
  "description": str,
  "cases": [ {
    "name": str,
    "problem": {            # exactly the CLI --problem file format of issue 2
      "model", "d", "k",
      "A": [n*d*d] (empirical only), "X": [n*d] (quadratic only), "y": [n] (not population),
      "Mstar": [d*d], "U0": [d*k]
    },
    "loss": L(U0),                          # math.md §2 scaling
    "grad": [d*k]  ∇L(U0),
    "gd": {                                 # plain GD on the unregularized loss
      "eta": η, "steps": T,
      "losses": [T]  L(U_t) for t = 0..T-1, each before the update U_{t+1} = U_t - η ∇L(U_t),
      "finalU": [d*k]  U_T, "finalLoss": L(U_T)
    },
    "regularized": [ {                      # GD on f = L + λ Σ_i ψ_β(‖u_i‖²), math.md §3
      "form": "B" | "A", "lambda": λ, "beta": β, "eta": η, "steps": T,
      "losses": [T]      L(U_t) before each update,
      "objectives": [T]  f(U_t) before each update,
      "finalU": [d*k], "finalLoss": L(U_T), "finalObjective": f(U_T)
    } ]
      # update: U ← U − η(∇L(U) + λ U diag(w)), s_i = ‖u_i‖²,
      #   B: ψ = s/√(s+β), w = (s+2β)/(s+β)^{3/2};   A: ψ = √(s+β), w = 1/√(s+β)
  } ]
}
"""
import json
import os

import numpy as np

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "core", "golden")


def truth(rng, d, sigma_star):
    q, _ = np.linalg.qr(rng.standard_normal((d, len(sigma_star))))
    u_star = q * np.sqrt(np.asarray(sigma_star))
    return u_star @ u_star.T


def loss_and_grad(model, data, U):
    """L(U) and ∇L(U) written straight from math.md §2 (no Gram fold)."""
    if model == "population":
        E = U @ U.T - data["Mstar"]
        return float(np.sum(E * E)), 4.0 * E @ U
    y = data["y"]
    n = len(y)
    if model == "empirical":
        A = data["A"]
        r = np.einsum("iab,ab->i", A, U @ U.T) - y
        S = np.einsum("i,iab->ab", r, A)
        return float(np.mean(r * r)), (2.0 / n) * (S + S.T) @ U
    X = data["X"]
    Z = X @ U
    r = np.sum(Z * Z, axis=1) - y
    return float(np.mean(r * r)), (4.0 / n) * X.T @ (r[:, None] * Z)


def penalty(form, U, lam, beta):
    """λ Σ ψ_β(s_i) and the weights w_i of the penalty gradient λ U diag(w)."""
    s = np.sum(U * U, axis=0)
    if form == "B":
        return lam * float(np.sum(s / np.sqrt(s + beta))), (s + 2 * beta) / (s + beta) ** 1.5
    return lam * float(np.sum(np.sqrt(s + beta))), 1.0 / np.sqrt(s + beta)


def plain_gd(model, data, U0, eta, steps):
    U = U0.copy()
    losses = []
    for _ in range(steps):
        loss, grad = loss_and_grad(model, data, U)
        losses.append(loss)
        U = U - eta * grad
    return {"eta": eta, "steps": steps, "losses": losses, "finalU": flat(U),
            "finalLoss": loss_and_grad(model, data, U)[0]}


def regularized_gd(model, data, U0, form, lam, beta, eta, steps):
    U = U0.copy()
    losses, objectives = [], []
    for _ in range(steps):
        loss, grad = loss_and_grad(model, data, U)
        value, w = penalty(form, U, lam, beta)
        losses.append(loss)
        objectives.append(loss + value)
        U = U - eta * (grad + lam * U * w[None, :])
    final_loss = loss_and_grad(model, data, U)[0]
    return {"form": form, "lambda": lam, "beta": beta, "eta": eta, "steps": steps,
            "losses": losses, "objectives": objectives, "finalU": flat(U),
            "finalLoss": final_loss, "finalObjective": final_loss + penalty(form, U, lam, beta)[0]}


def flat(M):
    return [float(v) for v in np.asarray(M).ravel()]


def make_case(name, model, d, k, n, sigma_star, noise, alpha, eta, seed, lam=0.2, beta=0.01, steps=20):
    rng = np.random.default_rng(seed)
    Mstar = truth(rng, d, sigma_star)
    data = {"Mstar": Mstar}
    problem = {"model": model, "d": d, "k": k}
    if model == "empirical":
        A = rng.standard_normal((n, d, d))
        y = np.einsum("iab,ab->i", A, Mstar) + noise * rng.standard_normal(n)
        data.update(A=A, y=y)
        problem.update(A=flat(A), y=flat(y))
    elif model == "quadratic":
        X = rng.standard_normal((n, d))
        y = np.sum((X @ Mstar) * X, axis=1) + noise * rng.standard_normal(n)
        data.update(X=X, y=y)
        problem.update(X=flat(X), y=flat(y))
    U0 = alpha * rng.standard_normal((d, k)) / np.sqrt(d)
    problem.update(Mstar=flat(Mstar), U0=flat(U0))
    loss, grad = loss_and_grad(model, data, U0)
    gd = plain_gd(model, data, U0, eta, steps)
    if not all(np.isfinite(gd["losses"])) or gd["finalLoss"] >= gd["losses"][0]:
        raise SystemExit(f"{name}: plain GD does not decrease the loss; choose a smaller eta")
    regularized = [regularized_gd(model, data, U0, form, lam, beta, eta, steps) for form in ("B", "A")]
    return {"name": name, "problem": problem, "loss": loss, "grad": flat(grad), "gd": gd, "regularized": regularized}


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    suites = {
        "empirical": [
            make_case("empirical d5 k4 n40", "empirical", 5, 4, 40, [1.0, 0.5], 0.1, 1.0, 0.02, 11),
            make_case("empirical d8 k6 n100", "empirical", 8, 6, 100, [1.0, 0.75, 0.5], 0.1, 0.5, 0.02, 12),
        ],
        "quadratic": [
            make_case("quadratic d5 k4 n40", "quadratic", 5, 4, 40, [1.0, 0.5], 0.1, 1.0, 0.005, 21),
            make_case("quadratic d7 k5 n120", "quadratic", 7, 5, 120, [1.0, 0.75, 0.5], 0.05, 0.5, 0.005, 22),
        ],
        "population": [
            make_case("population d6 k5", "population", 6, 5, 0, [1.0, 0.5], 0.0, 1.0, 0.05, 31),
            make_case("population d10 k10", "population", 10, 10, 0, [1.0, 0.833, 0.667, 0.5], 0.0, 0.1, 0.05, 32),
        ],
    }
    for model, cases in suites.items():
        path = os.path.join(OUT_DIR, f"{model}.json")
        doc = {"model": model,
               "description": "numpy reference values; regenerate with `npm run fixtures` (scripts/make_golden.py)",
               "cases": cases}
        with open(path, "w") as fh:
            json.dump(doc, fh, separators=(",", ":"))
            fh.write("\n")
        print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path) // 1024} KiB, {len(cases)} cases)")


if __name__ == "__main__":
    main()
