"""The definition files against the specification (shared/research/instruments.md) and
against themselves: keys, items, keys and subscales, bands, LOINC codes, texts, licences."""

import json

import pytest

from steadfast.assessments import definitions
from steadfast.assessments.definitions import (
    INSTRUMENT_DIR,
    DefinitionError,
    all_instruments,
    get_instrument,
    parse,
)
from steadfast.safety import questions

KEYS = {
    "phq9", "gad7", "rses", "hark", "csi4", "csi16", "csi32", "ras", "dts", "rempel",
    "ecrs", "ecrr", "ecrrs", "mjs", "cpqsf", "hits", "wast-short", "web",
}  # fmt: skip
SHIPPED = {"phq9", "gad7", "rses", "hark"}  # licence allows the item texts in the repo
SCREENS = {"hark", "hits", "wast-short", "web"}


def raw(key):
    with open(INSTRUMENT_DIR / f"{key}.json", encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(autouse=True)
def no_practice_texts(settings):
    settings.STEADFAST_INSTRUMENT_TEXTS = None
    definitions.reload()
    yield
    definitions.reload()


# ---------------------------------------------------------------- files and keys


def test_every_file_loads_and_the_keys_are_exactly_the_battery():
    files = sorted(INSTRUMENT_DIR.glob("*.json"))
    stems = [path.stem for path in files]
    keys = [raw(stem)["key"] for stem in stems]
    assert keys == stems  # each key matches its file name
    assert len(set(keys)) == len(keys)
    assert set(all_instruments()) == KEYS


@pytest.mark.parametrize("key", sorted(KEYS))
def test_structure_is_self_consistent(key):
    instrument = get_instrument(key)
    numbers = [item.number for item in instrument.items]
    assert numbers == list(range(1, len(numbers) + 1))
    for name, subscale in instrument.subscales.items():
        assert set(subscale["items"]) <= instrument.item_numbers, name
        assert len(set(subscale["items"])) == len(subscale["items"]), name
        assert subscale.get("method") in {"sum", "mean"}, name
    for item in instrument.items:
        assert item.responses in instrument.response_sets
        assert item.gist
        if item.reverse:
            assert item.scored
    for rule in instrument.flags:
        assert rule["item"] in instrument.item_numbers
    assert instrument.citation and instrument.licence.get("note")
    assert instrument.licence.get("confidence") or key in {"phq9", "gad7"}


# The specification's keys, item counts, value ranges, reverse items and subscales.
SPEC = {
    # key: (items, {item: (min, max)} or (min, max) for all, reverse items)
    "phq9": (10, (0, 3), set()),
    "gad7": (8, (0, 3), set()),
    "rses": (10, (0, 3), {2, 5, 6, 8, 9}),
    "hark": (4, (0, 1), set()),
    "csi4": (4, {1: (0, 6), 2: (0, 5), 3: (0, 5), 4: (0, 5)}, set()),
    "csi16": (16, {1: (0, 6), **dict.fromkeys(range(2, 17), (0, 5))}, set()),
    "csi32": (32, {1: (0, 6), **dict.fromkeys(range(2, 33), (0, 5))}, set()),
    "ras": (7, (1, 5), {4, 7}),
    "dts": (8, (1, 7), {1, 2, 6}),
    "rempel": (17, (-3, 3), {4, 5, 6, 14}),
    "ecrs": (12, (1, 7), {1, 5, 8, 9}),
    "ecrr": (36, (1, 7), {9, 11, 20, 22, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36}),
    "ecrrs": (9, (1, 7), {1, 2, 3, 4}),
    "mjs": (24, (1, 7), set(range(1, 9))),  # cognitive printed 1 = all the time
    "cpqsf": (11, (1, 9), set()),
    "hits": (4, (1, 5), set()),
    "wast-short": (2, (1, 3), set()),
    "web": (10, (1, 6), set(range(1, 11))),  # printed strongly agree = 1
}
SUBSCALES = {
    "rempel": {
        "predictability": [4, 5, 6, 8, 14],
        "dependability": [1, 7, 13, 15, 17],
        "faith": [2, 3, 9, 10, 11, 12, 16],
    },
    "ecrs": {"anxiety": [2, 4, 6, 8, 10, 12], "avoidance": [1, 3, 5, 7, 9, 11]},
    "ecrr": {"anxiety": list(range(1, 19)), "avoidance": list(range(19, 37))},
    "ecrrs": {"avoidance": [1, 2, 3, 4, 5, 6], "anxiety": [7, 8, 9]},
    "mjs": {
        "cognitive": list(range(1, 9)),
        "emotional": list(range(9, 17)),
        "behavioral": list(range(17, 25)),
    },
    "cpqsf": {
        "constructive_communication": [2, 5, 7],
        "self_demand_partner_withdraw": [3, 8, 10],
        "partner_demand_self_withdraw": [4, 9, 11],
        "total_demand_withdraw": [3, 4, 8, 9, 10, 11],
    },
}
NO_TOTAL = {"ecrs", "ecrr", "ecrrs", "mjs", "cpqsf", "wast-short"}
UNSCORED = {"phq9": {10}, "gad7": {8}}


@pytest.mark.parametrize("key", sorted(SPEC))
def test_items_ranges_and_reverse_keys_match_the_spec(key):
    count, ranges, reverse = SPEC[key]
    instrument = get_instrument(key)
    assert len(instrument.items) == count
    for item in instrument.items:
        expected = ranges if isinstance(ranges, tuple) else ranges[item.number]
        if item.scored:
            assert instrument.value_range(item) == expected, item.number
            # every whole value in the range is an answer
            assert sorted(instrument.values(item)) == list(range(expected[0], expected[1] + 1))
    assert {item.number for item in instrument.items if item.reverse} == reverse
    assert {item.number for item in instrument.items if not item.scored} == UNSCORED.get(key, set())
    assert instrument.has_total == (key not in NO_TOTAL)


@pytest.mark.parametrize("key", sorted(KEYS))
def test_subscales_match_the_spec_names(key):
    found = {name: sorted(s["items"]) for name, s in get_instrument(key).subscales.items()}
    assert found == {name: sorted(items) for name, items in SUBSCALES.get(key, {}).items()}


def test_methods_follow_the_spec():
    methods = {key: instrument.method for key, instrument in all_instruments().items()}
    assert {key for key, method in methods.items() if method == "mean"} == {
        "ras", "rempel", "ecrs", "ecrr", "ecrrs",
    }  # fmt: skip


def test_csi_printed_order_runs_as_the_spec_prints_it():
    """CSI-16 items printed 5...0 left to right: 2, 11, 13, 14, 16; the rest 0...5 (item 1
    0...6). Values are stored as printed, so the left-most box of those items is worth 5."""
    instrument = get_instrument("csi16")
    descending = {item.number for item in instrument.items if instrument.values(item)[0] == 5}
    assert descending == {2, 11, 13, 14, 16}
    csi32 = get_instrument("csi32")
    labels = {o.label: o.value for o in csi32.options(csi32.item(6))}
    assert labels["All the time"] == 0 and labels["Never"] == 5  # item 6 reverse-printed
    for number in (10, 15):
        labels = {o.label: o.value for o in csi32.options(csi32.item(number))}
        assert labels["Not at all true"] == 5 and labels["Completely true"] == 0


def test_csi_short_forms_use_the_csi32_items_the_spec_lists():
    assert [i["csi32_item"] for i in raw("csi4")["items"]] == [1, 12, 19, 22]
    assert [i["csi32_item"] for i in raw("csi16")["items"]] == [
        1, 5, 9, 11, 12, 17, 19, 20, 21, 22, 26, 27, 28, 30, 31, 32,
    ]  # fmt: skip
    csi32 = get_instrument("csi32")
    for short in ("csi4", "csi16"):
        instrument = get_instrument(short)
        for item, source in zip(instrument.items, raw(short)["items"], strict=True):
            original = csi32.item(source["csi32_item"])
            assert instrument.options(item) == csi32.options(original), (short, item.number)


# ---------------------------------------------------------------- bands, screens, cut-offs

BAND_WORDS = {
    "phq9": ["minimal", "mild", "moderate", "moderately severe", "severe"],
    "gad7": ["minimal", "mild", "moderate", "severe"],
    "csi4": ["distressed", "not distressed"],
    "csi16": ["distressed", "not distressed"],
    "csi32": ["distressed", "not distressed"],
    "rses": ["low", "normal", "high"],
}


def total_range(instrument):
    low = high = 0
    for item in instrument.scored_items:
        a, b = instrument.value_range(item)
        low, high = low + a, high + b
    return low, high


@pytest.mark.parametrize("key", sorted(KEYS))
def test_bands_do_not_overlap_and_cover_the_total_range(key):
    instrument = get_instrument(key)
    bands = list(instrument.bands)
    assert [band["label"] for band in bands] == BAND_WORDS.get(key, [])  # none for RAS etc.
    if not bands:
        return
    assert instrument.bands_of == "total"
    low, high = total_range(instrument)
    assert bands[0]["min"] == low
    assert bands[-1]["max"] == high
    for band, following in zip(bands, bands[1:], strict=False):
        assert band["min"] <= band["max"]
        assert following["min"] == band["max"] + 1  # contiguous, no overlap, no gap
    assert all(band.get("plain") for band in bands)


def test_total_ranges_match_the_spec():
    expected = {
        "phq9": (0, 27), "gad7": (0, 21), "rses": (0, 30), "hark": (0, 4),
        "csi4": (0, 21), "csi16": (0, 81), "csi32": (0, 161), "ras": (7, 35),
        "dts": (8, 56), "rempel": (-51, 51), "hits": (4, 20), "web": (10, 60),
    }  # fmt: skip
    assert {key: total_range(get_instrument(key)) for key in expected} == expected


def test_screens_and_cutoffs():
    screens = {key: i.screen for key, i in all_instruments().items() if i.screen}
    assert screens == {
        "phq9": {"of": "total", "positive_at_least": 10},
        "gad7": {"of": "total", "positive_at_least": 10},
        "hark": {"of": "total", "positive_at_least": 1},
        "hits": {"of": "total", "positive_at_least": 11},
        "web": {"of": "total", "positive_at_least": 20},
        "wast-short": {
            "rule": "all",
            "conditions": [
                {"item": 1, "value": 3, "label": "A lot of tension"},
                {"item": 2, "value": 3, "label": "Great difficulty"},
            ],
        },
    }
    wast = get_instrument("wast-short")
    for condition in wast.screen["conditions"]:
        options = {o.value: o.label for o in wast.options(wast.item(condition["item"]))}
        assert options[condition["value"]] == condition["label"]
    cutoffs = {key: i.cutoff["value"] for key, i in all_instruments().items() if i.cutoff}
    assert cutoffs == {"phq9": 10, "gad7": 10, "csi4": 13.5, "csi16": 51.5, "csi32": 104.5}
    for key in ("csi4", "csi16", "csi32", "rses", "ras", "dts", "rempel"):
        assert get_instrument(key).direction == "higher_is_better", key
    for key in ("phq9", "gad7", *SCREENS):
        assert get_instrument(key).direction == "lower_is_better", key


def test_only_phq9_item_9_is_a_safety_flag():
    flags = {key: i.flags for key, i in all_instruments().items() if i.flags}
    assert flags == {
        "phq9": ({"item": 9, "above": 0, "flag": "self_harm_thoughts", "safety": True},)
    }


# ---------------------------------------------------------------- missing data


@pytest.mark.parametrize("key", sorted(KEYS))
def test_missing_data_rule(key):
    """Prorate only if >= 80% of every score's items are answered; never for screens or the
    CSI-4. max_missing is a count over the whole form, so check the worst case: all the
    missing items falling in the smallest score."""
    instrument = get_instrument(key)
    assert instrument.prorate == (instrument.max_missing > 0)
    if key in SCREENS | {"csi4", "phq9", "gad7"}:
        assert instrument.max_missing == 0
    scales = [len(s["items"]) for s in instrument.subscales.values()]
    if instrument.has_total:
        scales.append(len(instrument.scored_items))
    for size in scales:
        answered = size - min(instrument.max_missing, size)
        assert answered / size >= 0.8, (size, instrument.max_missing)


def test_missing_allowances():
    allowed = {key: i.max_missing for key, i in all_instruments().items() if i.max_missing}
    # 80% of: 10 items -> 2; 16 -> 3; 32 -> 6; 7 -> 1; 8 -> 1; 5-item subscales -> 1;
    # 6-item -> 1; 18-item -> 3; 8-item -> 1
    assert allowed == {
        "rses": 2, "csi16": 3, "csi32": 6, "ras": 1, "dts": 1, "rempel": 1, "ecrs": 1,
        "ecrr": 3, "mjs": 1,
    }  # fmt: skip


# ---------------------------------------------------------------- norms


def test_norms_only_where_the_spec_gives_an_sd():
    with_norms = {key: i.norms for key, i in all_instruments().items() if i.norms}
    assert set(with_norms) == {"rses"}
    rses = with_norms["rses"]
    assert (rses["sd"], rses["reliability"]) == (5.8, 0.85)
    assert rses["verified"] is False  # both [mem] in the spec
    assert "Sinclair" in rses["source"] and "Silber" in rses["source"]
    for key, instrument in all_instruments().items():
        if instrument.norms is None:
            assert instrument.norms_note, key


@pytest.mark.parametrize("key", ["csi4", "csi16", "csi32"])
def test_csi_has_no_sd_and_says_so(key):
    instrument = get_instrument(key)
    assert instrument.norms is None
    assert instrument.reliable_change_points is None
    assert "No trustworthy reference standard deviation" in instrument.norms_note
    assert "Do not invent an SD" in instrument.norms_note


def test_fixed_reliable_change_points():
    points = {
        key: i.reliable_change_points
        for key, i in all_instruments().items()
        if i.reliable_change_points
    }
    assert points == {"phq9": 6, "gad7": 4}


# ---------------------------------------------------------------- LOINC


def loinc_check_digit_ok(code):
    """LOINC Mod-10: double the digits in odd positions from the right (of the part before
    the hyphen), add the digits of everything, the check digit brings it to a multiple of 10."""
    body, check = code.split("-")
    total = 0
    for position, char in enumerate(reversed(body), start=1):
        digit = int(char) * 2 if position % 2 else int(char)
        total += digit // 10 + digit % 10
    return (10 - total % 10) % 10 == int(check)


def test_loinc_check_digit_function():
    assert loinc_check_digit_ok("69689-8")
    assert not loinc_check_digit_ok("69689-6")  # the bad GAD-7 item 6 code the spec warns of
    assert loinc_check_digit_ok("44249-1")


def all_loinc_codes():
    for key, instrument in sorted(all_instruments().items()):
        for name, code in instrument.loinc.items():
            if name != "answer_list":
                yield key, code
        for item in instrument.items:
            if item.loinc:
                yield key, item.loinc


@pytest.mark.parametrize(("key", "code"), list(all_loinc_codes()))
def test_loinc_codes_pass_the_mod10_check(key, code):
    assert loinc_check_digit_ok(code), (key, code)


def test_loinc_codes_are_the_specs():
    def codes(key):
        instrument = get_instrument(key)
        return instrument.loinc, [item.loinc for item in instrument.items]

    assert codes("phq9") == (
        {"panel": "44249-1", "total": "44261-6"},
        ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5",
         "44253-3", "44260-8", "69722-7"],
    )  # fmt: skip
    assert codes("gad7") == (
        {"panel": "69737-5", "total": "70274-6"},
        ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7",
         "69726-8"],
    )  # fmt: skip
    assert codes("hark") == (
        {"panel": "76499-3", "total": "76504-0", "answer_list": "LL963-0"},
        ["76500-8", "76501-6", "76502-4", "76503-2"],
    )
    coded = {key for key, _code in all_loinc_codes()}
    assert coded == {"phq9", "gad7", "hark"}


