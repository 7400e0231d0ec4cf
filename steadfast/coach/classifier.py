"""The small classifier that decides what the rules leave open.

TF-IDF over words and character n-grams, then multinomial logistic regression, trained from the
committed corpus the first time it is needed in a process (well under a second; nothing is
pickled or downloaded). Training is deterministic, so every process gets the same weights.
"""

import json
import re
from functools import cache
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline
from threadpoolctl import threadpool_limits

from .lexicon import LABELS

CORPUS = Path(__file__).parent / "data" / "corpus.jsonl"
# The training splits. "test" is held out: it is never trained or tuned on.
TRAINING_SPLITS = ("train", "dev")
REGULARISATION_C = 8.0

_TOKEN = re.compile(r"[a-z0-9']+|[^\sa-z0-9]", re.IGNORECASE)


def load_corpus(splits: tuple[str, ...] | None = None) -> list[dict]:
    with CORPUS.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [row for row in rows if splits is None or row["split"] in splits]


def word_features(text: str) -> list[str]:
    """Word unigrams and bigrams plus a length bucket (short replies behave differently)."""
    tokens = _TOKEN.findall(text.lower())
    words = [token for token in tokens if token[0].isalnum() or token[0] == "'"]
    length = len(words)
    bucket = "len:0" if length == 0 else "len:1-2" if length <= 2 else "len:3-6"
    if length > 6:
        bucket = "len:7+"
    bigrams = [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
    return [*tokens, *bigrams, bucket]


def build_pipeline():
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer=word_features, sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
            ),
        ]
    )
    return make_pipeline(
        features,
        LogisticRegression(
            C=REGULARISATION_C, solver="newton-cg", max_iter=1000, class_weight="balanced"
        ),
    )


def train(rows: list[dict]):
    pipeline = build_pipeline()
    # One BLAS thread: on a busy 2-core machine extra threads made training 20 times slower.
    with threadpool_limits(limits=1):
        pipeline.fit([row["text"] for row in rows], [row["label"] for row in rows])
    return pipeline


@cache
def trained_model():
    return train(load_corpus(TRAINING_SPLITS))


def probabilities(text: str, model=None) -> dict[str, float]:
    model = model or trained_model()
    row = model.predict_proba([text])[0]
    by_class = dict(zip(model.classes_, row, strict=True))
    return {label: float(by_class[label]) for label in LABELS}
