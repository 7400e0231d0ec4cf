"""FHIR R4 export and import of instruments and completed measures.

Pure functions, no request and no database:

* `questionnaire(instrument)`: the instrument as a FHIR Questionnaire;
* `questionnaire_response(instrument, answers, authored=...)`: one completed measure
  as a QuestionnaireResponse;
* `measures_bundle(measures)`: completed measures as a Bundle of QuestionnaireResponses
  (the therapist's export and a person's own data download);
* `parse_questionnaire_response(data)`: a QuestionnaireResponse read back into
  `(instrument, {item number: value})`, or `FHIRImportError` saying what is wrong.

Every resource made here is checked by the `fhir.resources` models before it is
returned, and every one read is checked by them before anything else is trusted.
`fhir.resources` 8 models FHIR R5 at its top level; R4 lives in its `R4B` package
(FHIR 4.3.0, the R4 technical-correction release, in which Questionnaire and
QuestionnaireResponse have exactly the elements of R4 4.0.1).

Identity: the Questionnaire's canonical URL is `<base_url>Questionnaire/<key>`, its
`version` the instrument's version, and a response names it as `<url>|<version>`.
Answer codes are the printed point values as strings in a code system per response
set, `<base_url>CodeSystem/<key>-<response set>`. With no `base_url` these are
relative URIs; the web views pass the site's address. On import only the part after
the base counts, so a response exported by another Steadfast installation reads back.

Item texts go out only for instruments whose texts ship with the app; any other
item is labelled "Item N" (a practice's licensed texts stay in the practice).
"""

import json
import re
from datetime import date, datetime
from functools import cache

from django.utils import timezone

from . import interpretation, scoring
from .definitions import all_instruments

LOINC = "http://loinc.org"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
IDENTIFIER_SYSTEM = "urn:steadfast:instrument"
TOTAL_LINK_ID = "total"

_CANONICAL = re.compile(r"(?:^|/)Questionnaire/([A-Za-z0-9_.-]{1,64})(?:\|(.*))?$")


class FHIRImportError(ValueError):
    """A resource that can't be imported; the message is one line saying why."""

    def __init__(self, message):
        super().__init__(" ".join(str(message).split()))


@cache
def _models():
    """The library's R4 model classes (imported on first use: the import is not cheap)."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.questionnaire import Questionnaire
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    return {
        "Bundle": Bundle,
        "Questionnaire": Questionnaire,
        "QuestionnaireResponse": QuestionnaireResponse,
    }


def _validate(resource):
    """Build the library's model of `resource` (a dict); pydantic's error if it is invalid."""
    _models()[resource["resourceType"]].model_validate(resource)
    return resource


# --- identity ---------------------------------------------------------------------------


def _base(base_url):
    return base_url.rstrip("/") + "/" if base_url else ""


def canonical_url(instrument, base_url=""):
    """The Questionnaire's canonical URL (without version)."""
    return f"{_base(base_url)}Questionnaire/{instrument.key}"


def answer_system(instrument, item, base_url=""):
    """The code system of an item's answers: one per response set of the instrument."""
    return f"{_base(base_url)}CodeSystem/{instrument.key}-{item.responses}"


def _computable_name(instrument):
    """Questionnaire.name must look like a code identifier: 'PHQ-9' becomes 'PHQ9'."""
    name = re.sub(r"[^A-Za-z0-9_]", "", instrument.short_name or instrument.key) or "Instrument"
    if not name[:1].isalpha():
        name = "Q" + name
    return (name[0].upper() + name[1:])[:255]


def _item_text(instrument, item):
    if instrument.texts == "shipped" and item.text:
        return item.text
    return f"Item {item.number}"


def _total_text(instrument):
    return "Mean score" if instrument.method == "mean" else "Total score"


# --- export -----------------------------------------------------------------------------


def _answer_coding(instrument, item, option, base_url):
    # Like item texts, a practice's licensed answer wording stays in the practice.
    return {
        "system": answer_system(instrument, item, base_url),
        "code": str(option.value),
        "display": option.shipped_label,
    }


def questionnaire(instrument, base_url=""):
    """The instrument as a FHIR R4 Questionnaire (a dict), validated by the library.

    One item per instrument item, in printed order, linkId the item number; unscored
    items (such as PHQ-9's difficulty item) are included but not required. Where the
    instrument has a total score a read-only decimal item "total" follows, carrying the
    LOINC total code, so that a response's total answers an item of its questionnaire.
    """
    items = []
    for item in instrument.items:
        entry = {"linkId": str(item.number)}
        if item.loinc:
            entry["code"] = [{"system": LOINC, "code": item.loinc}]
        entry |= {
            "text": _item_text(instrument, item),
            "type": "choice",
            "required": item.scored and instrument.max_missing == 0,
            "answerOption": [
                {
                    "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.value}],
                    "valueCoding": _answer_coding(instrument, item, option, base_url),
                }
                for option in instrument.options(item)
            ],
        }
        items.append(entry)
    if instrument.has_total:
        total = {"linkId": TOTAL_LINK_ID}
        if instrument.loinc.get("total"):
            total["code"] = [{"system": LOINC, "code": instrument.loinc["total"]}]
        items.append(total | {"text": _total_text(instrument), "type": "decimal", "readOnly": True})
    resource = {
        "resourceType": "Questionnaire",
        "id": re.sub(r"[^A-Za-z0-9.-]", "-", instrument.key)[:64],
        "url": canonical_url(instrument, base_url),
        "identifier": [
            {"system": IDENTIFIER_SYSTEM, "value": f"{instrument.key}|{instrument.version}"}
        ],
        "version": instrument.version,
        "name": _computable_name(instrument),
        "title": instrument.name,
        "status": "active",
    }
    if instrument.about:
        resource["description"] = instrument.about
    if instrument.licence.get("note"):
        resource["copyright"] = instrument.licence["note"]
    if instrument.loinc.get("panel"):
        resource["code"] = [{"system": LOINC, "code": instrument.loinc["panel"]}]
    resource["item"] = items
    return _validate(resource)


