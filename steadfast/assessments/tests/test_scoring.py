"""Scoring vectors for every instrument, derived by hand from the rules in
shared/research/instruments.md. Each row shows its arithmetic.

Answers are the values printed on the form (item 1 first). Keyed value of a reverse item
= min + max - printed value of its response set.
"""

import copy
import json

import pytest

from steadfast.assessments.definitions import INSTRUMENT_DIR, get_instrument, parse
from steadfast.assessments.scoring import InvalidAnswers, score

N = None  # unanswered


def answers(values):
    return {number: value for number, value in enumerate(values, start=1) if value is not N}


def row(key, values, case, **expected):
    return pytest.param(key, values, expected, id=f"{key}-{case}")


def expected_dict(key, expected):
    subscales = {
        name: {"sum": pytest.approx(part_sum, abs=1e-4), "mean": pytest.approx(mean, abs=1e-4)}
        for name, (part_sum, mean) in expected.get("subscales", {}).items()
    }
    number = {
        k: None if expected.get(k) is None else pytest.approx(expected[k], abs=1e-4)
        for k in ("total", "mean")
    }
    return {
        "instrument": key,
        "valid": True,
        **number,
        "subscales": subscales,
        "band": expected.get("band"),
        "positive_screen": expected.get("screen"),
        "flags": expected.get("flags", []),
    }


ECRR_REVERSE = {9, 11, 20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36}

