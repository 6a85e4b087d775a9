#!/usr/bin/env python3
"""Fills an empty, migrated catalog with a synthetic collection of N originals for the query benchmark.

Rows are shaped as ingest and the pipeline runner write them (objects, paths, a few metadata tags and PREMIS
events per original; runs, steps, derivative and mask objects, agents) but come from a seeded generator, so the
catalog is the same every time. About 60% of originals have a run: 20% archival-repair (detect-damage with a
mask, inpaint, restore-color; three model agents, inpaint-unet in versions 1 and 2), 15% colorize, 15%
classical only, 10% color-only; 1% of files are quarantined. Folders: /scans/box-000 .. box-199.

    python3 Benchmarks/query/make_catalog.py CATALOG.db 100000
"""
import hashlib, json, random, sqlite3, sys

path, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261125)
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = OFF")


def sha(*parts):
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()


def agent(kind, name, version="", identifier=""):
    db.execute("INSERT OR IGNORE INTO agents (type, name, version, identifier) VALUES (?, ?, ?, ?)",
               (kind, name, version, identifier))
    return db.execute("SELECT id FROM agents WHERE type = ? AND name = ? AND version = ? AND identifier = ?",
                      (kind, name, version, identifier)).fetchone()[0]


software = agent("software", "conservator", "0.1.0", "benchmark")
models = {key: agent("model", key.split("@")[0], key.split("@")[1], sha(key))
          for key in ["damage-unet@1", "inpaint-unet@1", "inpaint-unet@2", "color-restore@1", "colorize@1"]}
pipelines = {name: agent("pipeline", name, "1", sha(name))
             for name in ["archival-repair", "colorize", "classical", "color-only"]}
STEPS = {
    "archival-repair": [("detect-damage", "damage-unet@1", True, "algorithmicallyEnhanced"),
                        ("inpaint", None, False, "compositeWithTrainedAlgorithmicMedia"),
                        ("restore-color", "color-restore@1", False, "algorithmicallyEnhanced")],
    "colorize": [("colorize", "colorize@1", False, "compositeWithTrainedAlgorithmicMedia")],
    "classical": [("restore-color", "gray-world", False, "algorithmicallyEnhanced"),
                  ("sharpen", "unsharp-mask", False, "algorithmicallyEnhanced")],
    "color-only": [("restore-color", "color-restore@1", False, "algorithmicallyEnhanced")],
}


def insert_object(kind, status, digest, fmt, source, created, reason=None):
    cur = db.execute(
        "INSERT INTO objects (kind, status, sha256, size, format, media_type, width, height, channels, bit_depth, "
        "color_model, compression, page_count, quarantine_reason, source_object_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 6000, 4000, 3, 16, 'rgb', 'lzw', 1, ?, ?, ?)",
        (kind, status, digest, rng.randrange(10**6, 10**8), fmt, fmt and f"image/{fmt}", reason, source, created))
    return cur.lastrowid


def event(obj, kind, outcome, detail, time, agent_id):
    cur = db.execute("INSERT INTO events (object_id, type, outcome, detail, occurred_at) VALUES (?, ?, ?, ?, ?)",
                     (obj, kind, outcome, detail, time))
    db.execute("INSERT INTO event_agents (event_id, agent_id, role) VALUES (?, ?, 'exe')", (cur.lastrowid, agent_id))


