#!/usr/bin/env python3
"""`conservator infer` against ONNX Runtime, honestly (issue 20). Called by run.sh.

Both engines run the same ONNX files on the same inputs with the same thread count, whole images (ours with
--tile set to the image side, so no tiling), in rounds: each round runs ORT then ours, one process each, so
both see the same machine load. ORT (CPU provider, ORT_ENABLE_ALL) is warmed WARMUPS times (at least 2) in
its session before RUNS timed runs; ours (`conservator infer --warm-runs RUNS`) makes its first run, then
RUNS timed ones in the same session. Each round gives each engine the median of its timed runs; the figure
reported is the median over ROUNDS rounds (at least 3). GFLOP/s = FLOPs counted from the ONNX graph
(flops.py) / time. Peak RSS is each process's own (wait4).

The reference networks are built by reference_models.py from the reference folder given (its README.md
documents ORT's figures on this machine kind); every shipped model in Models/ runs too. ORT is checked
against the documented figures first: a miss by more than --tolerance (25 %) means the measurement is
broken (another or a loaded machine, a handicapped ORT), so the benchmark says so, writes the report and
exits 2 without printing any ratio. The report (JSON) records the CPU model, the load average before and
after, the ORT version and every figure.
"""
import argparse, json, os, platform, statistics, subprocess, sys, time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import documented  # noqa: E402
import flops  # noqa: E402


