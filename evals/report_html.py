"""A self-contained HTML page of an eval report: highlighted spans, matched pairs, misses and false claims."""

from __future__ import annotations

from html import escape
from typing import Any

from claimex.evals.metrics import HEADLINE

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;vertical-align:top}
th{background:#f3f3f3;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
.article{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;background:#fafafa}
mark.g{background:#fff3b0}mark.p{background:#b9e6ff}mark.b{background:#b8f0c0}
.miss{color:#a00}.fp{color:#a05a00}.ok{color:#060}small{color:#666}
"""


def _highlight(text: str, gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> str:
    marks = [0] * (len(text) + 1)
    for claims, bit in ((gold, 1), (predicted, 2)):
        for claim in claims:
            for i in range(claim["evidence"]["start"], claim["evidence"]["end"]):
                marks[i] |= bit
    out, current, start = [], 0, 0
    for i in range(len(text) + 1):
        if i == len(text) or marks[i] != current:
            chunk = escape(text[start:i])
            css = {0: "", 1: "g", 2: "p", 3: "b"}[current]
            out.append(f'<mark class="{css}">{chunk}</mark>' if css else chunk)
            if i < len(text):
                current, start = marks[i], i
    return "".join(out)


def _claim_cell(claim: dict[str, Any]) -> str:
    return (
        f"<b>{escape(str(claim.get('speaker')))}</b> <small>{escape(str(claim.get('speaker_role') or ''))}</small><br>"
        f"{escape(claim['claim'])}<br><small>hedge {claim['hedge_level']} · {claim['quote_type']} · "
        f"outlet {escape(str(claim.get('source_outlet')))}</small>"
    )


def _metrics_table(report: dict[str, Any]) -> str:
    rows = []
    keys = [k for k in report["overall"] if k != "counts"]
    for key in keys:
        strong = " style='font-weight:bold'" if key in HEADLINE else ""
        rows.append(
            f"<tr{strong}><td>{key}</td><td class=num>{report['overall'][key]}</td>"
            f"<td class=num>{report['baseline']['overall'][key]}</td></tr>"
        )
    return "<table><tr><th>metric</th><th>claimex</th><th>rule baseline</th></tr>" + "".join(rows) + "</table>"


def render_report(report: dict[str, Any]) -> str:
    """The report as one HTML page."""
    parts = [
        f"<!doctype html><meta charset=utf-8><title>claimex eval</title><style>{_STYLE}</style>",
        f"<h1>claimex eval</h1><p>model <b>{escape(report['model'])}</b> · prompt <b>{escape(report['prompt_version'])}</b>"
        f" · mode {escape(report['mode'])} · revision <code>{escape(report['git_revision'][:10])}</code>"
        f" · {escape(report['created'])} · repeat {report['repeat']}</p>",
        _metrics_table(report),
        "<p><mark class=g>gold evidence</mark> <mark class=p>predicted evidence</mark> <mark class=b>both</mark></p>",
    ]
    for entry, gold in zip(report["articles"], report["gold"], strict=True):
        predicted, claims = entry["predicted"], gold["claims"]
        m = entry["metrics"]
        parts.append(
            f"<h2>{escape(entry['id'])}</h2><p>strict F1 <b>{m['claim_f1_strict']}</b> · lenient F1 "
            f"{m['claim_f1_lenient']} · speaker {m['speaker_accuracy']} · {entry.get('latency_s', '?')} s</p>"
        )
        parts.append(f"<div class=article>{_highlight(gold['text'], claims, predicted)}</div>")
        rows = [
            f"<tr><td class=ok>{_claim_cell(claims[p['gold']])}</td><td>{_claim_cell(predicted[p['predicted']])}"
            f"<br><small>similarity {p['similarity']}</small></td></tr>"
            for p in entry["pairs"]
        ]
        parts.append("<h3>Matched</h3><table><tr><th>gold</th><th>predicted</th></tr>" + "".join(rows) + "</table>")
        misses = "".join(f"<li class=miss>{_claim_cell(claims[i])}</li>" for i in entry["missed"])
        parts.append(f"<h3>Missed ({len(entry['missed'])})</h3><ul>{misses}</ul>")
        false = "".join(f"<li class=fp>{_claim_cell(predicted[i])}</li>" for i in entry["false_claims"])
        parts.append(f"<h3>False claims ({len(entry['false_claims'])})</h3><ul>{false}</ul>")
        for warning in entry.get("warnings", []):
            parts.append(f"<p><small>warning: {escape(warning)}</small></p>")
    return "\n".join(parts)
