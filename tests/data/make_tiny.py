#!/usr/bin/env python3
# make_tiny.py — regenerates tests/data/tiny/, the small synthetic results
# directory the report and compare tests run on (docs/RESULTS.md schema 1).
# Deterministic (fixed seed). Values follow the magnitudes of docs/WORKLOADS.md so
# the charts look like real ones; they are not measurements. Covers every chart:
# two thread counts, three placements for pingpong, counters and a memory
# metric, a size-reduced configuration, latency .hgrm files, a c2c matrix, a
# topology, skipped and failed configurations, and one warm-up effect.
import json, os, random, subprocess

random.seed(42)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiny")
os.makedirs(os.path.join(out, "latency"), exist_ok=True)

base = {  # ns per op at threads=1
    ("pingpong", "pthread"): 11000, ("pingpong", "gmp"): 150, ("pingpong", "go"): 258,
    ("yield", "pthread"): 1200, ("yield", "gmp"): 9, ("yield", "go"): 50,
    ("spawn", "pthread"): 30000, ("spawn", "gmp"): 120, ("spawn", "go"): 740,
    ("spsc", "pthread"): 107, ("spsc", "gmp"): 30, ("spsc", "go"): 35,
}
t2 = {"pingpong": 1.4, "yield": 1.0, "spawn": 0.5, "spsc": 1.6}
chans = {"pingpong": ["go", "mutex"], "spsc": ["go", "mutex"], "yield": ["-"], "spawn": ["-"]}
placement_factor = {"none": 1.0, "compact": 0.8, "spread": 1.5}

cols = ("schema,key,workload,runtime,chan,threads,placement,pair_class,pus,params,n_requested,n,"
        "size_reduced,round,rep,elapsed_ns,ns_per_op,ops_per_sec,migrated,"
        "context-switches/op,instructions/op,metric:peak_rss_bytes")
rows, summary = [], []
for wl in ["pingpong", "yield", "spawn", "spsc"]:
    for rt in ["pthread", "gmp", "go"]:
        for ch in (["go-native"] if rt == "go" else chans[wl]):
            for t in (1, 2):
                for pl in (["none", "compact", "spread"] if wl == "pingpong" and t == 2 else ["none"]):
                    key = f"{wl}/runtime={rt}/chan={ch}/threads={t}/placement={pl}"
                    m = base[(wl, rt)] * (t2[wl] if t == 2 else 1) * placement_factor[pl]
                    m *= 1.25 if ch == "mutex" else 1
                    red = wl == "spawn" and rt == "pthread"
                    nreq = 100000
                    n = 10000 if red else nreq
                    pc = {"compact": "core", "spread": "package"}.get(pl, "")
                    pus = "" if pl == "none" else ("0;1" if pl == "compact" else "0;2")
                    xs = []
                    for r in range(2):
                        for rep in range(1, 6):
                            x = m * (1 + random.gauss(0, 0.03))
                            if wl == "spsc" and rt == "gmp" and rep == 1:
                                x *= 1.4  # a warm-up effect for the check to find
                            xs.append(x)
                            cs = (2.0 if rt == "pthread" else 0.0001) * (1 + random.gauss(0, 0.02))
                            ins = m * 3.1 * (1 + random.gauss(0, 0.01))
                            rss = (8 << 20) + (64 if rt == "gmp" else 2048 if rt == "go" else 8192) * n
                            rows.append(f"1,{key},{wl},{rt},{ch},{t},{pl},{pc},{pus},n={n},{nreq},{n},"
                                        f"{int(red)},{r},{rep + 1},{x * n:.0f},{x:.6g},{1e9 / x:.6g},,"
                                        f"{cs:.4g},{ins:.6g},{rss}")
                    xs.sort()
                    med = (xs[4] + xs[5]) / 2
                    summary.append(f"1,{key},{wl},{rt},{ch},{t},{pl},n={n},ns_per_op,ns,10,{med:.6g},"
                                   f"{xs[1]:.6g},{xs[8]:.6g},{xs[0]:.6g},{xs[9]:.6g},1,0.01,0,0:0:0:0,")
with open(os.path.join(out, "runs.csv"), "w") as f:
    f.write(cols + "\n" + "\n".join(rows) + "\n")

# placement/: make bench's placement sweep, a results directory of its own
# (pingpong, threads=2, every placement this synthetic 1x2x2 machine has)
sweep = []
for rt, ch in [("pthread", "go"), ("gmp", "go"), ("go", "go-native")]:
    for pl, pc, pus, f in [("none", "", "", 1.0), ("compact", "smt", "0;1", 0.7),
                           ("scatter", "l2", "0;2", 1.3), ("smt", "smt", "0;1", 0.7)]:
        key = f"pingpong/runtime={rt}/chan={ch}/threads=2/placement={pl}"
        m = base[("pingpong", rt)] * t2["pingpong"] * f
        for r in range(3):
            for rep in range(1, 5):
                x = m * (1 + random.gauss(0, 0.03))
                sweep.append(f"1,{key},pingpong,{rt},{ch},2,{pl},{pc},{pus},n=2000,2000,2000,0,{r},"
                             f"{rep + 1},{x * 2000:.0f},{x:.6g},{1e9 / x:.6g},0,,,")
