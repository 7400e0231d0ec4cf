import json
from datetime import UTC, date, datetime

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from steadfast.assessments import fhir, scoring
from steadfast.assessments.definitions import all_instruments, get_instrument, parse

KEYS = sorted(all_instruments())
AUTHORED = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)

# From shared/research/instruments.md §8, independently of the definition files.
PHQ9_LOINC = {
    "panel": "44249-1",
    "total": "44261-6",
    "items": ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7"]
    + ["44258-2", "44252-5", "44253-3", "44260-8", "69722-7"],
}
GAD7_LOINC = {
    "panel": "69737-5",
    "total": "70274-6",
    "items": ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"]
    + ["69726-8"],
}


def vectors(instrument):
    """All-lowest, all-highest and a mixed answer set covering every item."""
    low = {item.number: min(instrument.values(item)) for item in instrument.items}
    high = {item.number: max(instrument.values(item)) for item in instrument.items}
    mixed = {}
    for index, item in enumerate(instrument.items):
        values = instrument.values(item)
        mixed[item.number] = values[(index * 2 + 1) % len(values)]
    return {"min": low, "max": high, "mixed": mixed}


def response(key="phq9", **changes):
    instrument = get_instrument(key)
    data = fhir.questionnaire_response(instrument, vectors(instrument)["mixed"], authored=AUTHORED)
    data.update(changes)
    return data


def refused(data, *fragments):
    with pytest.raises(fhir.FHIRImportError) as caught:
        fhir.parse_questionnaire_response(data)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def item_entries(resource):
    return [entry for entry in resource["item"] if entry["linkId"] != fhir.TOTAL_LINK_ID]


def luhn_ok(loinc):
    body, check = loinc.split("-")
    total = 0
    for position, digit in enumerate(reversed(body)):
        doubled = int(digit) * (2 if position % 2 == 0 else 1)
        total += doubled // 10 + doubled % 10
    return (10 - total % 10) % 10 == int(check)


# --- Questionnaire ---------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_questionnaire_is_valid_fhir_with_one_item_per_instrument_item(key):
    instrument = get_instrument(key)
    resource = fhir.questionnaire(instrument)
    Questionnaire.model_validate(resource)
    assert resource["resourceType"] == "Questionnaire"
    assert resource["status"] == "active"
    assert resource["url"] == f"Questionnaire/{key}"
    assert resource["version"] == instrument.version
    assert resource["identifier"][0]["value"] == f"{key}|{instrument.version}"
    assert resource["title"] == instrument.name
    assert resource["name"][0].isupper() and resource["name"].isidentifier()
    entries = item_entries(resource)
    assert [e["linkId"] for e in entries] == [str(item.number) for item in instrument.items]
    for entry, item in zip(entries, instrument.items, strict=True):
        assert entry["type"] == "choice"
        assert entry["required"] is (item.scored and instrument.max_missing == 0)
        options = instrument.options(item)
        assert [o["valueCoding"]["code"] for o in entry["answerOption"]] == [
            str(o.value) for o in options
        ]
        assert [o["valueCoding"]["display"] for o in entry["answerOption"]] == [
            o.label for o in options
        ]
        assert {o["valueCoding"]["system"] for o in entry["answerOption"]} == {
            fhir.answer_system(instrument, item)
        }
        assert [o["extension"] for o in entry["answerOption"]] == [
            [{"url": fhir.ORDINAL_VALUE, "valueDecimal": o.value}] for o in options
        ]
        if item.loinc:
            assert entry["code"] == [{"system": fhir.LOINC, "code": item.loinc}]
        else:
            assert "code" not in entry
    totals = [e for e in resource["item"] if e["linkId"] == fhir.TOTAL_LINK_ID]
    assert len(totals) == (1 if instrument.has_total else 0)
    assert len(resource["item"]) == len(instrument.items) + len(totals)
    if instrument.loinc.get("panel"):
        assert resource["code"] == [{"system": fhir.LOINC, "code": instrument.loinc["panel"]}]
    else:
        assert "code" not in resource
    if totals and instrument.loinc.get("total"):
        assert totals[0]["code"] == [{"system": fhir.LOINC, "code": instrument.loinc["total"]}]


