#!/usr/bin/env python
"""Benchmark: quality and speed of the rule-based attribution extractor (claims.intake).

    .venv/bin/python bench/extraction_eval.py [--gold FILE ...] [--scorer FILE]

For each gold set (default ../shared/eval/seed-gold.jsonl and ../shared/eval/polnear-dev.jsonl,
relative to the project root) it writes the predictions of the extractor, and of a naive baseline
(a single "Name said" regular expression), to temporary files, runs the scorer script
(../shared/eval/score_attributions.py GOLD PRED) as a subprocess and prints its report. It also
prints the speed of both on one core, measured in the same run: articles and words per second.
When the evaluation data is absent it says so and exits 0. Needs no database.

The scorer compares one speaker field; the extractor's is sent as written followed by the
resolved name in parentheses when they differ ("he (Ann Lee)"), both being in its output.
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.intake import extract_attributions  # noqa: E402

DEFAULT_GOLD = ["../shared/eval/seed-gold.jsonl", "../shared/eval/polnear-dev.jsonl"]
DEFAULT_SCORER = "../shared/eval/score_attributions.py"
NAIVE = re.compile(r"(?P<speaker>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*) said,? (?P<content>[^.\n]+)")


def naive_extract(text: str) -> list[dict]:
    """The baseline: every "Name said CONTENT." in the text, nothing else."""
    return [
        {"speaker": m.group("speaker"), "content": m.group("content")} for m in NAIVE.finditer(text)
    ]


def scored_speaker(attribution: dict) -> str:
    """The speaker as written, followed by the resolved name when that adds to it.

    The extractor returns both (`speaker`, `speaker_name`); the scorer reads one field. "he"
    resolved to "Ann Lee" is scored as "he (Ann Lee)", "Lee" as "Lee (Ann Lee)", "Ann Lee" as is.
    """
    speaker, name = attribution["speaker"], attribution["speaker_name"]
    if not name or set(name.lower().split()) <= set(speaker.lower().split()):
        return speaker
    return f"{speaker} ({name})"


def ours(text: str) -> list[dict]:
    """The extractor under test, as the management command prints it, plus the scored speaker."""
    out = []
    for attribution in extract_attributions(text):
        record = attribution.as_dict()
        record["speaker"] = scored_speaker(record)
        out.append(record)
    return out


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def run(docs: list[dict], extractor: Callable[[str], list[dict]], out: Path) -> tuple[float, float]:
    """Extract from every article into `out`; return (articles/s, words/s) of extraction alone."""
    started = time.perf_counter()
    results = [extractor(doc["text"]) for doc in docs]
    elapsed = max(time.perf_counter() - started, 1e-9)
    with out.open("w", encoding="utf-8") as f:
        for doc, attributions in zip(docs, results, strict=True):
            record = {"doc_id": doc["doc_id"], "attributions": attributions}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    n_words = sum(len(doc["text"].split()) for doc in docs)
    return len(docs) / elapsed, n_words / elapsed


def score(scorer: Path, gold: Path, pred: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", nargs="+", default=DEFAULT_GOLD, help="gold JSONL files")
    parser.add_argument("--scorer", default=DEFAULT_SCORER)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs (best is kept)")
    args = parser.parse_args()

    scorer = (ROOT / args.scorer).resolve()
    if not scorer.is_file():
        print(f"Scorer not found at {scorer}: evaluation data is absent, nothing to measure.")
        return 0
    with tempfile.TemporaryDirectory(prefix="extraction-eval-") as tmp:
        for name in args.gold:
            gold = (ROOT / name).resolve()
            if not gold.is_file():
                print(f"Gold file not found: {gold} (skipped)")
                continue
            docs = load(gold)
            n_words = sum(len(doc["text"].split()) for doc in docs)
            per_article = n_words / max(len(docs), 1)
            print(f"== {gold.name}: {len(docs)} articles, {per_article:.0f} words each")
            for label, extractor in (("extractor", ours), ("baseline 'X said'", naive_extract)):
                pred = Path(tmp) / f"{gold.stem}.{label.split()[0]}.jsonl"
                speeds = [run(docs, extractor, pred) for _ in range(max(args.repeat, 1))]
                per_doc, per_word = max(speeds)
                print(f"-- {label}")
                print(score(scorer, gold, pred).rstrip())
                print(f"speed: {per_doc:,.0f} articles/s, {per_word:,.0f} words/s (one core)")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