for i in range(count):
    day = 1 + i * 300 // count
    created = f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}T10:{i % 60:02d}:00.000Z"
    folder = f"/scans/box-{i % 200:03d}"
    original_path = f"{folder}/scan-{i:06d}.tif"
    if rng.random() < 0.01:
        obj = insert_object("original", "quarantined", sha("bad", i), None, None, created, "truncated TIFF strip 3")
        db.execute("INSERT INTO object_paths (object_id, path, first_seen) VALUES (?, ?, ?)", (obj, original_path, created))
        event(obj, "qua", "fai", "truncated", created, software)
        continue
    obj = insert_object("original", "accepted", sha("original", i), "tiff", None, created)
    db.execute("INSERT INTO object_paths (object_id, path, first_seen) VALUES (?, ?, ?)", (obj, original_path, created))
    db.executemany("INSERT INTO metadata (object_id, position, tag_group, tag_id, name, value) VALUES (?, ?, ?, ?, ?, ?)",
                   [(obj, 0, "IFD0", 271, "Make", rng.choice(["Nikon", "Canon", "Hasselblad", "Phase One"])),
                    (obj, 1, "IFD0", 305, "Software", "Capture One"), (obj, 2, "ExifIFD", 34855, "ISO", "100")])
    for kind in ("ing", "mes", "val", "mee"):
        event(obj, kind, "suc", kind, created, software)
    roll = rng.random()
    pipeline = ("archival-repair" if roll < 0.20 else "colorize" if roll < 0.35 else "classical" if roll < 0.50
                else "color-only" if roll < 0.60 else None)
    if pipeline is None:
        continue
    run_time = created.replace("T10:", "T11:")
    derivative = insert_object("derivative", "accepted", sha("derivative", i), "tiff", obj, run_time)
    derivative_path = f"/derivatives/{obj}-{pipeline}/{obj}-{pipeline}.tif"
    db.execute("INSERT INTO object_paths (object_id, path, first_seen) VALUES (?, ?, ?)", (derivative, derivative_path, run_time))
    event(derivative, "cre", "suc", "derivative", run_time, software)
    steps = STEPS[pipeline]
    ai = any(algorithm is None or "@" in algorithm for _, algorithm, _, _ in steps)
    disclosure = max((d for *_, d in steps), key=lambda d: d.startswith("composite"))
    run = db.execute(
        "INSERT INTO runs (source_object_id, derivative_object_id, pipeline_agent_id, software_agent_id, pipeline_name, "
        "pipeline_version, pipeline_sha256, derivative_path, sidecar_path, sidecar_sha256, digital_source_type, "
        "ai_altered, started_at, ended_at) VALUES (?, ?, ?, ?, ?, '1', ?, ?, ?, ?, ?, ?, ?, ?)",
        (obj, derivative, pipelines[pipeline], software, pipeline, sha(pipeline), derivative_path,
         derivative_path + ".json", sha("sidecar", i), disclosure, int(ai), run_time, run_time)).lastrowid
    for position, (stage, algorithm, has_mask, step_disclosure) in enumerate(steps):
        if algorithm is None:  # inpainting: a newer model version for later scans
            algorithm = "inpaint-unet@2" if i > count * 0.7 else "inpaint-unet@1"
        model = models.get(algorithm)
        mask = None
        if has_mask:
            mask = insert_object("mask", "accepted", sha("mask", i), "png", obj, run_time)
            db.execute("INSERT INTO object_paths (object_id, path, first_seen) VALUES (?, ?, ?)",
                       (mask, derivative_path + ".mask.png", run_time))
        db.execute(
            "INSERT INTO steps (run_id, position, stage, stage_version, method, algorithm, model_agent_id, parameters, "
            "fraction_changed, mask_object_id, duration_seconds, digital_source_type) VALUES (?, ?, ?, '1', ?, ?, ?, ?, ?, ?, ?, ?)",
            (run, position, stage, "trained-model" if model else "classical", algorithm, model,
             json.dumps({"strength": 1}), 0.0 if has_mask else round(rng.random() ** 2, 4), mask, 1.5, step_disclosure))
        if not has_mask:
            event(derivative, "mod", "suc", stage, run_time, model or software)
    if i % 10000 == 0:
        db.commit()
db.commit()
print(f"{count} originals: " + ", ".join(f"{n} {t}" for t, n in db.execute(
    "SELECT kind || '/' || status, count(*) FROM objects GROUP BY 1 ORDER BY 1")) +
      f"; {db.execute('SELECT count(*) FROM runs').fetchone()[0]} runs", file=sys.stderr)