def test_hark_matches_the_safety_check_in():
    hark = get_instrument("hark")
    assert [(i.text, i.loinc) for i in hark.items] == [(q.text, q.loinc) for q in questions.HARK]
    assert (hark.loinc["panel"], hark.loinc["total"]) == (
        questions.HARK_LOINC_PANEL,
        questions.HARK_LOINC_TOTAL,
    )
    assert {o.value: o.label for o in hark.options(hark.items[0])} == {1: "Yes", 0: "No"}


# ---------------------------------------------------------------- texts and licences


@pytest.mark.parametrize("key", sorted(KEYS))
def test_texts_ship_only_where_the_licence_allows(key):
    data = raw(key)
    instrument = get_instrument(key)
    if key in SHIPPED:
        assert data["texts"] == "shipped"
        assert data["licence"]["texts_may_ship"] is True
        assert all(item.get("text") for item in data["items"])
        assert instrument.administrable
    else:
        assert data["texts"] == "local"
        assert data["licence"]["texts_may_ship"] is False
        assert not any("text" in item for item in data["items"])  # nothing leaks
        assert "instructions" not in data
        assert not instrument.administrable


CONFIDENCE_M_OR_L = {"csi16", "csi32", "ras", "dts", "rempel", "ecrr", "ecrrs", "mjs", "cpqsf",
                     "web"}  # fmt: skip


