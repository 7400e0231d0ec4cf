"""The message coach's figures on its held-out test split (or --split dev/train).

.venv/bin/python bench/coach_eval.py [--split test]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from steadfast.coach import analyse  # noqa: E402
from steadfast.coach.classifier import load_corpus  # noqa: E402
from steadfast.coach.metrics import evaluate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="test", choices=["train", "dev", "test"])
    split = parser.parse_args().split
    report = evaluate(load_corpus((split,)), lambda text, previous: analyse(text, previous).primary)
    print(f"split: {split}")
    print("\n".join(report.lines()))


if __name__ == "__main__":
    main()