# fmt: off
CASES = [
    # ---- PHQ-9: items 1-9 scored 0-3, summed 0-27; item 10 (difficulty) never counts.
    # Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe;
    # screen positive at >= 10; item 9 > 0 raises the safety flag.
    row("phq9", [0] * 9, "min", total=0, mean=0, band="minimal", screen=False),  # 9 x 0 = 0
    # 9 x 3 = 27; mean 3; item 9 = 3 > 0 -> flag
    row("phq9", [3] * 9, "max", total=27, mean=3, band="severe", screen=True,
        flags=["self_harm_thoughts"]),
    # 1+1+1+1 = 4; 4/9 = 0.4444
    row("phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0], "4", total=4, mean=0.4444, band="minimal",
        screen=False),
    # 1+1+1+1+1 = 5; 5/9 = 0.5556
    row("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], "5", total=5, mean=0.5556, band="mild",
        screen=False),
    # 2+2+1+1+1+1+1 = 9; 9/9 = 1
    row("phq9", [2, 2, 1, 1, 1, 1, 1, 0, 0], "9", total=9, mean=1, band="mild", screen=False),
    # 2+2+2+1+1+1+1 = 10; 10/9 = 1.1111; screen positive from 10
    row("phq9", [2, 2, 2, 1, 1, 1, 1, 0, 0], "10", total=10, mean=1.1111, band="moderate",
        screen=True),
    # 7 x 2 = 14; 14/9 = 1.5556
    row("phq9", [2, 2, 2, 2, 2, 2, 2, 0, 0], "14", total=14, mean=1.5556, band="moderate",
        screen=True),
    # 3 + 6 x 2 = 15; 15/9 = 1.6667
    row("phq9", [3, 2, 2, 2, 2, 2, 2, 0, 0], "15", total=15, mean=1.6667,
        band="moderately severe", screen=True),
    # 5 x 3 + 2 x 2 = 19; 19/9 = 2.1111
    row("phq9", [3, 3, 3, 3, 3, 2, 2, 0, 0], "19", total=19, mean=2.1111,
        band="moderately severe", screen=True),
    # 6 x 3 + 2 = 20; 20/9 = 2.2222
    row("phq9", [3, 3, 3, 3, 3, 3, 2, 0, 0], "20", total=20, mean=2.2222, band="severe",
        screen=True),
    # only item 9 = 1: total 1 (minimal, screen negative) but the safety flag is raised
    row("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], "item9-low-total", total=1, mean=0.1111,
        band="minimal", screen=False, flags=["self_harm_thoughts"]),
    # item 10 (difficulty) = 3 is not summed: 9 x 0 = 0
    row("phq9", [0] * 9 + [3], "item10-unscored", total=0, mean=0, band="minimal",
        screen=False),
    # ---- GAD-7: 7 items 0-3, sum 0-21; bands 0-4 / 5-9 / 10-14 / 15-21; screen >= 10.
    row("gad7", [0] * 7, "min", total=0, mean=0, band="minimal", screen=False),  # 7 x 0 = 0
    row("gad7", [3] * 7, "max", total=21, mean=3, band="severe", screen=True),  # 7 x 3 = 21
    # 4 x 1 = 4; 4/7 = 0.5714
    row("gad7", [1, 1, 1, 1, 0, 0, 0], "4", total=4, mean=0.5714, band="minimal", screen=False),
    # 5 x 1 = 5; 5/7 = 0.7143
    row("gad7", [1, 1, 1, 1, 1, 0, 0], "5", total=5, mean=0.7143, band="mild", screen=False),
    # 3 x 2 + 3 x 1 = 9; 9/7 = 1.2857
    row("gad7", [2, 2, 2, 1, 1, 1, 0], "9", total=9, mean=1.2857, band="mild", screen=False),
    # 4 x 2 + 2 x 1 = 10; 10/7 = 1.4286
    row("gad7", [2, 2, 2, 2, 1, 1, 0], "10", total=10, mean=1.4286, band="moderate",
        screen=True),
    # 7 x 2 = 14; mean 2
    row("gad7", [2] * 7, "14", total=14, mean=2, band="moderate", screen=True),
    # 3 + 6 x 2 = 15; 15/7 = 2.1429
    row("gad7", [3, 2, 2, 2, 2, 2, 2], "15", total=15, mean=2.1429, band="severe", screen=True),
    # item 8 (difficulty) = 3 is not summed
    row("gad7", [0] * 7 + [3], "item8-unscored", total=0, mean=0, band="minimal", screen=False),
    # ---- RSES (UMD order): SA 3, A 2, D 1, SD 0; reverse 2, 5, 6, 8, 9 as 3 - x; sum 0-30.
    # Bands (descriptive): 0-14 low, 15-25 normal, 26-30 high.
    # positives SD (0), reverse items SA (3 -> 0): 10 x 0 = 0
    row("rses", [0, 3, 0, 0, 3, 3, 0, 3, 3, 0], "min", total=0, mean=0, band="low"),
    # positives SA (3), reverse items SD (0 -> 3): 10 x 3 = 30
    row("rses", [3, 0, 3, 3, 0, 0, 3, 0, 0, 3], "max", total=30, mean=3, band="high"),
    # all SA: 5 positives x 3 + 5 reverse x (3 - 3) = 15 (an unreversed sum would be 30)
    row("rses", [3] * 10, "all-agree", total=15, mean=1.5, band="normal"),
    # every reverse key: 1:3, 2:3-3=0, 3:2, 4:2, 5:3-1=2, 6:3-0=3, 7:1, 8:3-2=1, 9:3-3=0, 10:0
    # = 3+0+2+2+2+3+1+1+0+0 = 14 (PhenX keys 3,5,8,9,10 would give 16)
    row("rses", [3, 3, 2, 2, 1, 0, 1, 2, 3, 0], "mixed-14", total=14, mean=1.4, band="low"),
    # the same with item 10 = 1: 14 + 1 = 15
    row("rses", [3, 3, 2, 2, 1, 0, 1, 2, 3, 1], "15", total=15, mean=1.5, band="normal"),
    # positives 5 x 3 = 15; reverse items printed 1 -> 2 each: 5 x 2 = 10; 15 + 10 = 25
    row("rses", [3, 1, 3, 3, 1, 1, 3, 1, 1, 3], "25", total=25, mean=2.5, band="normal"),
    # as above with item 2 printed 0 -> 3: 15 + 3 + 4 x 2 = 26
    row("rses", [3, 0, 3, 3, 1, 1, 3, 1, 1, 3], "26", total=26, mean=2.6, band="high"),
    # 9 answered (item 10 missing, 2 may be): 3+0+2+2+2+3+0+1+0 = 13; 13/9 = 1.4444;
    # prorated 1.4444 x 10 = 14.4444, below the 14/15 midpoint -> low
    row("rses", [3, 3, 2, 2, 1, 0, 0, 2, 3, N], "prorated-14.44", total=14.4444, mean=1.4444,
        band="low"),
    # 9 answered: positives 1,3,4,7 = 4 x 3 = 12; reverse 2,5,6,8,9 printed 0,1,1,1,1 ->
    # 3+2+2+2+2 = 11; 23/9 = 2.5556; x 10 = 25.5556, past the 25/26 midpoint -> high
    row("rses", [3, 0, 3, 3, 1, 1, 3, 1, 1, N], "prorated-25.56", total=25.5556, mean=2.5556,
        band="high"),
    # ---- HARK: yes 1 / no 0, sum 0-4, positive at >= 1.
    row("hark", [0, 0, 0, 0], "min", total=0, mean=0, screen=False),  # 0
    row("hark", [1, 1, 1, 1], "max", total=4, mean=1, screen=True),  # 4 x 1 = 4
    row("hark", [1, 0, 0, 0], "H-only", total=1, mean=0.25, screen=True),  # 1; 1/4
    row("hark", [0, 1, 0, 0], "A-only", total=1, mean=0.25, screen=True),
    row("hark", [0, 0, 1, 0], "R-only", total=1, mean=0.25, screen=True),
    row("hark", [0, 0, 0, 1], "K-only", total=1, mean=0.25, screen=True),
    # ---- CSI-4: printed values (item 1 0-6, items 2-4 0-5), no reversal; sum 0-21;
    # distressed below 13.5 (0-13), not distressed 14-21.
    row("csi4", [0, 0, 0, 0], "min", total=0, mean=0, band="distressed"),
    row("csi4", [6, 5, 5, 5], "max", total=21, mean=5.25, band="not distressed"),  # 6+15
    row("csi4", [4, 3, 3, 3], "13", total=13, mean=3.25, band="distressed"),  # 4+9 = 13
    row("csi4", [5, 3, 3, 3], "14", total=14, mean=3.5, band="not distressed"),  # 5+9 = 14
    # ---- CSI-16: printed values with reverse keying built in; sum 0-81; distressed 0-51.
    row("csi16", [0] * 16, "min", total=0, mean=0, band="distressed"),
    # 6 + 15 x 5 = 81; 81/16 = 5.0625
    row("csi16", [6] + [5] * 15, "max", total=81, mean=5.0625, band="not distressed"),
    # 6 + 15 x 3 = 51; 51/16 = 3.1875
    row("csi16", [6] + [3] * 15, "51", total=51, mean=3.1875, band="distressed"),
    # 6 + 4 + 14 x 3 = 52; 52/16 = 3.25
    row("csi16", [6, 4] + [3] * 14, "52", total=52, mean=3.25, band="not distressed"),
    # 13 of 16 answered (3 may be missing): 6 + 12 x 3 = 42; 42/13 = 3.2308;
    # prorated x 16 = 51.6923, past the 51.5 cut-off -> not distressed
    row("csi16", [6] + [3] * 12 + [N] * 3, "prorated-51.69", total=51.6923, mean=3.2308,
        band="not distressed"),
    # ---- CSI-32: printed values (item 1 0-6, items 2-32 0-5); sum 0-161; distressed 0-104.
    row("csi32", [0] * 32, "min", total=0, mean=0, band="distressed"),
    # 6 + 31 x 5 = 161; 161/32 = 5.03125
    row("csi32", [6] + [5] * 31, "max", total=161, mean=5.0312, band="not distressed"),
    # 6 + 5 x 4 + 26 x 3 = 6 + 20 + 78 = 104; 104/32 = 3.25
    row("csi32", [6] + [4] * 5 + [3] * 26, "104", total=104, mean=3.25, band="distressed"),
    # 6 + 6 x 4 + 25 x 3 = 6 + 24 + 75 = 105; 105/32 = 3.28125
    row("csi32", [6] + [4] * 6 + [3] * 25, "105", total=105, mean=3.2812,
        band="not distressed"),
    # ---- RAS: A-E = 1-5; reverse 4 and 7 as 6 - x; mean 1-5 (total 7-35). No bands.
    # positives 1, items 4 and 7 printed 5 -> 1: 7 x 1 = 7; mean 1
    row("ras", [1, 1, 1, 5, 1, 1, 5], "min", total=7, mean=1),
    row("ras", [5, 5, 5, 1, 5, 5, 1], "max", total=35, mean=5),  # 7 x 5 = 35
    # 4+4+3+(6-2)+3+4+(6-2) = 26; 26/7 = 3.7143 (reversing item 6 instead gives 20)
    row("ras", [4, 4, 3, 2, 3, 4, 2], "mixed-26", total=26, mean=3.7143),
    # ---- DTS: 1-7; reverse 1, 2, 6 as 8 - x; sum 8-56.
    row("dts", [7, 7, 1, 1, 1, 7, 1, 1], "min", total=8, mean=1),  # all keyed 1
    row("dts", [1, 1, 7, 7, 7, 1, 7, 7], "max", total=56, mean=7),  # all keyed 7
    # (8-2)+(8-3)+4+5+6+(8-7)+1+2 = 6+5+4+5+6+1+1+2 = 30; 30/8 = 3.75
    row("dts", [2, 3, 4, 5, 6, 7, 1, 2], "mixed", total=30, mean=3.75),
    # ---- Rempel trust: -3..+3; reverse 4, 5, 6, 14 as -x. P = 4,5,6,8,14;
    # D = 1,7,13,15,17; F = 2,3,9,10,11,12,16. Subscale sums and means; total mean.
    # positives -3, reverse items +3 -> all keyed -3: P -15, D -15, F -21, total -51
    row("rempel", [-3, -3, -3, 3, 3, 3, -3, -3, -3, -3, -3, -3, -3, 3, -3, -3, -3], "min",
        total=-51, mean=-3, subscales={"predictability": (-15, -3), "dependability": (-15, -3),
                                       "faith": (-21, -3)}),
    row("rempel", [3, 3, 3, -3, -3, -3, 3, 3, 3, 3, 3, 3, 3, -3, 3, 3, 3], "max",
        total=51, mean=3, subscales={"predictability": (15, 3), "dependability": (15, 3),
                                     "faith": (21, 3)}),
    # keyed: 1:3 2:2 3:1 4:3 5:2 6:1 7:0 8:1 9:2 10:3 11:-1 12:-2 13:-3 14:-2 15:1 16:0 17:-1
    # P = 3+2+1+1-2 = 5 (mean 1); D = 3+0-3+1-1 = 0 (0); F = 2+1+2+3-1-2+0 = 5 (5/7 = .7143)
    # total 10; 10/17 = 0.5882
    row("rempel", [3, 2, 1, -3, -2, -1, 0, 1, 2, 3, -1, -2, -3, 2, 1, 0, -1], "mixed",
        total=10, mean=0.5882, subscales={"predictability": (5, 1), "dependability": (0, 0),
                                          "faith": (5, 0.7143)}),
    # ---- ECR-S: 1-7; reverse 1, 5, 8, 9 as 8 - x. Anxiety 2,4,6,8,10,12; avoidance
    # 1,3,5,7,9,11; means, no total.
    row("ecrs", [7, 1, 1, 1, 7, 1, 1, 7, 7, 1, 1, 1], "min",
        subscales={"anxiety": (6, 1), "avoidance": (6, 1)}),  # all keyed 1; 6 x 1
    row("ecrs", [1, 7, 7, 7, 1, 7, 7, 1, 1, 7, 7, 7], "max",
        subscales={"anxiety": (42, 7), "avoidance": (42, 7)}),  # all keyed 7; 6 x 7
    # keyed 1:8-2=6 2:6 3:3 4:5 5:8-4=4 6:7 7:1 8:8-2=6 9:8-6=2 10:3 11:5 12:4
    # anxiety 6+5+7+6+3+4 = 31 (31/6 = 5.1667); avoidance 6+3+4+1+2+5 = 21 (3.5)
    row("ecrs", [2, 6, 3, 5, 4, 7, 1, 2, 6, 3, 5, 4], "mixed",
        subscales={"anxiety": (31, 5.1667), "avoidance": (21, 3.5)}),
    # ---- ECR-R: 1-7; anxiety 1-18, avoidance 19-36; reverse 9, 11, 20, 22, 26-31, 33-36.
    row("ecrr", [7 if n in ECRR_REVERSE else 1 for n in range(1, 37)], "min",
        subscales={"anxiety": (18, 1), "avoidance": (18, 1)}),  # 18 x 1
    row("ecrr", [1 if n in ECRR_REVERSE else 7 for n in range(1, 37)], "max",
        subscales={"anxiety": (126, 7), "avoidance": (126, 7)}),  # 18 x 7
    # reverse items answered 2 (-> 6), the rest 3. Anxiety: 16 x 3 + 2 x 6 = 60 (60/18 =
    # 3.3333); avoidance: 6 x 3 + 12 x 6 = 90 (90/18 = 5)
    row("ecrr", [2 if n in ECRR_REVERSE else 3 for n in range(1, 37)], "mixed",
        subscales={"anxiety": (60, 3.3333), "avoidance": (90, 5)}),
    # ---- ECR-RS: 1-7; avoidance 1-6 with 1-4 reversed (8 - x); anxiety 7-9.
    row("ecrrs", [7, 7, 7, 7, 1, 1, 1, 1, 1], "min",
        subscales={"avoidance": (6, 1), "anxiety": (3, 1)}),
    row("ecrrs", [1, 1, 1, 1, 7, 7, 7, 7, 7], "max",
        subscales={"avoidance": (42, 7), "anxiety": (21, 7)}),
    # avoidance (8-2)+(8-3)+(8-4)+(8-5)+6+7 = 6+5+4+3+6+7 = 31 (5.1667); anxiety 1+2+3 = 6 (2)
    row("ecrrs", [2, 3, 4, 5, 6, 7, 1, 2, 3], "mixed",
        subscales={"avoidance": (31, 5.1667), "anxiety": (6, 2)}),
    # ---- MJS: 1-7; cognitive 1-8 printed 1 = all the time, reversed (8 - x); emotional
    # 9-16 and behavioural 17-24 as printed. Subscale sums 8-56; no total.
    # cognitive printed 7 ("never") -> 1; others 1: 8 x 1 each
    row("mjs", [7] * 8 + [1] * 16, "min",
        subscales={"cognitive": (8, 1), "emotional": (8, 1), "behavioral": (8, 1)}),
    row("mjs", [1] * 8 + [7] * 16, "max",
        subscales={"cognitive": (56, 7), "emotional": (56, 7), "behavioral": (56, 7)}),
    # cognitive 7+6+5+4+3+2+1+7 = 35 (4.375); emotional 1+..+7+4 = 32 (4); behavioural 8 x 2
    row("mjs", [1, 2, 3, 4, 5, 6, 7, 1] + [1, 2, 3, 4, 5, 6, 7, 4] + [2] * 8, "mixed",
        subscales={"cognitive": (35, 4.375), "emotional": (32, 4), "behavioral": (16, 2)}),
    # ---- CPQ-SF: 1-9, no reversal. CC = 2+5+7; SDPW = 3+8+10; PDSW = 4+9+11; DW = the six.
    # Items 1 (A1) and 6 (B5) are in no score.
    row("cpqsf", [1] * 11, "min",
        subscales={"constructive_communication": (3, 1), "self_demand_partner_withdraw": (3, 1),
                   "partner_demand_self_withdraw": (3, 1), "total_demand_withdraw": (6, 1)}),
    row("cpqsf", [9] * 11, "max",
        subscales={"constructive_communication": (27, 9), "self_demand_partner_withdraw": (27, 9),
                   "partner_demand_self_withdraw": (27, 9), "total_demand_withdraw": (54, 9)}),
    # items 1 and 6 at 9 change nothing: same as all 1
    row("cpqsf", [9, 1, 1, 1, 1, 9, 1, 1, 1, 1, 1], "A1-B5-ignored",
        subscales={"constructive_communication": (3, 1), "self_demand_partner_withdraw": (3, 1),
                   "partner_demand_self_withdraw": (3, 1), "total_demand_withdraw": (6, 1)}),
    # CC 1+4+5 = 10 (3.3333); SDPW 2+6+8 = 16 (5.3333); PDSW 3+7+9 = 19 (6.3333);
    # DW 16+19 = 35 (35/6 = 5.8333)
    row("cpqsf", [9, 1, 2, 3, 4, 9, 5, 6, 7, 8, 9], "mixed",
        subscales={"constructive_communication": (10, 3.3333),
                   "self_demand_partner_withdraw": (16, 5.3333),
                   "partner_demand_self_withdraw": (19, 6.3333),
                   "total_demand_withdraw": (35, 5.8333)}),
    # ---- HITS: 1-5, sum 4-20, positive at > 10 (>= 11).
    row("hits", [1] * 4, "min", total=4, mean=1, screen=False),  # 4 x 1
    row("hits", [5] * 4, "max", total=20, mean=5, screen=True),  # 4 x 5
    row("hits", [3, 3, 2, 2], "10", total=10, mean=2.5, screen=False),  # 3+3+2+2 = 10
    row("hits", [3, 3, 3, 2], "11", total=11, mean=2.75, screen=True),  # 3+3+3+2 = 11
    # ---- WAST-Short: codes 1 no / 2 some / 3 a lot (great); positive only with item 1 =
    # "a lot of tension" (3) AND item 2 = "great difficulty" (3). No total.
    row("wast-short", [3, 3], "both", screen=True),
    row("wast-short", [3, 2], "tension-only", screen=False),
    row("wast-short", [2, 3], "difficulty-only", screen=False),
    row("wast-short", [3, 1], "tension-no-difficulty", screen=False),
    row("wast-short", [1, 3], "difficulty-no-tension", screen=False),
    row("wast-short", [2, 2], "some-some", screen=False),
    row("wast-short", [1, 1], "min", screen=False),
    # ---- WEB: printed SA 1 ... SD 6, every item reversed (7 - x); sum 10-60; positive >= 20.
    row("web", [6] * 10, "min", total=10, mean=1, screen=False),  # 10 x (7-6)
    row("web", [1] * 10, "max", total=60, mean=6, screen=True),  # 10 x (7-1)
    row("web", [5] * 9 + [6], "19", total=19, mean=1.9, screen=False),  # 9 x 2 + 1 = 19
    row("web", [5] * 10, "20", total=20, mean=2, screen=True),  # 10 x 2 = 20
    # 6+5+4+3+2+1+6+5+4+3 = 39
    row("web", [1, 2, 3, 4, 5, 6, 1, 2, 3, 4], "mixed", total=39, mean=3.9, screen=True),
]
# fmt: on