def _fhir_datetime(authored):
    if isinstance(authored, datetime):
        if timezone.is_naive(authored):
            authored = timezone.make_aware(authored)
        return authored.isoformat()
    if isinstance(authored, date):
        return authored.isoformat()
    return str(authored)


def _total_value(instrument, answers, score):
    if not instrument.has_total:
        return None
    if score is None:
        score = scoring.score(instrument, answers)
    if isinstance(score, scoring.Score):
        return score.mean if instrument.method == "mean" else score.total
    return score


def questionnaire_response(
    instrument, answers, *, authored, subject_reference=None, score=None, base_url=""
):
    """One completed measure as a FHIR R4 QuestionnaireResponse (a dict), validated.

    `answers` maps item numbers to printed values (checked by `scoring.clean_answers`,
    so InvalidAnswers propagates); unanswered items are left out. `authored` is a
    datetime (a naive one is taken in the current time zone), a date or an ISO string.
    `score` is a `scoring.Score` or a number; without it the answers are scored here.
    `subject_reference` is a FHIR reference such as "Patient/123".
    """
    cleaned = scoring.clean_answers(instrument, answers)
    items = []
    for item in instrument.items:
        if item.number not in cleaned:
            continue
        option = next(o for o in instrument.options(item) if o.value == cleaned[item.number])
        items.append(
            {
                "linkId": str(item.number),
                "text": _item_text(instrument, item),
                "answer": [{"valueCoding": _answer_coding(instrument, item, option, base_url)}],
            }
        )
    total = _total_value(instrument, cleaned, score)
    if total is not None:
        items.append(
            {
                "linkId": TOTAL_LINK_ID,
                "text": _total_text(instrument),
                "answer": [{"valueDecimal": total}],
            }
        )
    resource = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{canonical_url(instrument, base_url)}|{instrument.version}",
        "status": "completed",
    }
    if subject_reference:
        resource["subject"] = {"reference": subject_reference}
    resource["authored"] = _fhir_datetime(authored)
    resource["item"] = items
    return _validate(resource)


def _safety_link_ids(instrument):
    """linkIds of the items whose answers raise a safety flag (PHQ-9 item 9)."""
    return {str(rule["item"]) for rule in instrument.flags if rule.get("safety")}


def measures_bundle(measures, *, base_url="", leave_out_safety_items=False):
    """(Bundle dict, the measures in it): completed `Measure`s as a FHIR R4 Bundle of
    type collection, one QuestionnaireResponse each, whose id is the measure's random
    key. A measure of an instrument or version this app does not know is left out: its
    answers can't be written as a response to it. `leave_out_safety_items` drops the
    answers of items that raise a safety flag (PHQ-9 item 9). Validated like every
    resource made here."""
    known = all_instruments()
    entries, included = [], []
    for measure in measures:
        instrument = known.get(measure.instrument)
        if instrument is None or instrument.version != measure.version:
            continue
        response = questionnaire_response(
            instrument,
            measure.answers,
            authored=measure.completed_at,
            score=interpretation.score_of(instrument, measure.total, measure.mean),
            base_url=base_url,
        )
        if leave_out_safety_items:
            hidden = _safety_link_ids(instrument)
            response["item"] = [i for i in response["item"] if i["linkId"] not in hidden]
        key = str(measure.submission_key)
        # The id right after the resource type, as FHIR's own examples are laid out.
        rest = {name: value for name, value in response.items() if name != "resourceType"}
        resource = {"resourceType": response["resourceType"], "id": key, **rest}
        entries.append({"fullUrl": f"urn:uuid:{key}", "resource": resource})
        included.append(measure)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": entries,
    }
    return _validate(bundle), included


# --- import -----------------------------------------------------------------------------


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _reject_constant(name):
    raise ValueError(f"{name} is not allowed in JSON")


def _load(data):
    if isinstance(data, bytes | bytearray):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise FHIRImportError("Not valid JSON: the file is not UTF-8 text.") from None
    if isinstance(data, str):
        try:
            data = json.loads(data, parse_constant=_reject_constant)
        except ValueError as error:
            raise FHIRImportError(f"Not valid JSON: {error}.") from None
        except RecursionError:
            raise FHIRImportError("Not valid JSON: nested too deeply.") from None
    if not isinstance(data, dict):
        raise FHIRImportError("Expected a JSON object: a FHIR QuestionnaireResponse.")
    return data


