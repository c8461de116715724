"""The frontline screener's pages: a hotline call recorded in a form made from the record declaration, checked and
stored by intake as a one-row submission through the web, and the list of the calls the user recorded."""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import timezone

from kuska.accounts.models import User
from kuska.audit.models import Event
from kuska.intake.models import RejectedRow
from kuska.registry.choices import choices
from kuska.registry.models import (
    Agency,
    CodeItem,
    HotlineCall,
    HotlineCallIndicator,
    Identification,
    PersonRecord,
    Referral,
    SubmissionBatch,
)
from kuska.registry.records import RECORD_TYPES, RecordType
from kuska.screening.models import Screening
from kuska.web.declared import record_form
from tests.personas import member
from tests.pseudo import PSEUDO, pseudo_language, unmarked, visible_text
from tests.signin import sign_in

pytestmark = pytest.mark.usefixtures("peru")

CALLS = RECORD_TYPES["hotline_calls"]
AGENCY = "MININTER"


def screener(email: str = "operadora@mininter.example", agency: str = AGENCY) -> User:
    return member(email, agency, "screener")


def client_of(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def text(answer: HttpResponseBase) -> str:
    return html.unescape(bytes(getattr(answer, "content", b"")).decode())


def a_call(**changes: str) -> dict[str, str]:
    """What a screener types for a call to the 1818 line yesterday afternoon, in Quechua, from Cusco."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    values = {
        "called_at": f"{yesterday.isoformat()}T15:40",
        "line": "line_1818",
        "language": "que",
        "region": "PE-CUS",
        "suspected_trafficking": "yes",
        "referred_to": "MP-FISCALIA",
    }
    return {**values, **changes}


def nothing_stored() -> bool:
    return not (
        SubmissionBatch.objects.exists()
        or HotlineCall.objects.exists()
        or RejectedRow.objects.exists()
        or Event.objects.filter(action="intake.import").exists()
    )


def test_the_form_has_a_field_for_each_declared_column_labelled_in_spanish() -> None:
    page = text(client_of(screener()).get("/calls/new/"))
    assert "<h1>Registrar una llamada a la línea</h1>" in page
    fields = [column for column in CALLS.columns if column.name != "record_id"]
    assert fields, "the declaration has columns besides the record id"
    for column in fields:
        label = re.search(
            rf'<label for="id_{column.name}">([^<]*)(<span[^>]*>([^<]*)</span>)?', page
        )
        assert label is not None, column.name
        assert label.group(1).strip() == column.label_in("es")
        assert (label.group(3) == "(obligatorio)") is column.required, column.name
    assert 'name="record_id"' not in page  # Kuska gives the call its id


@pytest.mark.parametrize("record_type", RECORD_TYPES.values(), ids=list(RECORD_TYPES))
def test_every_record_type_without_identities_has_a_form_of_its_declared_columns(
    record_type: RecordType,
) -> None:
    if record_type.identity_columns:
        with pytest.raises(ValueError, match="holds identities"):
            record_form(record_type, "es")
        return
    form = record_form(record_type, "en")()
    columns = [column for column in record_type.columns if column.name != "record_id"]
    assert list(form.fields) == [column.name for column in columns]
    for column in columns:
        field = form.fields[column.name]
        assert field.label == column.label_in("en")
        assert ("required" in field.widget.attrs) is column.required, column.name
        if column.code_list:
            assert [code for code, _label in field.widget.choices if code] == list(
                CodeItem.objects.filter(list=column.code_list)
                .order_by("sort_order", "code")
                .values_list("code", flat=True)
            )


def test_a_code_list_column_offers_the_lists_values_by_their_spanish_labels() -> None:
    page = text(client_of(screener()).get("/calls/new/"))
    line = page.split('<select name="line"', 1)[1].split("</select>", 1)[0]
    assert '<option value="line_1818">Línea 1818 (MININTER)</option>' in line
    assert '<option value="line_100">Línea 100 (MIMP)</option>' in line
    assert '<option value="yes">Sí</option>' in page


def test_a_recorded_call_is_stored_through_intake_as_a_web_submission_of_the_user() -> None:
    user = screener()
    client = client_of(user)
    answer = client.post("/calls/new/", {**a_call(), "record_id": "MININTER-C1"})
    assert answer.status_code == 302
    assert answer["Location"] == "/calls/"
    call = HotlineCall.objects.get()
    assert call.agency.code == AGENCY
    assert re.fullmatch("web-[0-9a-f]{16}", call.source_record_id)  # Kuska's id, not the one posted
    assert (call.line, call.language, call.suspected_trafficking) == ("line_1818", "que", True)
    assert call.referred_to is not None
    assert call.referred_to.code == "MP-FISCALIA"
    assert call.region is not None
    assert call.region.code == "PE-CUS"
    batch = call.batch
    assert (batch.channel, batch.submitted_by, batch.agency.code) == ("web", user, AGENCY)
    assert (batch.rows_read, batch.rows_accepted, batch.rows_rejected) == (1, 1, 0)
    assert batch.file_name == ""
    event = Event.objects.get(action="intake.import")
    assert (event.actor, event.records) == (user, [f"registry.submissionbatch:{batch.pk}"])

    page = text(client.get(answer["Location"]))
    assert f"La llamada se registró para {AGENCY} como {call.source_record_id}." in page
    row = page.split(f'<span class="pseudonym">hotlinecall:{call.pk}</span>', 1)[1].split(
        "</tr>", 1
    )[0]
    assert f'<span class="record-id">{call.source_record_id}</span>' in row
    assert f'<td class="when">{timezone.localtime(call.called_at):%Y-%m-%d} 15:40</td>' in row
    assert "<td>Línea 1818 (MININTER)</td>" in row
    assert "<td>Quechua</td>" in row
    assert "<td>Cusco</td>" in row
    assert "<td>Sí</td>" in row
    assert "<td>MP-FISCALIA</td>" in row


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"called_at": "2999-01-01T10:00"}, "called_at", "La fecha está en el futuro."),
        ({"called_at": ""}, "called_at", "Falta un valor obligatorio."),
        ({"called_at": "ayer"}, "called_at", "No es una fecha y hora válida"),
        ({"line": "line_999"}, "line", "El valor no está en la lista «hotline»"),
        ({"region": "Atlántida"}, "region", "No es una región conocida"),
        ({"referred_to": "NAVY"}, "referred_to", "No es un código de entidad conocido."),
        ({"suspected_trafficking": "tal vez"}, "suspected_trafficking", "Use sí o no."),
    ],
)
def test_a_value_intake_refuses_comes_back_on_its_field_and_nothing_is_stored(
    changes: dict[str, str], field: str, message: str
) -> None:
    answer = client_of(screener()).post("/calls/new/", a_call(**changes))
    assert answer.status_code == 400
    page = text(answer)
    label = CALLS.column(field).label_in("es")
    summary = page.split('<div role="alert" id="problems">', 1)[1].split("</div>", 1)[0]
    assert f'<a href="#id_{field}">{label}</a>: {message}' in summary
    errors = page.split(f'<ul class="errors" id="{field}-errors">', 1)[1].split("</ul>", 1)[0]
    assert message in errors
    assert f'aria-describedby="{field}-errors"' in page
    assert nothing_stored()


def test_the_form_keeps_what_was_typed_when_a_value_is_refused() -> None:
    answer = client_of(screener()).post("/calls/new/", a_call(called_at="2999-01-01T10:00"))
    page = text(answer)
    assert 'value="2999-01-01T10:00"' in page
    assert '<option value="line_1818" selected>' in page


def test_a_screener_of_two_agencies_says_which_the_call_is_for_and_only_among_theirs() -> None:
    user = screener()
    member(user.email, "MIMP", "screener")
    client = client_of(user)
    page = text(client.get("/calls/new/"))
    assert '<option value="MIMP">' in page
    assert f'<option value="{AGENCY}">' in page
    refused = client.post("/calls/new/", {**a_call(), "agency": "MP-FISCALIA"})
    assert refused.status_code == 400
    assert "No puede registrar llamadas para MP-FISCALIA." in text(refused)
    assert nothing_stored()
    assert client.post("/calls/new/", {**a_call(), "agency": "MIMP"}).status_code == 302
    assert HotlineCall.objects.get().agency.code == "MIMP"


def test_the_calls_page_lists_the_users_calls_and_not_another_screeners() -> None:
    first, second = screener(), screener("operador@mininter.example")
    client_of(first).post("/calls/new/", a_call())
    call = HotlineCall.objects.get()
    assert f"hotlinecall:{call.pk}" in text(client_of(first).get("/calls/"))
    page = text(client_of(second).get("/calls/"))
    assert f"hotlinecall:{call.pk}" not in page
    assert "Llamadas registradas: 0" in page
    listed = Event.objects.filter(action="records.list", actor=first).get()
    assert listed.records == [f"registry.hotlinecall:{call.pk}"]


# -- screening the caller who is the victim ----------------------------------------------------------------------

# by hand (tests/test_screening_scoring.py): coercive recruitment, exploitation and coercion at destination
LIKELY_SEXUAL = ("as04", "as05", "as10", "as11", "as15", "as16")


def a_victims_call(**changes: str) -> dict[str, str]:
    """A call from the victim, in Quechua, referred to the prosecutors with a deadline, screened with the adults'
    sexual-exploitation questionnaire."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return {
        **a_call(),
        "caller_type": "victim",
        "interpreter_requested": "yes",
        "interpreter_provided": "no",
        "urgency": "immediate",
        "referred_at": f"{yesterday.isoformat()}T16:10",
        "referral_deadline": f"{yesterday.isoformat()}T22:10",
        "questionnaire": "adults_sexual",
        "questions_in": "qu",
        **{f"answer-{qid}": "yes" for qid in LIKELY_SEXUAL},
        "age": "24",
        "sex": "female",
        "consent": "yes",
        **changes,
    }


