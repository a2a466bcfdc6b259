"""The machine, the versions, and the tables (markdown: printed and written to results.md)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata as md
import os
import platform
from typing import Any

NAMES = {
    "raw": "raw httpx",
    "ours": "hubspot-meetings (ours)",
    "classic": "hubspot-api-client",
    "sdk": "hubspot-sdk",
}
OP_NAMES = {
    "get": "get by id",
    "create": "create",
    "search_page": "search (1 page of 100)",
    "batch_read": "batch read of 100",
    "meetings_for": "meetings of a deal (1,000)",
}


def machine() -> list[str]:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "?"
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
            mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass

    def v(pkg: str) -> str:
        try:
            return md.version(pkg)
        except md.PackageNotFoundError:
            return "not installed"

    versions = ", ".join(
        f"{p} {v(p)}"
        for p in (
            "hubspot-meetings",
            "httpx",
            "hubspot-api-client",
            "urllib3",
            "hubspot-sdk",
            "pydantic",
            "hypercorn",
        )
    )
    return [
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} CPUs ({cpu}), {mem} RAM, {platform.platform()}",
        f"- Python {platform.python_version()}; {versions}",
    ]


def _fmt_us(s: float) -> str:
    return f"{s * 1e6:,.0f}"


def percall_table(res: dict[tuple[str, str, str], dict[str, float]]) -> list[str]:
    lines = [
        "| op | mode | client | wall µs/call | CPU µs/call | wall ÷ raw | CPU ÷ raw |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    measured = {op for (_client, _mode, op) in res}
    for op, op_name in OP_NAMES.items():
        if op not in measured:
            continue
        for mode in ("sync", "async"):
            base = res.get(("raw", mode, op))
            for client in ("raw", "ours", "classic", "sdk"):
                r = res.get((client, mode, op))
                if r is None:
                    if client == "classic" and mode == "async" and ("classic", "sync", op) in res:
                        lines.append(
                            f"| {op_name} | async | {NAMES[client]} | no async API | | | |"
                        )
                    continue
                wr = f"{r['wall'] / base['wall']:.2f}x" if base else "-"
                cr = f"{r['cpu'] / base['cpu']:.2f}x" if base and base["cpu"] else "-"
                lines.append(
                    f"| {op_name} | {mode} | {NAMES[client]} | {_fmt_us(r['wall'])} | "
                    f"{_fmt_us(r['cpu'])} | {wr} | {cr} |"
                )
    return lines


def bulk_table(title: str, res: dict[tuple[str, int], dict[str, Any]]) -> list[str]:
    lines = [
        f"| {title} | items | wall s | CPU s | ÷ raw CPU | peak RSS MB | RSS growth MB | 429s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (client, n), r in sorted(res.items(), key=lambda kv: (kv[0][1], kv[0][0] != "raw")):
        if "error" in r:
            lines.append(f"| {NAMES[client]} | {n:,} | failed: {r['error'][:80]} | | | | | |")
            continue
        base = res.get(("raw", n), {})
        ratio = f"{r['cpu'] / base['cpu']:.2f}x" if base.get("cpu") else "-"
        lines.append(
            f"| {NAMES[client]} | {r['count']:,} | {r['wall']:.2f} | {r['cpu']:.2f} | {ratio} | "
            f"{r['rss_peak_mb']:.0f} | {r['growth_mb']:.1f} | {r['429']} |"
        )
    return lines


def ratelimited_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| client | workload | limit /10 s | meetings | requests sent | wall s | best s "
        "| req/s | ÷ allowed | best ÷ wall | 429s | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        what = r["what"] + (f" ({r['how']})" if r.get("how") else "")
        if "error" in r:
            lines.append(f"| {NAMES[r['client']]} | {what} | {r['limit']} | failed: {r['error']} |")
            continue
        vs_ideal = f"{r['vs_ideal']:.0%}" if r["ideal_s"] else "- (one burst)"
        lines.append(
            f"| {NAMES[r['client']]} | {what} | {r['limit']} | {r['count']:,} | "
            f"{r['admitted'] + r['429']} | {r['wall']:.1f} | {r['ideal_s']:.0f} | "
            f"{r['rate']:.1f} | {r['fraction']:.0%} | {vs_ideal} | {r['429']} | "
            f"{r['errors']} |"
        )
    return lines


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _sections(text: str) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """Head (before the first `## `), sections by title in order, and the closing lines."""
    head: list[str] = []
    sections: dict[str, list[str]] = {}
    tail: list[str] = []
    current = head
    for line in text.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line, [line])
        elif line.startswith("Total benchmark time"):
            current = tail
            tail.append(line)
        else:
            current.append(line)
    return head, sections, tail


def merge(old: str, new: str) -> str:
    """`old` with the sections of `new` put in (replaced where the title exists)."""
    head, sections, tail = _sections(old)
    for title, lines in _sections(new)[1].items():
        sections[title] = lines
    body = [line for lines in sections.values() for line in lines]
    return "\n".join([*head, *body, *tail, ""])