@pytest.mark.parametrize(("key", "values", "expected"), CASES)
def test_score_vectors(key, values, expected):
    assert score(get_instrument(key), answers(values)).as_dict() == expected_dict(key, expected)


def test_every_instrument_has_vectors():
    assert {case.values[0] for case in CASES} == {
        "phq9",
        "gad7",
        "rses",
        "hark",
        "csi4",
        "csi16",
        "csi32",
        "ras",
        "dts",
        "rempel",
        "ecrs",
        "ecrr",
        "ecrrs",
        "mjs",
        "cpqsf",
        "hits",
        "wast-short",
        "web",
    }


def test_phq9_item_9_is_a_safety_flag_even_with_a_low_total():
    result = score(get_instrument("phq9"), {"9": 1, **{str(n): 0 for n in range(1, 9)}})
    assert result.total == 1
    assert result.band == "minimal"
    assert result.positive_screen is False
    assert result.safety_flags == ("self_harm_thoughts",)


def test_phq9_item_9_at_zero_raises_no_flag():
    result = score(get_instrument("phq9"), answers([3] * 8 + [0]))
    assert result.total == 24  # 8 x 3
    assert result.flags == () and result.safety_flags == ()


def test_ras_reversing_item_6_instead_of_4_and_7_gives_a_different_total():
    """The public-calculator bug the spec describes must not agree with our key."""
    with open(INSTRUMENT_DIR / "ras.json", encoding="utf-8") as handle:
        data = json.load(handle)
    buggy = copy.deepcopy(data)
    for item in buggy["items"]:
        item["reverse"] = item["number"] == 6
    vector = answers([4, 4, 3, 2, 3, 4, 2])
    # correct: 4+4+3+(6-2)+3+4+(6-2) = 26; buggy: 4+4+3+2+3+(6-4)+2 = 20
    assert score(parse(data), vector).total == 26
    assert score(parse(buggy), vector).total == 20