def test_the_form_asks_who_called_the_interpreter_urgency_indicators_and_the_referrals_time() -> (
    None
):
    page = text(client_of(screener()).get("/calls/new/"))
    for label in (
        "Quién llamó",
        "Se necesitó intérprete",
        "Se brindó intérprete",
        "Urgencia",
        "Indicadores escuchados",
        "Fecha y hora de la derivación",
        "Plazo para la respuesta a la derivación",
    ):
        assert f">{label}" in page, label
    who = page.split('<select name="caller_type"', 1)[1].split("</select>", 1)[0]
    assert '<option value="victim">La presunta víctima</option>' in who
    assert 'id="call-screening"' in page
    assert 'name="answer-' not in page  # no questionnaire chosen yet: no questions


def test_choosing_a_questionnaire_shows_its_questions_in_the_language_of_the_call_and_stores_nothing() -> (
    None
):
    client = client_of(screener())
    sent = {**a_call(language="que"), "caller_type": "victim", "questionnaire": "children"}
    page = text(client.post("/calls/new/", {**sent, "switch": ""}))
    assert 'name="answer-ch12"' in page
    assert 'name="questions_in" value="qu"' in page  # the call is in Quechua: so are the questions
    assert "traducción en revisión" in page  # a Quechua draft is marked
    assert nothing_stored()
    page = text(client.post("/calls/new/", {**sent, "switch": "es", "answer-ch12": "yes"}))
    assert 'name="questions_in" value="es"' in page
    chosen = page.split('id="question-ch12"', 1)[1].split("</fieldset>", 1)[0]
    assert 'value="yes" checked' in chosen  # the answer is kept across the switch
    assert 'value="line_1818" selected' in page  # and so is the call
    assert nothing_stored()