@pytest.mark.parametrize("key", sorted(CONFIDENCE_M_OR_L))
def test_medium_confidence_is_stated(key):
    licence = get_instrument(key).licence
    assert "M" in licence["confidence"]
    assert "confidence M" in licence["note"] or "; M for" in licence["note"]


def test_rses_texts_and_order_are_umd():
    rses = get_instrument("rses")
    assert rses.item(2).text == "At times I think I am no good at all."
    assert rses.item(9).text == "All in all, I am inclined to feel that I am a failure."
    assert {o.label: o.value for o in rses.options(rses.item(1))} == {
        "Strongly agree": 3, "Agree": 2, "Disagree": 1, "Strongly disagree": 0,
    }  # fmt: skip
    assert "Rosenberg" in rses.licence["attribution"]


# ---------------------------------------------------------------- practice-supplied texts

RAS_TEXTS = {
    "ras": {
        "instructions": "Practice instructions.",
        "items": {str(n): f"RAS item {n} as licensed to the practice" for n in range(1, 8)},
        "options": {"anchors_1": {"1": "Low", "5": "High"}},
    }
}


def use_texts(settings, tmp_path, content):
    path = tmp_path / "texts.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    settings.STEADFAST_INSTRUMENT_TEXTS = str(path)
    definitions.reload()