# CSI reverse keying lives in the printed values: choosing the most (least) satisfied
# words on every item must give the maximum (zero), with no reversal applied on top.
CSI32_POLES = {
    1: ("Perfect", "Extremely unhappy"),
    **dict.fromkeys((2, 3, 4), ("Always agree", "Always disagree")),
    5: ("All the time", "Never"),
    6: ("Never", "All the time"),  # wish hadn't gotten in: printed All the time 0 ... Never 5
    **{n: ("Completely true", "Not at all true") for n in range(7, 19) if n not in (10, 15)},
    10: ("Not at all true", "Completely true"),  # reverse printed
    15: ("Not at all true", "Completely true"),  # reverse printed
    **dict.fromkeys((19, 20, 21, 22), ("Completely", "Not at all")),
    23: ("Better than all others", "Worse than all others"),
    24: ("More often", "Never"),
    25: ("More often", "Never"),
    26: ("Interesting", "Boring"),
    27: ("Good", "Bad"),
    28: ("Full", "Empty"),
    29: ("Friendly", "Lonely"),
    30: ("Sturdy", "Fragile"),
    31: ("Hopeful", "Discouraging"),
    32: ("Enjoyable", "Miserable"),
}
CSI_IDS = {
    "csi4": [1, 12, 19, 22],
    "csi16": [1, 5, 9, 11, 12, 17, 19, 20, 21, 22, 26, 27, 28, 30, 31, 32],
    "csi32": list(range(1, 33)),
}