@pytest.mark.parametrize("key", KEYS)
def test_every_loinc_code_exported_has_a_valid_check_digit(key):
    resource = fhir.questionnaire(get_instrument(key))
    codings = list(resource.get("code", []))
    for entry in resource["item"]:
        codings += entry.get("code", [])
    for coding in codings:
        assert coding["system"] == fhir.LOINC
        assert luhn_ok(coding["code"]), coding["code"]


@pytest.mark.parametrize(("key", "expected"), [("phq9", PHQ9_LOINC), ("gad7", GAD7_LOINC)])
def test_phq9_and_gad7_carry_the_published_loinc_codes(key, expected):
    resource = fhir.questionnaire(get_instrument(key))
    assert resource["code"][0]["code"] == expected["panel"]
    assert [e["code"][0]["code"] for e in item_entries(resource)] == expected["items"]
    total = next(e for e in resource["item"] if e["linkId"] == fhir.TOTAL_LINK_ID)
    assert total["code"][0]["code"] == expected["total"]
    assert total["type"] == "decimal" and total["readOnly"] is True
    assert resource["name"] == {"phq9": "PHQ9", "gad7": "GAD7"}[key]


def test_shipped_texts_are_exported_and_the_unscored_item_is_optional():
    phq9 = get_instrument("phq9")
    resource = fhir.questionnaire(phq9)
    entries = item_entries(resource)
    assert [e["text"] for e in entries] == [item.text for item in phq9.items]
    assert entries[9]["required"] is False
    assert all(e["required"] for e in entries[:9])


LOCAL = {
    "key": "localq",
    "version": "2",
    "name": "A local-texts scale",
    "short_name": "lq-4",
    "citation": "Someone (2000).",
    "licence": {"note": "ask the authors"},
    "texts": "local",
    "response_sets": {"agree": [{"value": 1, "label": "No"}, {"value": 5}]},
    "items": [{"number": n, "gist": f"g{n}", "responses": "agree"} for n in (1, 2, 3)],
    "scoring": {"method": "mean", "max_missing": 1},
}


def test_texts_that_do_not_ship_are_never_exported_nor_invented():
    local_texts = {"localq": {"items": {"1": "Secret one", "2": "Secret two", "3": "Three"}}}
    instrument = parse(LOCAL, local_texts)
    assert instrument.administrable
    resource = fhir.questionnaire(instrument)
    serialised = json.dumps(resource)
    assert "Secret" not in serialised
    assert [e["text"] for e in item_entries(resource)] == ["Item 1", "Item 2", "Item 3"]
    # max_missing > 0: no single item is required; a label-less value keeps its number
    assert not any(e["required"] for e in item_entries(resource))
    assert resource["item"][0]["answerOption"][1]["valueCoding"]["display"] == "5"
    assert resource["name"] == "Lq4"
    assert "code" not in resource


def test_a_key_that_is_no_fhir_id_still_exports_and_imports(monkeypatch):
    instrument = parse({**LOCAL, "key": "my_scale", "texts": "shipped"})
    monkeypatch.setattr(fhir, "all_instruments", lambda: {"my_scale": instrument})
    resource = fhir.questionnaire(instrument)
    assert resource["id"] == "my-scale"
    assert resource["url"] == "Questionnaire/my_scale"
    data = fhir.questionnaire_response(instrument, {1: 5, 3: 1}, authored=AUTHORED)
    assert data["item"][-1]["answer"] == [{"valueDecimal": 3}]  # a mean-scored scale
    assert fhir.parse_questionnaire_response(data) == (instrument, {1: 5, 3: 1})


def test_base_url_makes_absolute_canonical_urls():
    phq9 = get_instrument("phq9")
    for base in ("https://care.example/fhir", "https://care.example/fhir/"):
        resource = fhir.questionnaire(phq9, base_url=base)
        assert resource["url"] == "https://care.example/fhir/Questionnaire/phq9"
        system = resource["item"][0]["answerOption"][0]["valueCoding"]["system"]
        assert system == "https://care.example/fhir/CodeSystem/phq9-frequency"


