#!/usr/bin/python3
"""Runs Sealdex's peers on TEXMEX files with the harness's protocol and prints JSON.

Systems: FAISS IVF-Flat, FAISS IVF-SQ8 (python3-faiss) and hnswlib HNSW (python3-hnswlib).
Protocol, as in the Java harness (dev.sealdex.bench.ann):
  * recall@10 against the ground-truth file's first 10 neighbours per query;
  * latency: one query per call on one thread (faiss.omp_set_num_threads(1),
    hnswlib num_threads=1), p50/p99 of the calls;
  * batch: the queries in batches of --batch-size with every thread;
  * each point cycles through the queries until one full pass and --min-seconds have passed,
    after an untimed warm-up of --warmup queries.
Run it with Debian's interpreter, /usr/bin/python3, which is where python3-faiss and
python3-hnswlib install; the output goes to stdout (or --out) in the harness's JSON shape.
"""
import argparse
import json
import os
import sys
import time

import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    if raw.size == 0:
        raise SystemExit(f"{path} is empty")
    d = int(raw[0])
    rows = raw.reshape(-1, d + 1)
    if not (rows[:, 0] == d).all():
        raise SystemExit(f"{path}: rows of different dimensions")
    return np.ascontiguousarray(rows[:, 1:]).view(dtype) if dtype == np.float32 else np.ascontiguousarray(rows[:, 1:])


def package_version(name, module):
    version = getattr(module, "__version__", None)
    if version:
        return str(version)
    try:
        from importlib import metadata
        return metadata.version(name)
    except Exception:  # Debian's python3-hnswlib ships no metadata; the version is not essential.
        return "unknown"


def recall_at_10(found, truth):
    hits = 0
    for row, expected in zip(found, truth):
        hits += len(set(int(x) for x in row[:10]) & set(int(x) for x in expected[:10]))
    return hits / (10.0 * len(truth))