def test_a_victim_screened_on_the_call_is_identified_by_the_hotline_and_referred_with_consent() -> (
    None
):
    user = screener()
    client = client_of(user)
    answer = client.post("/calls/new/", a_victims_call())
    screening = Screening.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/screenings/{screening.pk}/"
    call = HotlineCall.objects.get()
    assert (call.caller_type, call.interpreter_requested, call.interpreter_provided) == (
        "victim",
        True,
        False,
    )
    assert call.urgency == "immediate"
    assert call.referral_deadline is not None
    assert call.referred_at is not None
    assert (screening.result, screening.call_record_id) == ("likely_victim", call.source_record_id)
    identification = Identification.objects.get()
    assert identification.method == "hotline"
    assert identification.identified_on == timezone.localtime(call.called_at).date()
    assert identification.agency.code == AGENCY
    person = PersonRecord.objects.get()
    assert (person.role, person.sex, person.language, person.identification_region_id) == (
        "victim",
        "female",
        "que",
        call.region_id,
    )
    referral = Referral.objects.select_related("to_agency").get()
    assert referral.to_agency is not None
    assert referral.to_agency.code == "MP-FISCALIA"
    page = text(client.get(answer["Location"]))
    assert "víctima probable" in page.split('id="result"', 1)[1].split("</p>", 1)[0]
    assert call.source_record_id in page.split('id="call"', 1)[1].split("</p>", 1)[0]
    assert "La llamada se registró para MININTER" in page