def _first_problem(error):
    """A short account of the first problem the library found."""
    errors = getattr(error, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ""
        for part in first.get("loc", ()):
            where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else part)
        message = first.get("msg", "").removeprefix("Value error, ")
        text = f"{where}: {message}" if where else message
    else:
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _instrument_named(canonical):
    if not isinstance(canonical, str) or not canonical:
        raise FHIRImportError("The QuestionnaireResponse names no questionnaire.")
    match = _CANONICAL.search(canonical)
    instrument = all_instruments().get(match.group(1)) if match else None
    if instrument is None:
        raise FHIRImportError(f"Unknown questionnaire {_short(canonical, 120)}.")
    version = match.group(2)
    if version is not None and version != instrument.version:
        raise FHIRImportError(
            f"The response is to {instrument.short_name} version {_short(version)}; "
            f"this app scores version {instrument.version!r}."
        )
    return instrument


def _same_resource(uri, path):
    """`uri` names `path` (e.g. "CodeSystem/phq9-frequency") under any base URL."""
    return uri == path or uri.endswith("/" + path)


def _answer_value(instrument, item, answer):
    number = item.number
    allowed = instrument.values(item)
    listed = ", ".join(str(v) for v in allowed)
    if answer.get("item"):
        raise FHIRImportError(
            f"Item {number}: nested items are not part of {instrument.short_name}."
        )
    if "valueCoding" in answer:
        coding = answer["valueCoding"]
        system = coding.get("system")
        expected = answer_system(instrument, item)
        if system is not None and not _same_resource(system, expected):
            raise FHIRImportError(
                f"Item {number}: answer system {_short(system, 120)} is not {expected}."
            )
        code = coding.get("code")
        if code is None:
            raise FHIRImportError(f"Item {number}: the answer has no code.")
        if code not in {str(value) for value in allowed}:
            raise FHIRImportError(
                f"Item {number}: answer code {_short(code)} is not one of {listed}."
            )
        return int(code)
    if "valueInteger" in answer:
        value = answer["valueInteger"]
        if isinstance(value, bool) or value not in allowed:
            raise FHIRImportError(f"Item {number}: answer {_short(value)} is not one of {listed}.")
        return value
    kinds = ", ".join(sorted(k for k in answer if k.startswith("value"))) or "no value"
    raise FHIRImportError(f"Item {number}: expected a valueCoding answer, got {kinds}.")


def parse_questionnaire_response(data):
    """(instrument, {item number: printed value}) from a QuestionnaireResponse.

    `data` is a dict, or JSON text (str or bytes). Anything that can't be trusted is
    refused with FHIRImportError (a ValueError) whose message says what is wrong: not
    JSON, not a QuestionnaireResponse, invalid FHIR, not completed, an unknown
    questionnaire or version, an item or answer the instrument doesn't have, or answers
    that can't be scored (the scoring module's message). A "total" item is ignored:
    the score is recomputed from the answers.
    """
    data = _load(data)
    kind = data.get("resourceType")
    if kind != "QuestionnaireResponse":
        got = f"resourceType {_short(kind)}" if kind is not None else "no resourceType"
        raise FHIRImportError(f"Expected a FHIR QuestionnaireResponse, got {got}.")
    try:
        _validate(data)
    except RecursionError:
        raise FHIRImportError(
            "Not a valid FHIR R4 QuestionnaireResponse: nested too deeply."
        ) from None
    except (ValueError, TypeError) as error:
        raise FHIRImportError(
            f"Not a valid FHIR R4 QuestionnaireResponse: {_first_problem(error)}"
        ) from None
    if data["status"] != "completed":
        raise FHIRImportError(
            f"Only a completed QuestionnaireResponse can be imported; "
            f"this one's status is {_short(data['status'])}."
        )
    instrument = _instrument_named(data.get("questionnaire"))
    name = instrument.short_name
    answers = {}
    for entry in data.get("item") or ():
        link_id = entry["linkId"]
        if link_id == TOTAL_LINK_ID and instrument.has_total:
            continue
        number = int(link_id) if re.fullmatch(r"[1-9][0-9]{0,5}", link_id) else None
        if number is None or number not in instrument.item_numbers:
            raise FHIRImportError(f"linkId {_short(link_id)} is not an item of {name}.")
        if number in answers:
            raise FHIRImportError(f"Item {number} appears more than once.")
        if entry.get("item"):
            raise FHIRImportError(f"Item {number}: nested items are not part of {name}.")
        given = entry.get("answer") or []
        if len(given) > 1:
            raise FHIRImportError(f"Item {number} has {len(given)} answers; it takes one.")
        answers[number] = (
            _answer_value(instrument, instrument.item(number), given[0]) if given else None
        )
    try:
        cleaned = scoring.clean_answers(instrument, answers)
    except scoring.InvalidAnswers as error:
        raise FHIRImportError(str(error)) from None
    return instrument, cleaned