def measure(search_one, search_batch, queries, truth, mode, batch_size, min_seconds, warmup):
    """One point: cycle through the queries until a full pass and min_seconds are done."""
    nq = len(queries)
    unit = 1 if mode == "latency" else batch_size
    units = (nq + unit - 1) // unit

    def call(u):
        start = (u % units) * unit
        block = queries[start:start + unit]
        return start, (search_one(block) if unit == 1 else search_batch(block))

    for u in range(max(1, warmup // unit)):
        call(u)
    answers = [None] * nq
    times = []
    done = 0
    u = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    deadline = started + min_seconds
    while u < units or time.perf_counter() < deadline:
        t0 = time.perf_counter()
        start, labels = call(u)
        times.append(time.perf_counter() - t0)
        if u < units:
            for i, row in enumerate(labels):
                answers[start + i] = row
        done += len(labels)
        u += 1
    seconds = time.perf_counter() - started
    cpu_us = (time.process_time() - cpu_started) * 1e6
    point = {"recall": recall_at_10(answers, truth), "qps": done / seconds, "queries": done, "seconds": seconds,
             "p50_us": 0.0, "p99_us": 0.0, "cpu_us_per_query": cpu_us / done}
    if unit == 1:
        micros = np.array(times) * 1e6
        point["p50_us"] = float(np.percentile(micros, 50))
        point["p99_us"] = float(np.percentile(micros, 99))
    return point


def sweep(name, param_name, values, set_param, search_one, search_batch, queries, truth, args, threads, log):
    curves = []
    for mode in ("latency", "batch"):
        points = []
        for value in values:
            set_param(value)
            threads(1 if mode == "latency" else args.threads)
            point = measure(search_one, search_batch, queries, truth, mode, args.batch_size, args.min_seconds,
                            args.warmup)
            point["param"] = value
            point["effective"] = value
            points.append(point)
            log(f"{name} {mode:7s} {param_name} {value:<5d} recall@10 {point['recall']:.4f} {point['qps']:12,.0f} QPS")
        curves.append({"system": name, "variant": "plaintext", "mode": mode, "param_name": param_name,
                       "threads": 1 if mode == "latency" else args.threads, "points": points})
    return curves


def run_faiss_ivf(faiss, kind, base, queries, truth, args, log):
    d = base.shape[1]
    faiss.omp_set_num_threads(args.threads)
    quantizer = faiss.IndexFlatL2(d)
    if kind == "ivfflat":
        index = faiss.IndexIVFFlat(quantizer, d, args.lists, faiss.METRIC_L2)
    else:
        index = faiss.IndexIVFScalarQuantizer(quantizer, d, args.lists, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_L2)
    if args.niter > 0:
        index.cp.niter = args.niter
    index.cp.seed = args.seed
    t0 = time.perf_counter()
    index.train(base)
    train_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    index.add(base)
    add_s = time.perf_counter() - t0
    name = "faiss-" + kind
    log(f"{name}: trained {args.lists} lists in {train_s:.2f} s (niter {index.cp.niter}), added in {add_s:.2f} s")

    def set_probe(p):
        index.nprobe = p

    probes = sorted({min(p, args.lists) for p in args.nprobe})
    curves = sweep(name, "nprobe", probes, set_probe, lambda q: index.search(q, 10)[1],
                   lambda q: index.search(q, 10)[1], queries, truth, args, faiss.omp_set_num_threads, log)
    build = {"system": name, "variant": "plaintext", "build_seconds": add_s, "vectors_per_second": len(base) / add_s,
             "train_seconds": train_s, "lists": args.lists, "auto_probes": 0, "note": f"k-means niter {index.cp.niter}"}
    return build, curves


def run_hnsw(hnswlib, base, queries, truth, args, log):
    n, d = base.shape
    index = hnswlib.Index(space="l2", dim=d)
    index.init_index(max_elements=n, M=args.hnsw_m, ef_construction=args.ef_construction, random_seed=args.seed)
    index.set_num_threads(args.threads)
    t0 = time.perf_counter()
    index.add_items(base, np.arange(n))
    add_s = time.perf_counter() - t0
    log(f"hnswlib-hnsw: built M={args.hnsw_m} efConstruction={args.ef_construction} in {add_s:.2f} s")
    state = {"threads": 1}

    def set_threads(t):
        state["threads"] = t

    def set_ef(ef):
        index.set_ef(max(ef, 10))

    def search(q):
        return index.knn_query(q, k=10, num_threads=state["threads"])[0]

    curves = sweep("hnswlib-hnsw", "ef", sorted(set(max(10, e) for e in args.ef)), set_ef, search, search, queries,
                   truth, args, set_threads, log)
    build = {"system": "hnswlib-hnsw", "variant": "plaintext", "build_seconds": add_s,
             "vectors_per_second": n / add_s, "train_seconds": None, "lists": 0, "auto_probes": 0,
             "note": f"M {args.hnsw_m}, efConstruction {args.ef_construction}"}
    return build, curves


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--query", required=True)
    parser.add_argument("--gt", required=True)
    parser.add_argument("--lists", type=int, required=True, help="n_lists, the same as Sealdex used")
    parser.add_argument("--nprobe", default="1,2,4,8,16,32,64")
    parser.add_argument("--ef", default="10,16,32,64,128,256,512")
    parser.add_argument("--systems", default="ivfflat,ivfsq8,hnsw")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--min-seconds", type=float, default=1.0)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--niter", type=int, default=0, help="FAISS k-means iterations (0: FAISS's default)")
    parser.add_argument("--hnsw-m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    args = parser.parse_args()
    args.nprobe = [int(x) for x in args.nprobe.split(",") if x.strip() and int(x) > 0]
    args.ef = [int(x) for x in args.ef.split(",") if x.strip()]

    def log(message):
        print("peers: " + message, file=sys.stderr, flush=True)

    base = read_vecs(args.base, np.float32)
    queries = read_vecs(args.query, np.float32)
    truth = read_vecs(args.gt, np.int32)[: len(queries)]
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    result = {"builds": [], "curves": [], "versions": {}, "threads": args.threads}
    if any(s.startswith("ivf") for s in systems):
        import faiss
        result["versions"]["faiss"] = faiss.__version__
        for kind in ("ivfflat", "ivfsq8"):
            if kind in systems:
                build, curves = run_faiss_ivf(faiss, kind, base, queries, truth, args, log)
                result["builds"].append(build)
                result["curves"].extend(curves)
    if "hnsw" in systems:
        import hnswlib
        result["versions"]["hnswlib"] = package_version("hnswlib", hnswlib)
        build, curves = run_hnsw(hnswlib, base, queries, truth, args, log)
        result["builds"].append(build)
        result["curves"].extend(curves)
    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