def by_label(instrument, number, label):
    item = instrument.item(number)
    (value,) = [o.value for o in instrument.options(item) if o.label == label]
    return value


@pytest.mark.parametrize(("key", "best"), [("csi4", 21), ("csi16", 81), ("csi32", 161)])
def test_csi_reverse_keying_is_built_into_the_printed_values(key, best):
    instrument = get_instrument(key)
    assert not any(item.reverse for item in instrument.items)
    numbering = list(enumerate(CSI_IDS[key], start=1))  # (item, CSI-32 item)
    happiest = {n: by_label(instrument, n, CSI32_POLES[i][0]) for n, i in numbering}
    unhappiest = {n: by_label(instrument, n, CSI32_POLES[i][1]) for n, i in numbering}
    assert score(instrument, happiest).total == best  # 6 + 5 x (items - 1)
    assert score(instrument, unhappiest).total == 0


def test_csi32_mixed_vector_through_the_reverse_printed_items():
    instrument = get_instrument("csi32")
    picks = {n: by_label(instrument, n, CSI32_POLES[n][1]) for n in range(1, 33)}  # all 0
    picks[6] = by_label(instrument, 6, "Never")  # 5
    picks[10] = by_label(instrument, 10, "Not at all true")  # 5
    picks[15] = by_label(instrument, 15, "Somewhat true")  # printed 3 on a 5..0 item
    picks[26] = by_label(instrument, 26, "Interesting")  # 5
    # 5 + 5 + 3 + 5 = 18
    assert score(instrument, picks).total == 18