def test_a_practice_texts_file_makes_an_instrument_administrable(settings, tmp_path):
    assert not get_instrument("ras").administrable
    use_texts(settings, tmp_path, RAS_TEXTS)
    ras = get_instrument("ras")
    assert ras.administrable
    assert ras.item(4).text == "RAS item 4 as licensed to the practice"
    assert ras.instructions == "Practice instructions."
    labels = [o.label for o in ras.options(ras.item(1))]
    assert labels == ["Low", "B", "C", "D", "High"]  # unlisted values keep their label
    assert [o.label for o in ras.options(ras.item(2))] == list("ABCDE")  # per-item anchors
    assert not get_instrument("csi4").administrable  # others are untouched
    assert get_instrument("rses").administrable


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        [],  # not an object
        {"ras": []},
        {"ras": {"items": ["a", "b"]}},
        {"ras": {"items": {**RAS_TEXTS["ras"]["items"], "7": ""}}},  # empty text
        {"ras": {"items": {str(n): "x" for n in range(1, 7)}}},  # item 7 has no text
        {"ras": {"items": {str(n): "x" for n in range(1, 9)}}},  # there is no item 8
        {"rass": RAS_TEXTS["ras"]},  # no such instrument
        {"ras": {**RAS_TEXTS["ras"], "options": {"likert": {"1": "Low"}}}},  # no such set
        {"ras": {**RAS_TEXTS["ras"], "options": {"anchors_1": {"6": "Beyond"}}}},  # no value 6
        {"ras": {**RAS_TEXTS["ras"], "options": {"anchors_1": ["Low"]}}},
        {"ras": {**RAS_TEXTS["ras"], "instructions": ["Read"]}},
    ],
    ids=lambda content: json.dumps(content)[:40],
)
def test_a_malformed_practice_texts_file_is_a_definition_error(settings, tmp_path, content):
    use_texts(settings, tmp_path, content)
    with pytest.raises(DefinitionError):
        all_instruments()


