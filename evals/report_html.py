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


def _metrics_table(split: dict[str, Any]) -> str:
    rows = []
    keys = [k for k, v in split["overall"].items() if isinstance(v, int | float)]
    for key in keys:
        strong = " style='font-weight:bold'" if key in HEADLINE else ""
        rows.append(
            f"<tr{strong}><td>{key}</td><td class=num>{split['overall'][key]}</td>"
            f"<td class=num>{split['rules_only'][key]}</td><td class=num>{split['baseline'][key]}</td></tr>"
        )
    recall = split["overall"]["recall_by_quote_type"]
    rows.append(
        "<tr><td>recall by quote type</td><td colspan=3>"
        + " · ".join(f"{q} {v}" for q, v in recall.items())
        + f" · checks {escape(str(split['overall']['checks']))}</td></tr>"
    )
    header = "<tr><th>metric</th><th>claimex</th><th>rules only (model ablated)</th><th>rule baseline</th></tr>"
    return "<table>" + header + "".join(rows) + "</table>"


def render_report(report: dict[str, Any]) -> str:
    """The report as one HTML page: per split a metrics table, then every article with its pairs and misses."""
    parts = [
        f"<!doctype html><meta charset=utf-8><title>claimex eval</title><style>{_STYLE}</style>",
        f"<h1>claimex eval</h1><p>model <b>{escape(report['model'])}</b> · prompt <b>{escape(report['prompt_version'])}</b>"
        f" · mode {escape(report['mode'])} · revision <code>{escape(report['git_revision'][:10])}</code>"
        f" · {escape(report['created'])} · repeat {report['repeat']}</p>",
        "<p><mark class=g>gold evidence</mark> <mark class=p>predicted evidence</mark> <mark class=b>both</mark></p>",
    ]
    for name, split in report["splits"].items():
        parts.append(f"<h1>split {escape(name)} ({split['articles']} articles)</h1>")
        parts.append(_metrics_table(split))
        for entry, gold in zip(split["per_article"], split["gold"], strict=True):
            parts.extend(_article_section(entry, gold))
    return "\n".join(parts)


def _article_section(entry: dict[str, Any], gold: dict[str, Any]) -> list[str]:
    predicted, claims = entry["predicted"], gold["claims"]
    m = entry["metrics"]
    parts = [
        f"<h2>{escape(entry['id'])}</h2><p>strict F1 <b>{m['claim_f1_strict']}</b> · lenient F1 "
        f"{m['claim_f1_lenient']} · speaker {m['speaker_accuracy']} · {entry.get('latency_s', '?')} s</p>",
        f"<div class=article>{_highlight(gold['text'], claims, predicted)}</div>",
    ]
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
    parts.extend(f"<p><small>warning: {escape(w)}</small></p>" for w in entry.get("warnings", []))
    return parts