@pytest.mark.parametrize(
    ("key", "given", "message"),
    [
        ("rses", {"11": 1}, "Item 11"),  # unknown item
        ("rses", {"3": 4}, "Item 3"),  # out of range (0-3)
        ("rses", {"2": -1}, "Item 2"),
        ("rses", {"4": "x"}, "Item 4"),
        ("rses", {"5": 2.5}, "Item 5"),
        ("rses", {"6": True}, "Item 6"),
        ("rses", {"abc": 1}, "'abc'"),
        ("csi4", {"1": 6, "2": 6, "3": 0, "4": 0}, "Item 2"),  # 6 only valid on item 1
        ("rempel", {"4": 4}, "Item 4"),  # -3..+3
        ("wast-short", {"1": 0, "2": 3}, "Item 1"),
        ("phq9", {"10": 4}, "Item 10"),  # even an unscored item is checked
    ],
)
def test_invalid_answers_name_the_item(key, given, message):
    with pytest.raises(InvalidAnswers, match=message):
        score(get_instrument(key), given)


@pytest.mark.parametrize(
    ("key", "values", "listed"),
    [
        ("rses", [3, 3, 2, 2, 1, 0, 1, N, N, N], "8, 9, 10"),  # 3 missing; at most 2
        ("csi4", [6, 5, 5, N], "4"),  # CSI-4 is never prorated
        ("csi16", [6] + [3] * 11 + [N] * 4, "13, 14, 15, 16"),  # at most 3 of 16
        ("hits", [1, 1, 1, N], "4"),  # screens are never prorated
        ("hark", [0, 0, N, 0], "3"),
        ("wast-short", [3, N], "2"),
        ("web", [1] * 9 + [N], "10"),
        ("phq9", [0] * 8 + [N], "9"),
        ("ecrrs", [4, 4, 4, 4, 4, 4, 4, 4, N], "9"),  # a 3-item subscale can lose none
        ("cpqsf", [N] + [5] * 10, "1"),
    ],
)
def test_too_many_missing_names_the_items(key, values, listed):
    with pytest.raises(InvalidAnswers, match=f"item\\(s\\) {listed} unanswered"):
        score(get_instrument(key), answers(values))


