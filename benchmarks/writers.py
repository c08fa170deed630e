"""The benchmark suite's results as a Markdown table and an SVG chart (no plotting library).

``markdown(result)`` and ``svg(result)`` take the result dictionary written by
``suite.py`` (``benchmarks/results/<stamp>.json``)::

    {"date": ..., "corpus": {"counts": {...}, "seconds": ...}, "settings": {...},
     "environment": {...},
     "pages": {name: {"title", "path", "user", "baseline", "stock": bool,
                      "serial_ms", "p50_ms", "p95_ms", "req_per_s",
                      "ratio_p50", "ratio_serial"}},       # ratios only with a baseline
     "throughput": {"one_client": {"req_per_s", ...}, "two_clients": {...},
                    "scaling": float, "balancer": str},
     "reports": {name: {"title", "path", "user", "median_ms", "max_ms", "runs"}}}
"""

from xml.sax.saxutils import escape


def _ms(value):
    return "—" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _ratio(value):
    return "—" if value is None else f"{value:.2f} ×"


def markdown(result):
    env = result.get("environment", {})
    settings = result.get("settings", {})
    counts = result.get("corpus", {}).get("counts", {})
    lines = [
        f"# eiso benchmark, {result['date']}",
        "",
        f"Corpus: {counts.get('agencies', '?')} agencies, {counts.get('accounts', '?')} accounts, "
        f"{counts.get('ControlledDocument', '?')} controlled documents with files, "
        f"{counts.get('Record', '?')} records, {counts.get('Nonconformity', '?')} nonconformities, "
        f"{counts.get('cases_policy', '?')} policy/context cases; stock Plone: "
        f"{counts.get('stock_File', '?')} Files, {counts.get('stock_Document', '?')} Documents.",
        "",
        f"Machine: {env.get('cpus', '?')} CPUs, load average {_loadavg(env.get('loadavg'))} "
        f"at the start, {_loadavg(env.get('loadavg_end'))} at the end; Plone "
        f"{env.get('plone', '?')}, eiso {env.get('eiso', '?')} ({env.get('git_commit', '?')}). "
        "Other work ran on the machine: absolute times are noisy, **the ratios "
        "(measured in the same run, on the same server) are what counts**.",
        "",
        f"Latency: one ZEO client (waitress, 4 threads); serial = median of requests one at "
        f"a time; median and p95 under `wrk -c{settings.get('connections', '?')}`, "
        f"{settings.get('duration_s', '?')} s per page. Times in ms.",
        "",
        "| page | user | serial | median | p95 | req/s | vs stock (median) | stock page |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, page in result["pages"].items():
        label = f"{page.get('title') or name}" + (" *(stock)*" if page.get("stock") else "")
        lines.append(
            f"| {label} | {page.get('user', '')} | {_ms(page.get('serial_ms'))} | "
            f"{_ms(page.get('p50_ms'))} | {_ms(page.get('p95_ms'))} | "
            f"{page.get('req_per_s', 0):.1f} | {_ratio(page.get('ratio_p50'))} | "
            f"{page.get('baseline') or ''} |")
    throughput = result.get("throughput")
    if throughput:
        one, two = throughput["one_client"], throughput["two_clients"]
        lines += [
            "",
            "## Throughput, mixed pages",
            "",
            f"{throughput.get('description', '')}",
            "",
            "| set-up | req/s | median ms | p95 ms | errors |",
            "|---|---:|---:|---:|---:|",
            f"| 1 ZEO client | {one['req_per_s']:.1f} | {_ms(one.get('p50_ms'))} | "
            f"{_ms(one.get('p95_ms'))} | {one.get('errors', 0)} |",
            f"| 2 ZEO clients | {two['req_per_s']:.1f} | {_ms(two.get('p50_ms'))} | "
            f"{_ms(two.get('p95_ms'))} | {two.get('errors', 0)} |",
            "",
            f"Scaling 2 clients / 1 client: **{throughput['scaling']:.2f} ×** "
            f"({env.get('cpus', '?')} CPUs shared by both clients, the ZEO server, wrk "
            "and the machine's other work).",
        ]
    reports = result.get("reports")
    if reports:
        lines += [
            "",
            "## Province reports",
            "",
            "| page | user | median ms | slowest ms | requests |",
            "|---|---|---:|---:|---:|",
        ]
        for name, report in reports.items():
            lines.append(f"| {report.get('title') or name} (`{report['path']}`) | "
                         f"{report['user']} | {_ms(report['median_ms'])} | "
                         f"{_ms(report['max_ms'])} | {len(report['runs'])} |")
    for note in result.get("notes", ()):
        lines += ["", note]
    return "\n".join(lines) + "\n"


def _loadavg(values):
    return " / ".join(f"{v:.1f}" for v in values) if values else "?"


# -- SVG -----------------------------------------------------------------------------

WIDTH = 760
LABEL_W = 250
BAR_H = 18
GAP = 6
EISO = "#1f6fb2"
STOCK = "#9aa5b1"
WARN = "#c0392b"


def _bars(y, title, rows, unit, maximum, marks=()):
    """One horizontal bar chart; rows: (label, value, colour); returns (svg parts, new y)."""
    parts = [f'<text x="10" y="{y + 14}" font-size="15" font-weight="bold">{escape(title)}</text>']
    y += 26
    span = WIDTH - LABEL_W - 80
    scale = span / maximum if maximum > 0 else 0
    top = y
    for label, value, colour in rows:
        width = max(1.0, value * scale)
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + BAR_H - 5}" font-size="12" '
                     f'text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect class="bar" x="{LABEL_W}" y="{y}" width="{width:.1f}" '
                     f'height="{BAR_H}" fill="{colour}" data-value="{value}"/>')
        parts.append(f'<text x="{LABEL_W + width + 4:.1f}" y="{y + BAR_H - 5}" '
                     f'font-size="12">{value:.2f}{escape(unit)}</text>' if unit == " ×" else
                     f'<text x="{LABEL_W + width + 4:.1f}" y="{y + BAR_H - 5}" '
                     f'font-size="12">{value:,.0f}{escape(unit)}</text>')
        y += BAR_H + GAP
    for value, text in marks:
        x = LABEL_W + value * scale
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{y}" '
                     f'stroke="#333" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x + 3:.1f}" y="{top - 6}" font-size="11">{escape(text)}</text>')
    return parts, y + 14