# --- QuestionnaireResponse and round trips ---------------------------------------------


@pytest.mark.parametrize("vector", ["min", "max", "mixed"])
@pytest.mark.parametrize("key", KEYS)
def test_export_import_round_trips_answers_and_score(key, vector):
    instrument = get_instrument(key)
    answers = vectors(instrument)[vector]
    original = scoring.score(instrument, answers)
    resource = fhir.questionnaire_response(instrument, answers, authored=AUTHORED)
    QuestionnaireResponse.model_validate(resource)
    assert resource["status"] == "completed"
    assert resource["questionnaire"] == f"Questionnaire/{key}|{instrument.version}"
    assert resource["authored"] == "2025-03-04T10:30:00+00:00"
    for entry in item_entries(resource):
        item = instrument.item(int(entry["linkId"]))
        coding = entry["answer"][0]["valueCoding"]
        assert coding["code"] == str(answers[item.number])
        assert coding["system"] == fhir.answer_system(instrument, item)
        assert coding["display"] in {o.label for o in instrument.options(item)}
    totals = [e for e in resource["item"] if e["linkId"] == fhir.TOTAL_LINK_ID]
    if instrument.has_total:
        expected = original.mean if instrument.method == "mean" else original.total
        assert totals[0]["answer"] == [{"valueDecimal": expected}]
    else:
        assert totals == []

    imported, imported_answers = fhir.parse_questionnaire_response(json.dumps(resource))
    assert imported is instrument
    assert imported_answers == answers
    assert scoring.score(imported, imported_answers) == original


def test_round_trip_through_a_json_file_and_a_dict_copy():
    phq9 = get_instrument("phq9")
    answers = vectors(phq9)["mixed"]
    resource = fhir.questionnaire_response(phq9, answers, authored=AUTHORED)
    text = json.dumps(resource, indent=2, ensure_ascii=False)
    assert fhir.parse_questionnaire_response(text)[1] == answers
    assert fhir.parse_questionnaire_response(text.encode("utf-8"))[1] == answers
    assert fhir.parse_questionnaire_response(json.loads(text))[1] == answers


def test_a_response_from_another_installation_imports():
    gad7 = get_instrument("gad7")
    answers = vectors(gad7)["max"]
    base = "https://elsewhere.example/steadfast/"
    resource = fhir.questionnaire_response(gad7, answers, authored=AUTHORED, base_url=base)
    assert resource["questionnaire"] == f"{base}Questionnaire/gad7|1"
    assert resource["item"][0]["answer"][0]["valueCoding"]["system"].startswith(base)
    assert fhir.parse_questionnaire_response(resource) == (gad7, answers)


def test_response_subject_authored_forms_and_given_score():
    phq9 = get_instrument("phq9")
    answers = vectors(phq9)["max"]
    result = scoring.score(phq9, answers)
    data = fhir.questionnaire_response(
        phq9, answers, authored=date(2025, 1, 2), subject_reference="Patient/7", score=result
    )
    assert data["subject"] == {"reference": "Patient/7"}
    assert data["authored"] == "2025-01-02"
    assert data["item"][-1]["answer"] == [{"valueDecimal": 27}]
    data = fhir.questionnaire_response(phq9, answers, authored="2025-01-02T03:04:05Z", score=3)
    assert data["authored"] == "2025-01-02T03:04:05Z" and "subject" not in data
    assert data["item"][-1]["answer"] == [{"valueDecimal": 3}]
    naive = fhir.questionnaire_response(phq9, answers, authored=datetime(2025, 1, 2, 3, 4))
    assert datetime.fromisoformat(naive["authored"]).utcoffset() is not None