def ort_child(model, inp, threads, warmups, runs):
    """One ORT process: session, warm-ups, timed runs; prints JSON with the median ms and peak RSS."""
    import resource
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    x = np.load(inp)
    feed = {session.get_inputs()[0].name: x}
    for _ in range(warmups):
        outputs = session.run(None, feed)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        outputs = session.run(None, feed)
        times.append((time.perf_counter() - start) * 1000)
    np.save(inp + ".ort.npy", outputs[0])
    print(json.dumps({"ms": statistics.median(times), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_ort(model, inp, threads, warmups, runs):
    result = subprocess.run([sys.executable, __file__, "ort-child", model, inp, str(threads), str(warmups), str(runs)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"ONNX Runtime failed on {model}: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_ours(binary, model, inp, threads, runs, side, extra, outputs):
    """One `conservator infer` process: the median of its warm runs (ms), the precision it ran, its peak RSS
    (MB) and the file of its first output (a model with several writes <OUT stem>.<name>.npy each)."""
    out = inp + ".ours.npy"
    args = [binary, "infer", "--model", model, "--input", inp, "--output", out, "--threads", str(threads),
            "--warm-runs", str(runs), "--tile", str(side)] + extra
    with open(out + ".stderr", "w+") as errors:
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, text=True)
        stdout = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)  # reaped here, for its own rusage
        errors.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"conservator infer failed on {model}: {errors.read()}")
    os.remove(out + ".stderr")
    warm = float(stdout.split("warm: inference ")[1].split(" ms")[0])
    precision = stdout.split(" threads, ")[1].split(",")[0]
    first = out if len(outputs) == 1 else f"{out[:-4]}.{outputs[0]}.npy"
    return warm, precision, usage.ru_maxrss / 1024, first


def model_io(path):
    """(channels, fixed square size or None) of a model's first input, and its output names."""
    import onnx
    model = onnx.load(path, load_external_data=False)
    initializers = {i.name for i in model.graph.initializer}
    dims = next(i for i in model.graph.input if i.name not in initializers).type.tensor_type.shape.dim
    spatial = [d.dim_value for d in dims[2:]]
    fixed = spatial[0] if all(spatial) and spatial[0] == spatial[1] else None
    return dims[1].dim_value, fixed, [o.name for o in model.graph.output]


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "ort-child":
        return ort_child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="the conservator binary (release build)")
    parser.add_argument("--reference", required=True, help="folder with reference_models.py and README.md (ORT's documented figures)")
    parser.add_argument("--work", required=True)
    parser.add_argument("--shipped", default="Models", help="folder of shipped models ('' for none)")
    parser.add_argument("--models", default="", help="only these (comma-separated names, e.g. unet_l4_b32,damage-unet@3)")
    parser.add_argument("--sizes", default="512,1024")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per process (after warm-ups)")
    parser.add_argument("--warmups", type=int, default=2, help="ORT warm-up runs in its session")
    parser.add_argument("--tolerance", type=float, default=0.25, help="largest ORT miss of its documented figure")
    parser.add_argument("--ours-args", default="", help="more `conservator infer` options, e.g. '--precision bf16'")
    parser.add_argument("--quick", action="store_true", help="512 only, 2 threads only, 1 round of 3 runs (rough)")
    parser.add_argument("--report", default=None, help="JSON report (default: WORK/report.json)")
    parser.add_argument("--rough", action="store_true",
                        help="measure on past a failed ORT check (for rough figures on a loaded machine); still no ratio, still exit 2")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.threads, args.rounds = "512", "2", 1
    if not args.quick and (args.rounds < 3 or args.warmups < 2):
        sys.exit("--rounds must be at least 3 and --warmups at least 2 (medians of 3, ORT warmed twice); --quick for a rough look")

    import onnx
    import onnxruntime
    os.makedirs(args.work, exist_ok=True)
    models_dir = os.path.join(args.work, "models")
    if not os.path.exists(os.path.join(models_dir, "summary.json")):
        subprocess.run([sys.executable, os.path.join(os.path.abspath(args.reference), "reference_models.py")],
                       cwd=args.work, check=True, stdout=subprocess.DEVNULL)
    expected = documented.load(os.path.join(args.reference, "README.md"))
    reference = [m["name"] for m in json.load(open(os.path.join(models_dir, "summary.json")))
                 if m["name"] in {name for name, _, _ in expected}]
    entries = [(name, os.path.join(models_dir, f"{name}.onnx"), True) for name in reference]
    if args.shipped:
        entries += [(f[:-5], os.path.join(args.shipped, f), False) for f in sorted(os.listdir(args.shipped)) if f.endswith(".onnx")]
    if args.models:
        wanted = set(args.models.split(","))
        entries = [e for e in entries if e[0] in wanted]
    extra = args.ours_args.split()
    rng = np.random.default_rng(0)

    report = {
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor()),
        "cores": os.cpu_count(), "load_average_before": os.getloadavg(), "onnxruntime": onnxruntime.__version__,
        "onnx": onnx.__version__, "ours_args": args.ours_args, "rounds": args.rounds, "runs": args.runs,
        "ort_warmups": args.warmups, "quick": args.quick, "tolerance": args.tolerance, "rows": [], "ort_check": [],
    }
    report_path = args.report or os.path.join(args.work, "report.json")

    def save():
        report["load_average_after"] = os.getloadavg()
        with open(report_path, "w") as file:
            json.dump(report, file, indent=1)

    print(f"CPU: {report['cpu']} ({report['cores']} cores); load average {report['load_average_before'][0]:.2f}; "
          f"ONNX Runtime {onnxruntime.__version__}; ours: infer {args.ours_args or '(fp32)'}; "
          f"{args.rounds} rounds x {args.runs} timed runs, ORT warmed {args.warmups}x")
    print()
    print("| model | size | threads | precision | ORT ms | ORT GFLOP/s | ORT documented ms | ours ms | ours GFLOP/s | max abs diff |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for threads in map(int, args.threads.split(",")):
        for name, path, is_reference in entries:
            channels, fixed, outputs = model_io(path)
            for size in ([fixed] if fixed else map(int, args.sizes.split(","))):
                inp = os.path.join(args.work, f"input_{channels}x{size}.npy")
                if not os.path.exists(inp):
                    np.save(inp, rng.random((1, channels, size, size), dtype=np.float32))
                gflop = flops.count_flops(onnx.load(path), [1, channels, size, size]) / 1e9
                ort_ms, ours_ms, ort_rss, ours_rss = [], [], [], []
                for _ in range(args.rounds):
                    ort_run = run_ort(path, inp, threads, args.warmups, args.runs)
                    ort_ms.append(ort_run["ms"])
                    ort_rss.append(ort_run["rss_mb"])
                    warm, precision, rss, ours_out = run_ours(args.bin, path, inp, threads, args.runs, size, extra, outputs)
                    ours_ms.append(warm)
                    ours_rss.append(rss)
                ort, ours = statistics.median(ort_ms), statistics.median(ours_ms)
                diff = float(np.max(np.abs(np.load(ours_out) - np.load(inp + ".ort.npy"))))
                documented_ms = expected.get((name, size, threads)) if is_reference else None
                row = {"model": name, "reference": is_reference, "size": size, "threads": threads, "precision": precision,
                       "gflop": gflop, "ort_ms": ort, "ort_rounds_ms": ort_ms, "ours_ms": ours, "ours_rounds_ms": ours_ms,
                       "ort_documented_ms": documented_ms, "max_abs_diff": diff,
                       "ort_peak_rss_mb": max(ort_rss), "ours_peak_rss_mb": max(ours_rss)}
                report["rows"].append(row)
                print(f"| {name} | {size} | {threads} | {precision} | {ort:.0f} | {gflop / ort * 1e3:.0f} | "
                      f"{documented_ms or '-'} | {ours:.0f} | {gflop / ours * 1e3:.0f} | {diff:.1e} |", flush=True)
                if documented_ms:
                    deviation, ok = documented.check(ort, documented_ms, args.tolerance)
                    report["ort_check"].append({"model": name, "size": size, "threads": threads, "measured_ms": ort,
                                                "documented_ms": documented_ms, "deviation": deviation, "ok": ok})
                    if not ok:
                        save()
                        print(f"\nORT SANITY CHECK FAILED: {name} {size}² {threads} threads took {ort:.0f} ms, "
                              f"{deviation:+.0%} from its documented {documented_ms:.0f} ms (tolerance "
                              f"{args.tolerance:.0%}). The machine is not measuring what the documented figures did "
                              f"(load average now {os.getloadavg()[0]:.2f}); no ratio is printed. Report: {report_path}",
                              file=sys.stderr)
                        if not args.rough:
                            sys.exit(2)
    save()
    if not all(check["ok"] for check in report["ort_check"]):
        print(f"\nORT missed its documented figures ({report_path}): these figures are rough, and no ratio is printed.")
        sys.exit(2)
    if not report["ort_check"]:
        print("\nNo reference network ran, so ORT was not checked against its documented figures: no ratio is printed.")
        return
    print(f"\nORT within {args.tolerance:.0%} of its documented figures in all {len(report['ort_check'])} checks.")
    print()
    print("| model | size | threads | precision | ratio ORT/ours |")
    print("|---|---|---|---|---|")
    for row in report["rows"]:
        print(f"| {row['model']} | {row['size']} | {row['threads']} | {row['precision']} | {row['ort_ms'] / row['ours_ms']:.2f} |")
    print(f"\nReport: {report_path}")


if __name__ == "__main__":
    main()