os.makedirs(os.path.join(out, "placement"), exist_ok=True)
with open(os.path.join(out, "placement", "runs.csv"), "w") as f:
    f.write(cols + "\n" + "\n".join(sweep) + "\n")
with open(os.path.join(out, "placement", "skipped.csv"), "w") as f:
    f.write("key,reason\npingpong/runtime=gmp/chan=go/threads=2/placement=cross-package,"
            "\"placement 'cross-package': this system has no pair of usable PUs that are "
            "cross package (pair classes there: smt,l2)\"\n")
with open(os.path.join(out, "summary.csv"), "w") as f:
    f.write("schema,key,workload,runtime,chan,threads,placement,params,metric,unit,n,median,"
            "ci_low,ci_high,min,max,mad,rel_err,unstable,outliers,note\n" + "\n".join(summary) + "\n")
with open(os.path.join(out, "skipped.csv"), "w") as f:
    f.write("key,reason\nspsc/runtime=pthread/chan=lockfree/threads=1/placement=none,"
            "variant lockfree lacks: several consumers\n")
with open(os.path.join(out, "failures.csv"), "w") as f:
    f.write("key,round,kind,reason\n")
env = {"schema": 1, "host": "tinyhost", "started": "2026-01-01T00:00:00Z",
       "command": "corobench run (synthetic fixture: tests/data/make_tiny.py)",
       "cpu_model": "Synthetic CPU @ 2.0GHz", "online_cpus": 4, "arch": "x86_64",
       "kernel": "Linux 6.1.0", "governor": "unknown", "smt_active": "1",
       "clocksource": "tsc", "perf_event_paranoid": "2"}
with open(os.path.join(out, "env.json"), "w") as f:
    json.dump(env, f, indent=2)
    f.write("\n")

def hgrm(path, med_us, tail):
    # HdrHistogram percentile lines at 5 ticks per halving, like corobench writes
    lines = ["%12s %14s %10s %14s\n\n" % ("Value", "Percentile", "TotalCount", "1/(1-Percentile)")]
    total, level, k = 10000, 0.0, 0
    while level < 0.9999:
        v = med_us * (1 + tail * (1 / (1 - level)) ** 0.5 / 100) * (0.8 if level == 0 else 1)
        lines.append("%12.3f %2.12f %10d %14.2f\n" % (v, level, int(total * level) or 1, 1 / (1 - level)))
        halvings = int(__import__("math").log2(1 / (1 - level))) + 1
        level += 1 / (5 * 2 ** halvings)
    mx = med_us * (1 + tail)
    lines.append("%12.3f %2.12f %10d\n" % (mx, 1.0, total))
    lines.append("#[Mean    = %12.3f, StdDeviation   = %12.3f]\n" % (med_us, med_us / 10))
    lines.append("#[Max     = %12.3f, Total count    = %12d]\n" % (mx, total))
    lines.append("#[Buckets = %12d, SubBuckets     = %12d]\n" % (22, 2048))
    with open(path, "w") as f:
        f.writelines(lines)

for rt, ch, med, tail in [("pthread", "go", 11.0, 40), ("gmp", "go", 0.15, 8), ("go", "go-native", 0.26, 12)]:
    stem = f"pingpong_runtime={rt}_chan={ch}_threads=1_placement=none"
    hgrm(os.path.join(out, "latency", stem + ".hgrm"), med, tail)

# c2c.csv as `corobench c2c` writes it (RTT/2, ns), and its per-class summary
with open(os.path.join(out, "c2c.csv"), "w") as f:
    f.write("from_pu,to_pu,class,min_ns,median_ns\n")
    for a in range(4):
        for b in range(4):
            if a != b:
                same_core = a // 2 == b // 2
                v = (18 if same_core else 52) * (1 + random.gauss(0, 0.03))
                f.write(f"{a},{b},{'smt' if same_core else 'l2'},{v * 0.9:.1f},{v:.1f}\n")
with open(os.path.join(out, "c2c_summary.csv"), "w") as f:
    f.write("class,label,pairs,min_ns,median_ns,max_median_ns\n"
            "smt,same core (SMT siblings),4,16.2,18.1,18.9\n"
            "l2,cross core (same L3),8,46.5,51.8,54.7\n")

xml = subprocess.run(["lstopo-no-graphics", "-i", "pack:1 l3:1 core:2 pu:2", "--of", "xml", "-"],
                     check=True, capture_output=True, text=True).stdout
with open(os.path.join(out, "topology.xml"), "w") as f:
    f.write(xml)