def test_export_of_partial_answers_leaves_unanswered_items_out():
    phq9 = get_instrument("phq9")
    answers = dict.fromkeys(range(1, 10), 1)  # the unscored difficulty item left blank
    data = fhir.questionnaire_response(phq9, answers, authored=AUTHORED)
    assert [e["linkId"] for e in data["item"]] == [str(n) for n in range(1, 10)] + ["total"]
    assert fhir.parse_questionnaire_response(data)[1] == answers


def test_export_refuses_answers_that_cannot_be_scored():
    phq9 = get_instrument("phq9")
    with pytest.raises(scoring.InvalidAnswers, match="Item 3"):
        fhir.questionnaire_response(phq9, {**vectors(phq9)["min"], 3: 4}, authored=AUTHORED)


def test_the_total_item_is_ignored_on_import():
    data = response()
    data["item"][-1]["answer"] = [{"valueDecimal": 999}]
    instrument, answers = fhir.parse_questionnaire_response(data)
    assert scoring.score(instrument, answers).total != 999


def test_an_integer_answer_is_accepted_too():
    data = response()
    data["item"][0]["answer"] = [{"valueInteger": 2}]
    assert fhir.parse_questionnaire_response(data)[1][1] == 2


def test_instrument_without_a_total_has_no_total_item(monkeypatch):
    definition = {**LOCAL, "key": "nototal", "texts": "shipped", "total": False}
    definition["items"] = [dict(item, text=f"Text {item['number']}") for item in LOCAL["items"]]
    instrument = parse(definition)
    monkeypatch.setattr(fhir, "all_instruments", lambda: {"nototal": instrument})
    assert "total" not in [e["linkId"] for e in fhir.questionnaire(instrument)["item"]]
    data = fhir.questionnaire_response(instrument, {1: 1, 2: 5, 3: 5}, authored=AUTHORED)
    assert [e["linkId"] for e in data["item"]] == ["1", "2", "3"]
    assert data["item"][0]["text"] == "Text 1"
    assert fhir.parse_questionnaire_response(data) == (instrument, {1: 1, 2: 5, 3: 5})
    data["item"].append({"linkId": "total", "answer": [{"valueDecimal": 11}]})
    refused(data, "'total'", "not an item")


# --- refusals ---------------------------------------------------------------------------


def test_refuses_bad_json():
    refused("{not json", "Not valid JSON")
    refused(b"\xff\xfe", "Not valid JSON")
    refused('{"resourceType": "QuestionnaireResponse", "x": NaN}', "Not valid JSON", "NaN")
    refused("[1, 2]", "Expected a JSON object")
    refused(None, "Expected a JSON object")
    refused("[" * 100_000 + "]" * 100_000, "Not valid JSON", "nested too deeply")


def test_refuses_another_resource_type():
    refused(response(resourceType="Patient"), "QuestionnaireResponse", "'Patient'")
    data = response()
    del data["resourceType"]
    refused(data, "no resourceType")
    refused(fhir.questionnaire(get_instrument("phq9")), "'Questionnaire'")


def test_refuses_missing_or_incomplete_status():
    data = response()
    del data["status"]
    refused(data, "Not a valid FHIR R4 QuestionnaireResponse", "status", "required")
    refused(response(status="in-progress"), "completed", "'in-progress'")


def test_refuses_what_the_fhir_library_rejects():
    refused(response(authored="yesterday"), "authored", "DateTime")
    refused(response(surprise=1), "surprise")
    data = response()
    del data["item"][2]["linkId"]
    refused(data, "item[2].linkId", "required")
    data = response()
    data["item"][0]["answer"][0]["valueInteger"] = 1  # two value[x] in one answer
    refused(data, "item[0].answer[0]")


def test_refuses_unknown_or_missing_questionnaire_and_other_versions():
    refused(response(questionnaire="Questionnaire/nosuch|1"), "Unknown questionnaire", "nosuch")
    refused(response(questionnaire="http://loinc.org/q/44249-1"), "Unknown questionnaire")
    data = response()
    del data["questionnaire"]
    refused(data, "names no questionnaire")
    refused(response(questionnaire="Questionnaire/phq9|2"), "version '2'", "'1'")
    # a versionless canonical is taken as the current version
    assert fhir.parse_questionnaire_response(response(questionnaire="Questionnaire/phq9"))