def svg(result, target_ratio=1.5):
    pages = result["pages"]
    medians = [(f"{page.get('title') or name}", page["p50_ms"], STOCK if page.get("stock") else EISO)
               for name, page in pages.items()]
    ratios = [(f"{page.get('title') or name}", page["ratio_p50"],
               WARN if page["ratio_p50"] > target_ratio else EISO)
              for name, page in pages.items() if page.get("ratio_p50") is not None]
    parts = []
    y = 10
    parts.append(f'<text x="10" y="{y + 16}" font-size="17" font-weight="bold">'
                 f'{escape("eiso benchmark " + result["date"])}</text>')
    y += 30
    chunk, y = _bars(y, "eiso / stock Plone, median latency under load (lower is better)",
                     ratios, " ×", max([r[1] for r in ratios] + [target_ratio]) * 1.1,
                     marks=((1.0, "1 × stock"), (target_ratio, f"target {target_ratio}")))
    parts += chunk
    chunk, y = _bars(y, "Median latency under load, ms (blue: eiso, grey: stock Plone)",
                     medians, " ms", max([m[1] for m in medians] + [1]) * 1.1)
    parts += chunk
    throughput = result.get("throughput")
    if throughput:
        rows = [("1 ZEO client", throughput["one_client"]["req_per_s"], EISO),
                ("2 ZEO clients", throughput["two_clients"]["req_per_s"], EISO)]
        chunk, y = _bars(y, f"Throughput, mixed pages, req/s (scaling "
                            f"{throughput['scaling']:.2f} ×)", rows, " req/s",
                         max(r[1] for r in rows) * 1.1)
        parts += chunk
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{y}" '
            f'viewBox="0 0 {WIDTH} {y}" font-family="sans-serif">\n'
            f'<rect width="{WIDTH}" height="{y}" fill="white"/>\n'
            + "\n".join(parts) + "\n</svg>\n")