def test_without_consent_the_victim_is_identified_and_not_referred() -> None:
    client_of(screener()).post("/calls/new/", a_victims_call(consent=""))
    assert Identification.objects.get().method == "hotline"
    assert not Referral.objects.exists()
    assert HotlineCall.objects.get().referred_to is not None  # the call itself was still referred


def test_a_possible_victim_keeps_the_call_and_the_screening_and_no_identification() -> None:
    sent = a_victims_call()
    for qid in LIKELY_SEXUAL[1:]:
        sent.pop(f"answer-{qid}")
    client_of(screener()).post("/calls/new/", sent)
    assert Screening.objects.get().result == "possible_victim"
    assert HotlineCall.objects.count() == 1
    assert not Identification.objects.exists()


def heard_on(call: HotlineCall) -> set[str]:
    return set(HotlineCallIndicator.objects.filter(call=call).values_list("indicator", flat=True))


def test_the_indicators_the_screening_finds_are_added_to_those_the_operator_ticked_once_each() -> (
    None
):
    client = client_of(screener())
    answer = client.post(
        "/calls/new/", {**a_victims_call(), "indicators_heard": ["threats", "physical_violence"]}
    )
    assert answer.status_code == 302
    # as04 and as15 find violence (ticked already), as05 abduction, as11 earnings taken, as16 isolation; as10
    # (forced sexual services) has no means of control to add
    assert heard_on(HotlineCall.objects.get()) == {
        "threats",
        "physical_violence",
        "deprivation_of_liberty",
        "takes_earnings",
        "isolation",
    }
    shown = text(client.get(answer["Location"]))
    assert "Se añadieron a los indicadores escuchados de la llamada, por la detección:" in shown
    assert "Aislamiento" in shown


def test_a_call_without_a_screening_keeps_the_indicators_ticked_only() -> None:
    client_of(screener()).post(
        "/calls/new/",
        {**a_call(caller_type="victim"), "indicators_heard": ["threats"]},
    )
    assert heard_on(HotlineCall.objects.get()) == {"threats"}