@pytest.mark.parametrize("link_id", ["99", "0", "abc", "01", "1.0"])
def test_refuses_a_link_id_that_is_not_an_item(link_id):
    data = response()
    data["item"][0]["linkId"] = link_id
    refused(data, f"linkId {link_id!r}", "not an item of PHQ-9")


def test_refuses_answers_outside_the_items_values():
    data = response()
    data["item"][2]["answer"][0]["valueCoding"]["code"] = "4"
    refused(data, "Item 3", "'4'", "0, 1, 2, 3")
    data["item"][2]["answer"][0]["valueCoding"]["code"] = "1.0"
    refused(data, "Item 3", "'1.0'")
    data["item"][2]["answer"] = [{"valueInteger": -1}]
    refused(data, "Item 3", "-1", "0, 1, 2, 3")
    data["item"][2]["answer"] = [{"valueString": "2"}]
    refused(data, "Item 3", "valueCoding", "valueString")
    data["item"][2]["answer"] = [{"valueCoding": {"system": fhir.LOINC, "code": "2"}}]
    refused(data, "Item 3", "answer system", "loinc")
    data["item"][2]["answer"] = [{"valueCoding": {"display": "Several days"}}]
    refused(data, "Item 3", "no code")


def test_refuses_several_answers_repeated_items_and_nesting():
    data = response()
    data["item"][0]["answer"] *= 2
    refused(data, "Item 1 has 2 answers")
    data = response()
    data["item"].insert(1, data["item"][0])
    refused(data, "Item 1 appears more than once")
    data = response()
    data["item"][0]["item"] = [{"linkId": "1.1"}]
    refused(data, "Item 1", "nested")
    data = response()
    data["item"][0]["answer"][0]["item"] = [{"linkId": "1.1"}]
    refused(data, "Item 1", "nested")


def test_refuses_a_missing_required_answer_with_the_scoring_message():
    data = response()
    data["item"] = [e for e in data["item"] if e["linkId"] != "4"]
    message = refused(data, "PHQ-9: item(s) 4 unanswered; none may be left out.")
    assert message == "PHQ-9: item(s) 4 unanswered; none may be left out."
    data = response()
    data["item"][3]["answer"] = []
    refused(data, "item(s) 4 unanswered")


@pytest.mark.parametrize("key", KEYS)
def test_every_instrument_refuses_unknown_items_and_values(key):
    instrument = get_instrument(key)
    data = response(key)
    first = data["item"][0]
    item = instrument.item(int(first["linkId"]))
    first["answer"][0]["valueCoding"]["code"] = str(max(instrument.values(item)) + 1)
    refused(data, f"Item {item.number}", "is not one of")
    data = response(key)
    data["item"][0]["linkId"] = str(max(instrument.item_numbers) + 1)
    refused(data, "not an item of")


def test_import_error_is_a_value_error_with_one_line():
    error = fhir.FHIRImportError("two\nlines  here")
    assert isinstance(error, ValueError)
    assert str(error) == "two lines here"


def test_a_practices_licensed_answer_wording_is_never_exported():
    local_texts = {
        "localq": {
            "items": {"1": "Secret one", "2": "Secret two", "3": "Three"},
            "options": {"agree": {"1": "Licensed never", "5": "Licensed always"}},
        }
    }
    instrument = parse(LOCAL, local_texts)
    assert [o.label for o in instrument.response_sets["agree"]] == [
        "Licensed never",
        "Licensed always",
    ]  # the person taking it sees the practice's wording
    serialised = json.dumps(fhir.questionnaire(instrument))
    serialised += json.dumps(
        fhir.questionnaire_response(
            instrument, {1: 1, 2: 5, 3: 5}, authored=datetime(2026, 11, 27, tzinfo=UTC)
        )
    )
    assert "Licensed" not in serialised
    options = fhir.questionnaire(instrument)["item"][0]["answerOption"]
    assert [o["valueCoding"]["display"] for o in options] == ["No", "5"]
