#!/usr/bin/env python3
"""Times `conservator infer` against ONNX Runtime on the reference networks (reference_models.py), same
ONNX files, same inputs, same thread counts; prints a Markdown table. Called by run.sh.

Ours: one process per run (`conservator infer --warm-runs 1`, .npy in/out); the time compared is the warm
run's (model loading and a first run excluded, as for ONNX Runtime); the first run of the process, which
also pays the kernel for zeroing every fresh page of memory, is reported beside it. Peak RSS is the
process's (os.wait4).
ONNX Runtime: CPU provider, ORT_ENABLE_ALL, intra_op_num_threads = threads, in a child process per run
(session creation and one warm-up run excluded from the time) so its peak RSS is its own.
The two alternate run by run, so both see the same machine load (these machines are shared);
each figure is the median of RUNS runs, after one warm-up run of ours.
"""
import argparse, json, os, resource, statistics, subprocess, sys, time
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def ort_child(model, inp, threads, runs):
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    x = np.load(inp)
    name = session.get_inputs()[0].name
    out = session.run(None, {name: x})[0]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = session.run(None, {name: x})[0]
        times.append((time.perf_counter() - start) * 1000)
    np.save(inp + ".ort.npy", out)
    print(json.dumps({"ms": statistics.median(times), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_ours(binary, model, inp, out, threads, tile, env, warm=True):
    """One `conservator infer` process: (warm inference ms, peak RSS in MB, first-run ms); without `warm`,
    the first run's ms in place of the warm one."""
    args = [binary, "infer", "--model", model, "--input", inp, "--output", out, "--threads", str(threads)]
    if warm:
        args += ["--warm-runs", "1"]
    if tile:
        args += ["--tile", str(tile)]
    with open(out + ".stderr", "w+") as errors:
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, env=env, text=True)
        stdout = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)  # reaps it ourselves, for its own rusage
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        if process.returncode != 0:
            sys.exit(f"conservator infer failed: {errors.read()}")
    os.remove(out + ".stderr")
    first = float(stdout.split("inference ")[1].split(" ms")[0])
    warm_ms = float(stdout.split("warm: inference ")[1].split(" ms")[0]) if warm else first
    return warm_ms, usage.ru_maxrss / 1024, first


def measure_ours(binary, model, inp, threads, runs, env, tile=None):
    out = inp + ".ours.npy"
    times, peak = [], 0
    for index in range(runs + 1):
        ms, rss, _ = run_ours(binary, model, inp, out, threads, tile, env, warm=False)
        peak = max(peak, rss)
        if index > 0 or runs == 0:
            times.append(ms)
    return statistics.median(times), peak, out


def measure_pair(binary, model, inp, threads, runs, env):
    """Ours and ONNX Runtime alternately: (our median ms, our peak RSS MB, our output file, ORT's figures)."""
    out = inp + ".ours.npy"
    run_ours(binary, model, inp, out, threads, None, env)
    ours, ort = [], []
    for _ in range(runs):
        ours.append(run_ours(binary, model, inp, out, threads, None, env))
        ort.append(measure_ort(model, inp, threads, 1, env))
    return (statistics.median(ms for ms, _, _ in ours), max(rss for _, rss, _ in ours), out,
            {"ms": statistics.median(r["ms"] for r in ort), "rss_mb": max(r["rss_mb"] for r in ort)},
            statistics.median(first for _, _, first in ours))


def measure_ort(model, inp, threads, runs, env):
    result = subprocess.run([sys.executable, __file__, "ort-child", model, inp, str(threads), str(runs)],
                            capture_output=True, text=True, env=env, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "ort-child":
        return ort_child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", default="unet_l4_b32,dncnn_d17_w64_c3,espcn_x2_c3")
    parser.add_argument("--sizes", default="512,1024")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--memory-sizes", default="2048,4096", help="U-Net sizes run once for peak RSS (ours, tiled)")
    parser.add_argument("--memory-tile", type=int, default=512)
    parser.add_argument("--ort-memory", action="store_true", help="also run ONNX Runtime at the memory sizes (U-Net 2048: ~11 GB)")
    parser.add_argument("--coretype", choices=["as-is", "unset", "haswell", "both"], default="as-is",
                        help="OPENBLAS_CORETYPE as the environment sets it, unset, set to Haswell (the preset of "
                             "these machines), or both unset and Haswell")
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    models_dir = os.path.join(args.work, "models")
    if not os.path.exists(os.path.join(models_dir, "summary.json")):
        subprocess.run([sys.executable, os.path.join(HERE, "reference_models.py")], cwd=args.work, check=True,
                       stdout=subprocess.DEVNULL)
    summary = {m["name"]: m for m in json.load(open(os.path.join(models_dir, "summary.json")))}
    rng = np.random.default_rng(0)

    def input_file(size):
        path = os.path.join(args.work, f"input_{size}.npy")
        if not os.path.exists(path):
            np.save(path, rng.random((1, 3, size, size), dtype=np.float32))
        return path

    unset = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    environments = {"as-is": dict(os.environ), "unset": unset, "haswell": dict(unset, OPENBLAS_CORETYPE="Haswell")}
    chosen = ["unset", "haswell"] if args.coretype == "both" else [args.coretype]
    print(f"OPENBLAS_CORETYPE in the environment: {os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; runs: median of "
          f"{args.runs} after 1 warm-up")
    print()
    print("| OPENBLAS_CORETYPE | model | size | threads | ours ms | ours GFLOP/s | ORT ms | ORT GFLOP/s | ratio ORT/ours | ours first run ms | ours RSS MB | ORT RSS MB | max abs diff |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for coretype in chosen:
        env = environments[coretype]
        for threads in map(int, args.threads.split(",")):
            for name in args.models.split(","):
                model = os.path.join(models_dir, f"{name}.onnx")
                for size in map(int, args.sizes.split(",")):
                    inp = input_file(size)
                    flops = 2 * summary[name]["macs_per_input_px"] * size * size
                    ours_ms, ours_rss, ours_out, ort, ours_first = measure_pair(args.bin, model, inp, threads, args.runs, env)
                    diff = float(np.max(np.abs(np.load(ours_out) - np.load(inp + ".ort.npy"))))
                    print(f"| {environments[coretype].get('OPENBLAS_CORETYPE', '(unset)')} "
                          f"| {name} | {size} | {threads} | {ours_ms:.0f} | {flops / ours_ms / 1e6:.0f} | {ort['ms']:.0f} | "
                          f"{flops / ort['ms'] / 1e6:.0f} | {ort['ms'] / ours_ms:.2f} | {ours_first:.0f} | {ours_rss:.0f} | {ort['rss_mb']:.0f} | {diff:.1e} |",
                          flush=True)
    if args.memory_sizes:
        print()
        print(f"Memory: unet_l4_b32, 2 threads, ours tiled with --tile {args.memory_tile}, one run each")
        print()
        print("| size | ours ms | ours peak RSS MB | ORT ms | ORT peak RSS MB |")
        print("|---|---|---|---|---|")
        model = os.path.join(models_dir, "unet_l4_b32.onnx")
        for size in map(int, args.memory_sizes.split(",")):
            inp = input_file(size)
            ms, rss, _ = measure_ours(args.bin, model, inp, 2, 0, environments[chosen[0]], tile=args.memory_tile)
            ort = measure_ort(model, inp, 2, 1, environments[chosen[0]]) if args.ort_memory else None
            print(f"| {size} | {ms:.0f} | {rss:.0f} | {ort['ms'] if ort else 'not run':} | {ort['rss_mb'] if ort else 'not run'} |",
                  flush=True)
            for suffix in (".ours.npy", ".ort.npy"):
                if os.path.exists(inp + suffix):
                    os.remove(inp + suffix)


if __name__ == "__main__":
    main()
