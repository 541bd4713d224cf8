"""The benchmark's outputs besides the JSON: a PNG chart and the "Performance" markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_chart(results: dict[str, Any], path: Path) -> None:
    """Throughput (a) vs (b) per size, per-stage CPU cost, peak RSS per size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
    labels = [f"{s['files']} files\nload " + " / ".join(
        f"({p}) {s[p]['loadavg_before'][0]:.1f}" for p in ("a", "b") if p in s)
        for s in sizes]
    x = range(len(sizes))
    width = 0.38
    for ax, key, title, unit in ((axes[0], "articles_per_second", "Throughput", "articles/s"),
                                 (axes[2], "peak_rss_mib", "Peak RSS (all processes)", "MiB")):
        for offset, part, name in ((-width / 2, "a", "(a) pipeline"),
                                   (width / 2, "b", "(b) plain loop")):
            values = [s.get(part, {}).get(key, 0) for s in sizes]
            bars = ax.bar([i + offset for i in x], values, width, label=name)
            ax.bar_label(bars, fmt="%.0f", fontsize=8)
        ax.set_xticks(list(x), labels)
        ax.set_title(title)
        ax.set_ylabel(unit)
        ax.set_ylim(top=1.3 * max([s.get(p, {}).get(key, 0) for s in sizes for p in "ab"]
                                  + [1]))  # room for the legend above the bars
        ax.legend(fontsize=8, loc="upper center", ncols=2)
    for i, s in enumerate(sizes):
        if "ratio_a_over_b" in s:
            axes[0].annotate(f"ratio {s['ratio_a_over_b']:.2f}", (i, 0), textcoords="offset points",
                             xytext=(0, -40), ha="center", fontsize=8, annotation_clip=False)
    stages = results.get("stages")
    ax = axes[1]
    if stages:
        names = [*stages["stages"], "total"]
        med = [stages["stages"][n]["median_ms"] for n in stages["stages"]]
        p95 = [stages["stages"][n]["p95_ms"] for n in stages["stages"]]
        med.append(stages["total"]["median_ms"])
        p95.append(stages["total"]["p95_ms"])
        pos = range(len(names))
        b1 = ax.bar([i - width / 2 for i in pos], med, width, label="median")
        b2 = ax.bar([i + width / 2 for i in pos], p95, width, label="p95")
        ax.bar_label(b1, fmt="%.1f", fontsize=7)
        ax.bar_label(b2, fmt="%.1f", fontsize=7)
        ax.set_xticks(list(pos), names)
        ax.set_ylabel("CPU ms per article (one core)")
        ax.set_title(f"Per-stage cost ({stages['articles']} articles, median "
                     f"{stages['median_words']:.0f} words)")
        ax.legend(fontsize=8)
    m = results["machine"]
    fig.suptitle(f"Akhbar benchmark: {results['corpus']['name']}, {results['workers']} workers, "
                 f"{m['cpu_model']} ({m['logical_cpus']} CPUs), {results['started_utc']}",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _load(res: dict[str, Any]) -> str:
    return f"{res['loadavg_before'][0]:.1f}→{res['loadavg_after'][0]:.1f}"


def render_markdown(results: dict[str, Any]) -> str:
    """The "Performance" section for ``results`` (the README's current table)."""
    m = results["machine"]
    lines = [
        "## Performance",
        "",
        f"Measured {results['started_utc']} on {m['cpu_model']}, {m['logical_cpus']} logical "
        f"CPUs, {m['memory_gib']} GiB, Python {m['python']}, Beam {m['apache_beam']} "
        f"(commit `{results['git']['commit'][:10]}`), corpus `{results['corpus']['name']}`, "
        f"{results['workers']} worker processes. Rerun with:",
        "",
        "```sh",
        results["command"],
        "```",
        "",
        "(a) is `akhbar run` with the default config (DirectRunner, multi_processing, all "
        "cores); (b) is a plain multiprocessing loop over the same files calling the same "
        "functions (the duplicate pass, then parse, normalize, entities, dates, Avro write) "
        "with the same number of processes, our practical upper bound. (b) writes the same "
        "articles with the same duplicate and near-duplicate flags (checked: the counts must "
        "match) but does "
        "not write the dead letters. CPU ms/article is the user+system CPU of every process "
        "of the run divided by the articles written (robust to other load, unlike "
        "articles/s). Peak memory is the summed RSS of every process of the run. Load is the "
        "1-minute load average before→after the run.",
        "",
        "| files | articles | (a) articles/s | (b) articles/s | (a)/(b) | CPU ms/article "
        "(a) / (b) | (a) peak RSS | (b) peak RSS | load (a) | load (b) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in results["sizes"]:
        a, b = s.get("a"), s.get("b")
        if not (a and b):
            continue
        lines.append(
            f"| {s['files']} | {a['articles_written']} | {a['articles_per_second']:.1f} | "
            f"{b['articles_per_second']:.1f} | {s['ratio_a_over_b']:.2f} | "
            f"{a['cpu_ms_per_article']:.1f} / {b['cpu_ms_per_article']:.1f} | "
            f"{a['peak_rss_mib']:.0f} MiB | "
            f"{b['peak_rss_mib']:.0f} MiB | {_load(a)} | {_load(b)} |")
    sc = results.get("scaling", {})
    if "a" in sc and "b" in sc:
        lines += [
            "",
            f"Between the two sizes (fixed start-up costs removed): (a) "
            f"{sc['a']['marginal_ms_per_article']:.2f} ms per article after "
            f"{sc['a']['fixed_seconds']:.0f} s of fixed cost, (b) "
            f"{sc['b']['marginal_ms_per_article']:.2f} ms after {sc['b']['fixed_seconds']:.0f} s;"
            f" marginal ratio (a)/(b) {sc.get('marginal_ratio_a_over_b', 0):.2f}.",
        ]
    stages = results.get("stages")
    if stages:
        lines += [
            "",
            f"CPU cost per article on one core ({stages['articles']} articles, median "
            f"{stages['median_words']:.0f} words, measured after a warm-up on "
            f"{stages.get('warmup_files', 5)} other files; entities run 16 articles per call "
            "as in the pipeline, their CPU shared out by tokens; CPU time, so less sensitive "
            "to other load):",
            "",
            "| step | median ms | p95 ms |",
            "|---|---:|---:|",
        ]
        for name, v in stages["stages"].items():
            lines.append(f"| {name} | {v['median_ms']:.2f} | {v['p95_ms']:.2f} |")
        lines.append(f"| **total** | **{stages['total']['median_ms']:.2f}** | "
                     f"**{stages['total']['p95_ms']:.2f}** |")
        near = stages.get("total_median_ms_300_500_words")
        lines += ["", f"Scaled to a 400-word article: {stages['total_median_ms_per_400_words']:.1f}"
                  " ms median" + (f"; measured on articles of 300–500 words: {near:.1f} ms."
                                  if near is not None else ".")]
        per = stages.get("stages_300_500_words")
        if near is not None and per:
            lines[-1] += " Of which " + ", ".join(
                f"{k} {v:.2f}" for k, v in per.items()) + " ms (medians)."
    checks = results.get("checks", {})
    if checks:
        lines += ["", "| target | value | goal | met |", "|---|---:|---:|:---:|"]
        for name, c in checks.items():
            lines.append(f"| {name} | {c['value']} | {c['target']} | "
                         f"{'yes' if c['ok'] else '**no**'} |")
    lines += ["", "Raw numbers: `benchmarks/results.json`; chart: `benchmarks/benchmark.png`.", ""]
    return "\n".join(lines)


BEGIN_MARK = "<!-- benchmark:begin (written by scripts/benchmark.py) -->"
END_MARK = "<!-- benchmark:end -->"


def write_markdown(results: dict[str, Any], path: Path) -> None:
    """Write the section to ``path``; in a file that has the begin/end marks (such as
    ``docs/performance.md``, which keeps the history of runs below them) only the text
    between the marks is replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    section = render_markdown(results)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN_MARK in old and END_MARK in old:
        head, rest = old.split(BEGIN_MARK, 1)
        tail = rest.split(END_MARK, 1)[1]
        section = f"{head}{BEGIN_MARK}\n{section}\n{END_MARK}{tail}"
    path.write_text(section, encoding="utf-8")