def test_a_missing_practice_texts_file_is_a_definition_error(settings, tmp_path):
    settings.STEADFAST_INSTRUMENT_TEXTS = str(tmp_path / "absent.json")
    definitions.reload()
    with pytest.raises(DefinitionError):
        get_instrument("ras")


# ---------------------------------------------------------------- parse rejects bad files


def broken(key, change):
    data = raw(key)
    change(data)
    return data


@pytest.mark.parametrize(
    "data",
    [
        broken("wast-short", lambda d: d["screen"]["conditions"][0].update(item=3)),
        broken("wast-short", lambda d: d["screen"]["conditions"][1].update(value=4)),
        broken("hits", lambda d: d.update(screen={"of": "total", "at_least": 11})),
        broken("phq9", lambda d: d["flags"][0].update(item=11)),
        broken("mjs", lambda d: d.update(screen={"of": "total", "positive_at_least": 30})),
        broken("rempel", lambda d: d["subscales"]["faith"]["items"].append(18)),
        broken("ras", lambda d: d["items"][0].update(responses="likert")),
        broken("ras", lambda d: d["items"][1].update(number=1)),
        broken("ras", lambda d: d["response_sets"]["anchors_1"].append({"value": 5})),
        broken("ras", lambda d: d["response_sets"]["anchors_1"].append({"label": "F"})),
        broken("ras", lambda d: d["scoring"].update(method="median")),
    ],
    ids=lambda data: data["key"],
)
def test_parse_rejects_definitions_that_would_score_wrongly(data):
    with pytest.raises(DefinitionError):
        parse(data)
