"""Figures for the coach on a labelled set: what `coach_eval` prints and the tests check.

Abstention (primary None) counts as "not flagged" for the harsh-vs-gentle figures and as a miss
for the five-label figures, so abstaining never flatters the five-label score.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .lexicon import LABELS

ABSTAIN = "(none)"


@dataclass(frozen=True)
class Report:
    n: int
    harsh_f1: float
    macro_f1: float
    per_label_f1: dict[str, float]
    gentle_flagged: float
    harsh_passed: float
    abstained: float
    confusion: dict[str, dict[str, int]]

    def lines(self) -> list[str]:
        out = [
            f"messages: {self.n}",
            f"harsh-vs-gentle F1: {self.harsh_f1:.3f}",
            f"five-label macro-F1: {self.macro_f1:.3f}",
            "per-label F1: "
            + ", ".join(f"{label} {f1:.3f}" for label, f1 in self.per_label_f1.items()),
            f"gentle wrongly flagged: {self.gentle_flagged:.1%}",
            f"harsh labelled gentle: {self.harsh_passed:.1%}",
            f"abstained: {self.abstained:.1%}",
            "confusion (rows true, columns predicted):",
        ]
        columns = [*LABELS, ABSTAIN]
        out.append(" " * 14 + "".join(f"{c[:8]:>9}" for c in columns))
        for label in LABELS:
            out.append(f"{label:<14}" + "".join(f"{self.confusion[label][c]:>9}" for c in columns))
        return out


def _f1(true_positive: int, false_positive: int, false_negative: int) -> float:
    denominator = 2 * true_positive + false_positive + false_negative
    return 2 * true_positive / denominator if denominator else 0.0


def evaluate(rows: Iterable[dict], predict: Callable[[str, str | None], str | None]) -> Report:
    pairs = [(row["label"], predict(row["text"], row.get("previous")) or ABSTAIN) for row in rows]
    confusion = {label: dict.fromkeys([*LABELS, ABSTAIN], 0) for label in LABELS}
    for truth, guess in pairs:
        confusion[truth][guess] += 1
    per_label = {}
    for label in LABELS:
        tp = confusion[label][label]
        fp = sum(confusion[other][label] for other in LABELS if other != label)
        fn = sum(confusion[label].values()) - tp
        per_label[label] = _f1(tp, fp, fn)

    def harsh(label: str) -> bool:
        return label not in ("gentle", ABSTAIN)

    tp = sum(1 for t, g in pairs if harsh(t) and harsh(g))
    fp = sum(1 for t, g in pairs if not harsh(t) and harsh(g))
    fn = sum(1 for t, g in pairs if harsh(t) and not harsh(g))
    gentle = [g for t, g in pairs if t == "gentle"]
    harsh_rows = [g for t, g in pairs if harsh(t)]
    n = len(pairs)
    return Report(
        n=n,
        harsh_f1=_f1(tp, fp, fn),
        macro_f1=sum(per_label.values()) / len(LABELS),
        per_label_f1=per_label,
        gentle_flagged=sum(1 for g in gentle if harsh(g)) / max(len(gentle), 1),
        harsh_passed=sum(1 for g in harsh_rows if g == "gentle") / max(len(harsh_rows), 1),
        abstained=sum(1 for _, g in pairs if g == ABSTAIN) / max(n, 1),
        confusion=confusion,
    )