def test_the_form_shows_which_indicators_heard_the_answers_find() -> None:
    sent = {**a_victims_call(), "switch": "es"}
    page = text(client_of(screener()).post("/calls/new/", sent))
    found = page.split('id="heard-from-screening"', 1)[1].split("</div>", 1)[0]
    assert '<li data-code="isolation">Aislamiento</li>' in found
    assert 'data-code="takes_earnings"' in found
    assert "Explotación sexual" not in found
    assert nothing_stored()
    empty = text(client_of(screener()).post("/calls/new/", {**sent, "answer-as16": "no"}))
    assert 'data-code="isolation"' not in empty.split('id="heard-from-screening"', 1)[1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"caller_type": "witness"}, "solo cuando quien llama es la víctima"),
        ({"age": "15"}, "cuestionario de niñas, niños y adolescentes"),
        ({"age": "veinte"}, "Edad"),
    ],
)
def test_a_screening_that_cannot_be_recorded_stores_not_even_the_call(
    changes: dict[str, str], message: str
) -> None:
    answer = client_of(screener()).post("/calls/new/", a_victims_call(**changes))
    assert answer.status_code == 400
    page = text(answer)
    assert message in page.split('id="problems"', 1)[1].split("</div>", 1)[0]
    assert 'name="answer-as04"' in page  # the questions come back, answered
    assert nothing_stored()
    assert not Screening.objects.exists()


def test_a_referral_time_without_an_agency_or_before_the_call_is_refused_on_its_field() -> None:
    client = client_of(screener())
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    answer = client.post(
        "/calls/new/", a_call(referred_to="", referred_at=f"{yesterday.isoformat()}T16:00")
    )
    assert answer.status_code == 400
    assert "necesita la entidad a la que se deriva" in text(answer)
    answer = client.post("/calls/new/", a_call(referred_at=f"{yesterday.isoformat()}T09:00"))
    assert answer.status_code == 400
    assert 'id="referred_at-errors"' in text(answer)
    assert nothing_stored()


def test_an_interpreter_provided_on_a_call_that_needed_none_is_refused() -> None:
    answer = client_of(screener()).post(
        "/calls/new/", a_call(interpreter_requested="no", interpreter_provided="yes")
    )
    assert answer.status_code == 400
    assert "Se registró que se brindó intérprete en una llamada que no lo necesitaba." in text(
        answer
    )
    assert 'id="interpreter_provided-errors"' in text(answer)
    assert nothing_stored()


@pytest.mark.parametrize(
    "sent",
    [
        None,  # the empty form
        {
            "called_at": "ayer",
            "line": "line_999",
            "suspected_trafficking": "tal vez",
        },  # shown back with errors
        {"questionnaire": "adults_sexual", "switch": "qu"},  # with the screening's questions
        {"questionnaire": "children", "record": "yes", "age": "40"},  # the screening refused
    ],
)
def test_the_pseudo_language_marks_every_word_of_the_call_form(
    tmp_path: Path, sent: dict[str, str] | None
) -> None:
    """Every word of the hotline operator's form, empty or shown back with its problems, went through the
    catalogues, except the country profile's data: agencies, code lists, regions, questions."""
    from kuska.screening.questionnaires import indicator_name, questionnaires
    from kuska.screening.translations import question_text, title_text

    user = screener()
    client = client_of(user)
    with pseudo_language(tmp_path):
        client.cookies["django_language"] = PSEUDO
        if sent is None:
            answer = client.get("/calls/new/")
        else:
            answer = client.post("/calls/new/", a_call(**sent))
        page = visible_text(text(answer))
        labels = [
            label
            for column in [*CALLS.columns, *RECORD_TYPES["persons"].columns]
            for _code, label in choices(column, PSEUDO) or []
        ]
        endonyms = [name for _code, name in settings.LANGUAGES]
    assert answer.status_code == (200 if sent is None or "switch" in sent else 400)
    data = ["Kuska", "Español", "English", "Runasimi", "Aymar aru", *endonyms, *labels, user.email]
    data += [n for a in Agency.objects.all() for n in (a.name_es, a.name_en)]
    for asked in questionnaires().values():
        data += [title_text(asked.id, "es").text, title_text(asked.id, "qu").text]
        for question in asked.questions:
            data += [question_text(asked.id, question.id, "qu").text, question.texts["es"]]
            data += [indicator_name(question.indicator, "es")]
    assert unmarked(page, data) == []