def test_one_missing_item_is_prorated_within_every_subscale():
    # Rempel mixed vector with item 1 (dependability) missing; the other subscales are whole.
    values = [N, 2, 1, -3, -2, -1, 0, 1, 2, 3, -1, -2, -3, 2, 1, 0, -1]
    result = score(get_instrument("rempel"), answers(values))
    assert result.subscales["dependability"] == {"sum": -3.75, "mean": -0.75}
    # keyed 7:0 13:-3 15:1 17:-1 = -3 over 4 items: mean -0.75, prorated -0.75 x 5 = -3.75
    assert result.subscales["faith"] == {"sum": 5, "mean": 0.7143}
    # total: 10 - 3 (item 1's keyed value) = 7 over 16 items: mean 0.4375, x 17 = 7.4375
    assert (result.total, result.mean) == (7.4375, 0.4375)
    assert result.missing == (1,)


def test_answers_may_be_strings_and_blank_means_unanswered():
    given = {" 1 ": "3", "2": "0", "3": "3", "4": "3", "5": "0", "6": "0", "7": "3", "8": "0"}
    result = score(get_instrument("rses"), {**given, "9": "", "10": None})
    # 8 answered, all keyed 3: 24/8 = 3, prorated 3 x 10 = 30
    assert (result.total, result.mean, result.band) == (30, 3, "high")
    assert result.missing == (9, 10)
