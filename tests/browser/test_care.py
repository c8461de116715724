"""Care in a real browser: a case worker of the women's ministry's residential centres receives a referral from the
police, accepts it, opens the girl's case, records her placement and the service; the facility manager admits a
girl and the directory of places free tonight shows one place fewer; a referral refused because the shelter does
not admit men raises the alert on the analyst's alerts page, with no one running ``kuska alerts``; a referral
sharing an identity without consent is refused unless overridden, and the override is in the audit trail. Never a
name on any page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kuska.audit.models import Event
from kuska.care import referrals
from kuska.care.models import Alert, Case, CaseReferral, Stay
from kuska.registry.models import Agency
from tests import care_world as world
from tests.browser.axe import assert_accessible
from tests.personas import person

Shot = Callable[[Page, str], Path]


def police_referral(**victim: object) -> CaseReferral:
    """A case of the police unit of Loreto, referred to the residential centres for a shelter."""
    case = world.case_of(world.victim(world.POLICE, **victim))
    assert case.worker is not None
    return referrals.refer(
        case.worker,
        case,
        service_type="shelter",
        to_agency=Agency.objects.get(code=world.SHELTER_AGENCY),
        source=world.SOURCE,
    )


def test_a_case_worker_receives_a_referral_accepts_it_and_records_a_placement_and_a_service(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    received = police_referral()
    worker = person("case_worker")
    # the residential centres record the girl themselves (their own record) and open their own case on it
    girl = world.victim()
    shelter = world.facility()

    page = sign_in_as("case_worker")
    page.get_by_role("link", name="Tareas pendientes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tareas pendientes")
    expect(page.locator("#tasks")).to_contain_text(world.POLICE)
    screenshot(page, "care-tasks")
    assert_accessible(page)
    page.get_by_role("link", name=f"Derivación {received.pk}").click()
    page.get_by_role("button", name="Aceptar").click()
    expect(page.locator("#status")).to_have_text("aceptada")
    page.get_by_label("Qué pasó con el servicio").select_option("started")
    page.get_by_role("button", name="Registrar lo ocurrido").click()
    expect(page.locator("#status")).to_have_text("servicio iniciado")
    screenshot(page, "care-referral-started")
    assert_accessible(page)
    received.refresh_from_db()
    assert received.status == "started"
    assert received.service is not None

    page.get_by_role("link", name="Mis casos").click()
    page.get_by_role("link", name="Abrir un caso").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Abrir un caso")
    page.get_by_label("Entidad a cargo").select_option(world.SHELTER_AGENCY)
    page.get_by_label("Código de registro de la víctima en la entidad").fill(girl.source_record_id)
    page.get_by_label("Riesgo").select_option("high")
    screenshot(page, "care-open-case")
    assert_accessible(page)
    page.get_by_role("button", name="Abrir el caso").click()
    own_case = Case.objects.get(victim=girl)
    expect(page.locator(".notice")).to_have_text(f"Se abrió el caso {own_case.pk}.")
    assert (own_case.worker, own_case.risk) == (worker, "high")
    page.get_by_role("link", name="Registrar un acogimiento").click()
    expect(page.locator("#placement-form")).to_contain_text("10 plazas libres esta noche")
    page.get_by_label("Casa refugio").check()
    page.get_by_role("button", name="Registrar el ingreso").click()
    expect(page.locator(".notice")).to_have_text("Se registró el ingreso.")
    expect(page.locator("#stays")).to_contain_text("Casa refugio")
    screenshot(page, "care-case-placed")
    assert_accessible(page)
    assert Stay.objects.get(case=own_case).placement.facility == shelter

    page.get_by_role("link", name="Establecimientos").click()
    expect(page.locator(f"#region-{world.LORETO} .free")).to_have_text("9")
    screenshot(page, "care-facilities")
    assert_accessible(page)
    expect(page.locator("main")).not_to_contain_text(world.SURNAME)
    assert console_errors == []


def test_a_referral_refused_for_not_admitting_men_raises_the_alert_on_the_analysts_page(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    received = police_referral(sex="male", age_at_event=34)
    page = sign_in_as("case_worker")
    page.goto(f"{live_server.url}/care/referrals/{received.pk}/")
    page.get_by_label("Motivo del rechazo").select_option("does_not_admit_sex")
    page.get_by_role("button", name="Rechazar").click()
    expect(page.locator("#status")).to_contain_text("No admite el sexo de la persona")
    screenshot(page, "care-referral-refused")

    # raised by the refusal itself: nobody ran `kuska alerts`, no scheduled check ran
    alert = Alert.objects.get(rule="referral_refused_for_who_they_are")
    assert alert.subject == f"care.casereferral:{received.pk}"
    page.context.clear_cookies()
    page = sign_in_as("analyst")
    page.get_by_role("link", name="Alertas").click()
    title = "Derivación denegada por el sexo, la edad o la identidad de género de la víctima"
    expect(page.locator("#count-referral_refused_for_who_they_are")).to_contain_text(title)
    section = page.locator("#rule-referral_refused_for_who_they_are")
    expect(section).to_contain_text(world.POLICE)
    screenshot(page, "care-alerts-analyst")
    assert_accessible(page)
    section.get_by_role("link", name=f"Alerta {alert.pk}").click()
    page.get_by_label("Nota").fill("se busca un albergue que acoja a hombres en Loreto")
    page.get_by_role("button", name="Resolver").click()
    expect(page.locator("#state")).to_have_text("resuelta")
    screenshot(page, "care-alert-resolved")
    assert_accessible(page)
    expect(page.locator("main")).not_to_contain_text(world.SURNAME)
    assert console_errors == []


def test_a_facility_manager_admits_a_girl_and_the_directory_shows_one_place_fewer(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    case = world.case_of(
        world.victim()
    )  # a girl of 15 identified in Loreto, her case at the residential centres
    shelter = world.facility()  # 10 places for girls in Loreto
    page = sign_in_as("facility_manager")
    page.get_by_role("link", name="Establecimientos").click()
    expect(page.locator(f"#region-{world.LORETO} .free")).to_have_text("10")
    page.get_by_role("link", name="Casa refugio").click()
    page.get_by_role("link", name="Ingresos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingresos: Casa refugio")
    expect(page.locator("#tonight")).to_contain_text("10 plazas libres esta noche")
    victim = f"personrecord:{case.victim_id}"
    expect(page.locator("#candidates")).to_contain_text(victim)
    screenshot(page, "care-admissions-before")
    assert_accessible(page)
    page.get_by_role("button", name=f"Registrar el ingreso de {victim}").click()
    expect(page.locator(".notice")).to_have_text("Se registró el ingreso.")
    expect(page.locator("#tonight")).to_contain_text("9 plazas libres esta noche")
    stay = Stay.objects.get(case=case)
    expect(page.locator("#residents")).to_contain_text(f"placement:{stay.placement_id}")
    screenshot(page, "care-admissions-after")
    assert_accessible(page)
    assert stay.placement.facility == shelter

    page.get_by_role("navigation", name="Páginas").get_by_role(
        "link", name="Establecimientos"
    ).click()
    expect(page.locator(f"#region-{world.LORETO} .free")).to_have_text("9")
    screenshot(page, "care-facilities-manager")
    expect(page.locator("main")).not_to_contain_text(world.SURNAME)
    assert console_errors == []


def test_a_referral_sharing_an_identity_without_consent_is_refused_unless_overridden(
    sign_in_as: Callable[..., Page],
    live_server: LiveServer,
    screenshot: Shot,
    console_errors: list[str],
) -> None:
    worker = person("case_worker")
    case = world.case_of(world.victim(), worker)
    page = sign_in_as("case_worker")
    page.goto(f"{live_server.url}/care/{case.pk}/referral/")
    page.get_by_label("Servicio (obligatorio)").select_option("legal")
    page.get_by_label("Entidad receptora").select_option("MIMP-UPE")
    page.get_by_label("La derivación comparte la identidad de la víctima").check()
    page.get_by_role("button", name="Registrar la derivación").click()
    expect(page.locator("#problem")).to_contain_text(
        "la víctima no ha consentido que su identidad se comparta con otra entidad"
    )
    screenshot(page, "care-referral-without-consent")
    assert_accessible(page)
    assert not CaseReferral.objects.filter(case=case).exists()

    reason = "interés superior de la niña: la fiscalía la necesita para su protección"
    page.get_by_label("Motivo para compartir la identidad sin consentimiento").fill(reason)
    page.get_by_role("button", name="Registrar la derivación").click()
    expect(page.locator(".notice")).to_have_text("Se registró la derivación.")
    expect(page.locator("#referrals")).to_contain_text("identidad compartida sin consentimiento")
    screenshot(page, "care-referral-overridden")
    override = Event.objects.get(action="care.override")
    assert (override.actor, override.reason, override.outcome) == (worker, reason, "success")
    assert f"care.case:{case.pk}" in override.records
    assert Case.objects.get(pk=case.pk).referrals.get().override_reason == reason
    assert console_errors == []
