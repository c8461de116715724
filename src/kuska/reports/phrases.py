"""How the report words each indicator, in Spanish and English: clauses with a slot for the figure, never a figure.

A clause holds ``{n}`` where the engine's figure goes (``{m}`` for the second figure of a pair) and may hold
``{year}``; without ``{year}``, the sentence adds "in 2020" / "en 2020" after it. :mod:`kuska.reports.narrative`
turns a clause into a sentence and adds the comparison with the previous years, as the 2021 TIP report writes it:
"… convicted 29 traffickers, compared with 55 in 2019 and 74 in 2018".

An indicator the catalogue gains later and this module does not know is still reported, with a plain clause built
from its title ("Officials trained: 12 in 2020, compared with …").

Nouns (``noun_es``/``noun_en``) name a figure inside a pair's comparison: "compared with 186 operations and 364
detentions in 2019".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    """The clause of one indicator, and its noun for the comparisons of a pair (``{v}`` is the figure)."""

    es: str
    en: str
    noun_es: str = "{v}"
    noun_en: str = "{v}"
    noun1_es: str = ""  # the noun when the figure is 1 ("1 operativo"), if it differs
    noun1_en: str = ""
    one_es: str = ""  # the clause when the figure is 1 ("… realizó {n} operativo"), if it differs
    one_en: str = ""


@dataclass(frozen=True)
class Pair:
    """Two indicators told in one sentence when both are reported ("65 operations…, resulting in 214 detentions")."""

    first: str
    second: str
    es: str
    en: str


PHRASES: dict[str, Phrase] = {
    # -- prosecution ----------------------------------------------------------------------------------------------
    "police_operations": Phrase(
        es="la policía especializada contra la trata realizó {n} operativos",
        en="anti-trafficking police conducted {n} operations",
        noun_es="{v} operativos",
        noun_en="{v} operations",
        noun1_es="{v} operativo",
        noun1_en="{v} operation",
        one_es="la policía especializada contra la trata realizó {n} operativo",
        one_en="anti-trafficking police conducted {n} operation",
    ),
    "police_detentions": Phrase(
        es="los operativos de la policía especializada dieron lugar a {n} detenciones",
        en="anti-trafficking police operations resulted in {n} detentions",
        noun_es="{v} detenciones",
        noun_en="{v} detentions",
        noun1_es="{v} detención",
        noun1_en="{v} detention",
        one_es="los operativos de la policía especializada dieron lugar a {n} detención",
        one_en="anti-trafficking police operations resulted in {n} detention",
    ),
    "prosecutor_operations": Phrase(
        es="las fiscalías especializadas participaron en {n} operativos contra la trata",
        en="specialized prosecutors participated in {n} anti-trafficking operations",
        noun_es="{v} operativos",
        noun_en="{v} operations",
        noun1_es="{v} operativo",
        noun1_en="{v} operation",
        one_es="las fiscalías especializadas participaron en {n} operativo contra la trata",
        one_en="specialized prosecutors participated in {n} anti-trafficking operation",
    ),
    "prosecutor_detentions": Phrase(
        es="las fiscalías especializadas detuvieron a {n} personas en operativos",
        en="specialized prosecutors detained {n} suspects in operations",
        noun_es="{v} personas detenidas",
        noun_en="{v} suspects detained",
        noun1_es="{v} persona detenida",
        noun1_en="{v} suspect detained",
        one_es="las fiscalías especializadas detuvieron a {n} persona en operativos",
        one_en="specialized prosecutors detained {n} suspect in operations",
    ),
    "suspects_prosecuted": Phrase(
        es="las autoridades procesaron a {n} personas por trata",
        en="authorities prosecuted {n} suspects",
        noun_es="{v} personas procesadas",
        noun_en="{v} suspects prosecuted",
        noun1_es="{v} persona procesada",
        noun1_en="{v} suspect prosecuted",
        one_es="las autoridades procesaron a {n} persona por trata",
        one_en="authorities prosecuted {n} suspect",
    ),
    "traffickers_convicted": Phrase(
        es="los tribunales condenaron a {n} tratantes",
        en="courts convicted {n} traffickers",
        noun_es="{v} tratantes condenados",
        noun_en="{v} traffickers convicted",
        noun1_es="{v} tratante condenado",
        noun1_en="{v} trafficker convicted",
        one_es="los tribunales condenaron a {n} tratante",
        one_en="courts convicted {n} trafficker",
    ),
    "acquittals": Phrase(
        es="los jueces dictaron {n} absoluciones",
        en="judges issued {n} acquittals",
        one_es="los jueces dictaron {n} absolución",
        one_en="judges issued {n} acquittal",
    ),
    "sentences": Phrase(
        es="los tribunales registraron la pena impuesta en {n} condenas",
        en="courts recorded the sentence imposed in {n} convictions",
        one_es="los tribunales registraron la pena impuesta en {n} condena",
        one_en="courts recorded the sentence imposed in {n} conviction",
    ),
    "compensation_orders": Phrase(
        es="los tribunales dictaron {n} órdenes de reparación civil a favor de víctimas",
        en="courts issued {n} compensation orders in favour of victims",
        noun_es="{v} órdenes",
        noun_en="{v} orders",
        noun1_es="{v} orden",
        noun1_en="{v} order",
        one_es="los tribunales dictaron {n} orden de reparación civil a favor de víctimas",
        one_en="courts issued {n} compensation order in favour of victims",
    ),
    "compensation_ordered_amount": Phrase(
        es="los tribunales ordenaron {n} en reparaciones civiles",
        en="courts ordered {n} in compensation",
        noun_es="{v} ordenados",
        noun_en="{v} ordered",
    ),
    "compensation_payments": Phrase(
        es="las víctimas recibieron {n} pagos de reparación civil",
        en="victims received {n} compensation payments",
        noun_es="{v} pagos",
        noun_en="{v} payments",
        noun1_es="{v} pago",
        noun1_en="{v} payment",
        one_es="las víctimas recibieron {n} pago de reparación civil",
        one_en="victims received {n} compensation payment",
    ),
    "compensation_paid_amount": Phrase(
        es="las víctimas recibieron {n} por reparación civil",
        en="victims received {n} in compensation",
        noun_es="{v} pagados",
        noun_en="{v} paid",
    ),
    "officials_investigated": Phrase(
        es="las autoridades investigaron a {n} funcionarios públicos por presunta complicidad en delitos de trata",
        en="authorities opened investigations into {n} public officials for alleged complicity in trafficking crimes",
        one_es="las autoridades investigaron a {n} funcionario público por presunta complicidad en delitos de trata",
        one_en="authorities opened an investigation into {n} public official for alleged complicity in trafficking crimes",
    ),
    "officials_prosecuted": Phrase(
        es="las autoridades procesaron a {n} funcionarios públicos por complicidad",
        en="authorities prosecuted {n} public officials for complicity",
        noun_es="{v} procesados",
        noun_en="{v} prosecuted",
        noun1_es="{v} procesado",
        noun1_en="{v} prosecuted",
        one_es="las autoridades procesaron a {n} funcionario público por complicidad",
        one_en="authorities prosecuted {n} public official for complicity",
    ),
    "officials_convicted": Phrase(
        es="los tribunales condenaron a {n} funcionarios públicos por complicidad",
        en="courts convicted {n} public officials for complicity",
        noun_es="{v} condenados",
        noun_en="{v} convicted",
        noun1_es="{v} condenado",
        noun1_en="{v} convicted",
        one_es="los tribunales condenaron a {n} funcionario público por complicidad",
        one_en="courts convicted {n} public official for complicity",
    ),
    "trainings_held": Phrase(
        es="el Estado realizó {n} capacitaciones",
        en="the government held {n} trainings",
        noun_es="{v} capacitaciones",
        noun_en="{v} trainings",
        noun1_es="{v} capacitación",
        noun1_en="{v} training",
        one_es="el Estado realizó {n} capacitación",
        one_en="the government held {n} training",
    ),
    "training_participants": Phrase(
        es="las capacitaciones realizadas por el Estado sumaron {n} participantes",
        en="trainings held by the government had {n} participants",
        noun_es="{v} participantes",
        noun_en="{v} participants",
        noun1_es="{v} participante",
        noun1_en="{v} participant",
        one_es="las capacitaciones realizadas por el Estado sumaron {n} participante",
        one_en="trainings held by the government had {n} participant",
    ),
    "trainings_with_partners": Phrase(
        es="el Estado realizó {n} capacitaciones junto con organizaciones socias",
        en="the government delivered {n} trainings together with partner organizations",
        one_es="el Estado realizó {n} capacitación junto con organizaciones socias",
        one_en="the government delivered {n} training together with partner organizations",
    ),
    "prosecutors_trained": Phrase(
        es="en {year}, {n} fiscales completaron una capacitación",
        en="in {year}, {n} prosecutors completed a training",
        noun_es="{v} fiscales",
        noun_en="{v} prosecutors",
        noun1_es="{v} fiscal",
        noun1_en="{v} prosecutor",
        one_es="en {year}, {n} fiscal completó una capacitación",
        one_en="in {year}, {n} prosecutor completed a training",
    ),
    "judges_trained": Phrase(
        es="en {year}, {n} jueces completaron una capacitación",
        en="in {year}, {n} judges completed a training",
        noun_es="{v} jueces",
        noun_en="{v} judges",
        noun1_es="{v} juez",
        noun1_en="{v} judge",
        one_es="en {year}, {n} juez completó una capacitación",
        one_en="in {year}, {n} judge completed a training",
    ),
    "budget_pnp_units": Phrase(
        es="el Estado asignó {n} a las unidades policiales especializadas",
        en="the government allocated {n} to the specialized police units",
    ),
    # -- protection -----------------------------------------------------------------------------------------------
    "victims_identified": Phrase(
        es="en conjunto, las entidades fuente identificaron a {n} víctimas (registros de cada entidad)",
        en="together, the source agencies identified {n} victims (each agency's records)",
        one_es="en conjunto, las entidades fuente identificaron a {n} víctima (registros de cada entidad)",
        one_en="together, the source agencies identified {n} victim (each agency's records)",
    ),
    "victims_identified_other_sources": Phrase(
        es="otras entidades (inspección laboral, MIMP, ONG, líneas telefónicas) identificaron a {n} víctimas",
        en="other agencies (labour inspectors, MIMP, NGOs, hotlines) identified {n} victims",
        one_es="otras entidades (inspección laboral, MIMP, ONG, líneas telefónicas) identificaron a {n} víctima",
        one_en="other agencies (labour inspectors, MIMP, NGOs, hotlines) identified {n} victim",
    ),
    "unique_victims": Phrase(
        es="el enlace de registros encontró {n} víctimas únicas entre todas las entidades",
        en="record linkage found {n} unique victims across agencies",
        one_es="el enlace de registros encontró {n} víctima única entre todas las entidades",
        one_en="record linkage found {n} unique victim across agencies",
    ),
    "agency_overlap": Phrase(
        es="en {year}, {n} víctimas fueron identificadas por más de una entidad",
        en="in {year}, {n} victims were identified by more than one agency",
        one_es="en {year}, {n} víctima fue identificada por más de una entidad",
        one_en="in {year}, {n} victim was identified by more than one agency",
    ),
    "children_assisted": Phrase(
        es="las Unidades de Protección Especial atendieron a {n} niñas, niños y adolescentes",
        en="the Special Protection Units assisted {n} children",
        one_es="las Unidades de Protección Especial atendieron a {n} niña, niño o adolescente",
        one_en="the Special Protection Units assisted {n} child",
    ),
    "girls_referred_to_specialized_shelters": Phrase(
        es="las autoridades derivaron a {n} niñas a centros de acogida especializados",
        en="authorities referred {n} girls to specialized shelters",
        one_es="las autoridades derivaron a {n} niña a centros de acogida especializados",
        one_en="authorities referred {n} girl to specialized shelters",
    ),
    "facilities_specialized_shelters": Phrase(
        es="el MIMP administra {n} centros de acogida especializados para víctimas de trata",
        en="MIMP operates {n} specialized shelters for trafficking victims",
        one_es="el MIMP administra {n} centro de acogida especializado para víctimas de trata",
        one_en="MIMP operates {n} specialized shelter for trafficking victims",
    ),
    "capacity_specialized_shelters": Phrase(
        es="los centros de acogida especializados cuentan con {n} plazas",
        en="the specialized shelters can accommodate {n} victims",
        one_es="los centros de acogida especializados cuentan con {n} plaza",
        one_en="the specialized shelters can accommodate {n} victim",
    ),
    "facilities_residential_centres": Phrase(
        es="el MIMP administra {n} Centros de Acogida Residencial que pueden recibir víctimas de trata",
        en="MIMP operates {n} residential centres that can accommodate trafficking victims",
        one_es="el MIMP administra {n} Centro de Acogida Residencial que puede recibir víctimas de trata",
        one_en="MIMP operates {n} residential centre that can accommodate trafficking victims",
    ),
    "facilities_emergency_centres": Phrase(
        es="funcionan {n} Centros Emergencia Mujer",
        en="{n} Women's Emergency Centres are in operation",
        one_es="funciona {n} Centro Emergencia Mujer",
        one_en="{n} Women's Emergency Centre is in operation",
    ),
    "facilities_short_stay_spaces": Phrase(
        es="la UDAVIT administra {n} espacios de acogida temporal",
        en="UDAVIT operates {n} short-stay spaces",
        one_es="la UDAVIT administra {n} espacio de acogida temporal",
        one_en="UDAVIT operates {n} short-stay space",
    ),
    "facilities_private_shelters": Phrase(
        es="{n} albergues privados reciben víctimas de trata",
        en="{n} private shelters accept trafficking victims",
        one_es="{n} albergue privado recibe víctimas de trata",
        one_en="{n} private shelter accepts trafficking victims",
    ),
    "victims_assisted_udavit": Phrase(
        es="la Unidad de Asistencia a Víctimas y Testigos del Ministerio Público (UDAVIT) atendió a {n} víctimas",
        en="the Public Ministry's Victim and Witness Assistance Unit (UDAVIT) provided care to {n} victims",
        one_es="la Unidad de Asistencia a Víctimas y Testigos del Ministerio Público (UDAVIT) atendió a {n} víctima",
        one_en="the Public Ministry's Victim and Witness Assistance Unit (UDAVIT) provided care to {n} victim",
    ),
    "victims_assisted_cem": Phrase(
        es="los Centros Emergencia Mujer atendieron a {n} víctimas de trata",
        en="the Women's Emergency Centres assisted {n} trafficking victims",
        one_es="los Centros Emergencia Mujer atendieron a {n} víctima de trata",
        one_en="the Women's Emergency Centres assisted {n} trafficking victim",
    ),
    "residency_granted_foreign_victims": Phrase(
        es="las autoridades otorgaron residencia a {n} víctimas extranjeras",
        en="authorities granted residency to {n} foreign victims",
        one_es="las autoridades otorgaron residencia a {n} víctima extranjera",
        one_en="authorities granted residency to {n} foreign victim",
    ),
    "children_placed_in_police_stations": Phrase(
        es="las autoridades alojaron a {n} niñas, niños y adolescentes víctimas en dependencias policiales",
        en="authorities placed {n} child victims in police stations",
        one_es="las autoridades alojaron a {n} niña, niño o adolescente víctima en dependencias policiales",
        one_en="authorities placed {n} child victim in police stations",
    ),
    "services_conditioned_on_statement": Phrase(
        es="en {year}, {n} derivaciones se condicionaron a que la víctima declarara",
        en="in {year}, {n} referrals were made conditional on the victim giving a statement",
        one_es="en {year}, {n} derivación se condicionó a que la víctima declarara",
        one_en="in {year}, {n} referral was made conditional on the victim giving a statement",
    ),
    # -- prevention -----------------------------------------------------------------------------------------------
    "budget_mininter_dedicated": Phrase(
        es="el Estado asignó un presupuesto específico contra la trata de {n} al Ministerio del Interior",
        en="the government allocated a dedicated anti-trafficking budget of {n} to the Ministry of the Interior",
    ),
    "employment_agency_enforcement": Phrase(
        es="la inspección laboral adoptó {n} medidas de sanción contra agencias de empleo",
        en="labour inspectors took {n} enforcement actions against employment agencies",
        one_es="la inspección laboral adoptó {n} medida de sanción contra agencias de empleo",
        one_en="labour inspectors took {n} enforcement action against employment agencies",
    ),
    "inspections_referred_to_prosecutors": Phrase(
        es="la inspección laboral derivó {n} inspecciones a las fiscalías especializadas",
        en="labour inspectors referred {n} inspections to specialized prosecutors",
        one_es="la inspección laboral derivó {n} inspección a las fiscalías especializadas",
        one_en="labour inspectors referred {n} inspection to specialized prosecutors",
    ),
    "journalists_trained": Phrase(
        es="el Estado capacitó a {n} periodistas",
        en="the government trained {n} journalists",
        one_es="el Estado capacitó a {n} periodista",
        one_en="the government trained {n} journalist",
    ),
    "awareness_campaigns": Phrase(
        es="el Estado realizó {n} campañas de sensibilización",
        en="the government conducted {n} awareness campaigns",
        noun_es="{v} campañas",
        noun_en="{v} campaigns",
        noun1_es="{v} campaña",
        noun1_en="{v} campaign",
        one_es="el Estado realizó {n} campaña de sensibilización",
        one_en="the government conducted {n} awareness campaign",
    ),
    "campaign_reach": Phrase(
        es="las campañas de sensibilización alcanzaron a {n} personas",
        en="awareness campaigns reached {n} people",
        noun_es="{v} personas alcanzadas",
        noun_en="{v} people reached",
        noun1_es="{v} persona alcanzada",
        noun1_en="{v} person reached",
        one_es="las campañas de sensibilización alcanzaron a {n} persona",
        one_en="awareness campaigns reached {n} person",
    ),
}

PAIRS: tuple[Pair, ...] = (
    Pair(
        "police_operations",
        "police_detentions",
        es="la policía especializada contra la trata realizó {n} operativos en {year}, con {m} detenciones",
        en="anti-trafficking police conducted {n} operations in {year}, resulting in {m} detentions",
    ),
    Pair(
        "prosecutor_operations",
        "prosecutor_detentions",
        es="las fiscalías especializadas participaron en {n} operativos contra la trata en {year} y detuvieron "
        "a {m} personas",
        en="specialized prosecutors participated in {n} anti-trafficking operations in {year} and detained {m} "
        "suspects",
    ),
    Pair(
        "suspects_prosecuted",
        "traffickers_convicted",
        es="en {year}, las autoridades procesaron a {n} personas y condenaron a {m} tratantes",
        en="in {year}, authorities prosecuted {n} suspects and convicted {m} traffickers",
    ),
    Pair(
        "compensation_orders",
        "compensation_ordered_amount",
        es="los tribunales dictaron {n} órdenes de reparación civil en {year}, por un total de {m}",
        en="courts issued {n} compensation orders in {year}, for a total of {m}",
    ),
    Pair(
        "compensation_payments",
        "compensation_paid_amount",
        es="las víctimas recibieron {n} pagos de reparación civil en {year}, por un total de {m}",
        en="victims received {n} compensation payments in {year}, for a total of {m}",
    ),
    Pair(
        "officials_prosecuted",
        "officials_convicted",
        es="las autoridades procesaron a {n} y condenaron a {m} funcionarios públicos por complicidad en {year}",
        en="authorities prosecuted {n} and convicted {m} public officials for complicity in {year}",
    ),
    Pair(
        "trainings_held",
        "training_participants",
        es="el Estado realizó {n} capacitaciones en {year}, con {m} participantes",
        en="the government held {n} trainings in {year}, with {m} participants",
    ),
    Pair(
        "prosecutors_trained",
        "judges_trained",
        es="en {year}, {n} fiscales y {m} jueces completaron una capacitación",
        en="in {year}, {n} prosecutors and {m} judges completed a training",
    ),
    Pair(
        "facilities_specialized_shelters",
        "capacity_specialized_shelters",
        es="el MIMP administra {n} centros de acogida especializados para víctimas de trata, con {m} plazas en "
        "total",
        en="MIMP operates {n} specialized shelters for trafficking victims, with {m} places in total",
    ),
    Pair(
        "awareness_campaigns",
        "campaign_reach",
        es="el Estado realizó {n} campañas de sensibilización en {year}, que alcanzaron a {m} personas",
        en="the government conducted {n} awareness campaigns in {year}, reaching {m} people",
    ),
)

# Indicators told agency by agency (the seed reports the police's and the prosecutors' victims apart), then as a
# whole. ``*`` is the clause of an agency not listed; ``{agency}`` is its name.
BY_AGENCY: dict[str, dict[str, Phrase]] = {
    "victims_identified": {
        "PNP": Phrase(
            es="las unidades policiales especializadas contra la trata identificaron a {n} presuntas víctimas",
            en="specialized anti-trafficking police units identified {n} suspected victims",
            one_es="las unidades policiales especializadas contra la trata identificaron a {n} presunta víctima",
            one_en="specialized anti-trafficking police units identified {n} suspected victim",
        ),
        "MP-FISCALIA": Phrase(
            es="las fiscalías especializadas reportaron haber identificado a {n} víctimas",
            en="specialized prosecutors reported identifying {n} victims",
            one_es="las fiscalías especializadas reportaron haber identificado a {n} víctima",
            one_en="specialized prosecutors reported identifying {n} victim",
        ),
        "*": Phrase(
            es="{agency} identificó a {n} víctimas",
            en="{agency} identified {n} victims",
            one_es="{agency} identificó a {n} víctima",
            one_en="{agency} identified {n} victim",
        ),
    },
}

# "Of these, 411 were female and 59 male; …": the breakdowns a composition sentence reads, per indicator.
DETAILS: dict[str, tuple[str, ...]] = {
    "victims_identified": ("sex", "age_group", "nationality_group"),
    "suspects_prosecuted": ("sex", "nationality_group"),
    "traffickers_convicted": ("sex", "nationality_group"),
    "children_assisted": ("sex", "nationality"),
    "victims_assisted_udavit": ("sex", "age_group", "nationality_group"),
}

# How a composition names each category ({country}: the profile's country; {label}: the code list's name).
COMPOSITION: dict[str, dict[str, tuple[str, str]]] = {
    "sex": {
        "female": ("de sexo femenino", "female"),
        "male": ("de sexo masculino", "male"),
        "intersex": ("intersexuales", "intersex"),
        "unknown": ("sin sexo registrado", "of unrecorded sex"),
    },
    "age_group": {
        "child": ("menores de edad", "children"),
        "adult": ("personas adultas", "adults"),
        "unknown": ("sin edad registrada", "of unrecorded age"),
    },
    "nationality_group": {
        "national": ("de {country}", "from {country}"),
        "foreign": ("de otros países", "from other countries"),
        "unknown": ("sin nacionalidad registrada", "of unrecorded nationality"),
    },
    "nationality": {
        "ZZ": ("de otros países no especificados", "from other countries not specified"),
        "unknown": ("sin nacionalidad registrada", "of unrecorded nationality"),
        "*": ("de {label}", "from {label}"),
    },
}

# "Of these" / "De estas": the subject of a composition, by the gender of what the indicator counts.
OF_THESE: dict[str, tuple[str, str]] = {
    "suspects_prosecuted": ("De estas personas", "Of these"),
    "traffickers_convicted": ("De estos tratantes", "Of these"),
    "*": ("De estas víctimas", "Of these"),
}

# The paragraphs of each section: indicators told together, in this order. An indicator of the section that no
# paragraph names gets a paragraph of its own at the end.
PARAGRAPHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "prosecution": (
        (
            "police_operations",
            "police_detentions",
            "prosecutor_operations",
            "prosecutor_detentions",
        ),
        ("suspects_prosecuted", "traffickers_convicted", "acquittals", "sentences"),
        (
            "compensation_orders",
            "compensation_ordered_amount",
            "compensation_payments",
            "compensation_paid_amount",
        ),
        ("officials_investigated", "officials_prosecuted", "officials_convicted"),
        (
            "trainings_held",
            "training_participants",
            "trainings_with_partners",
            "prosecutors_trained",
            "judges_trained",
            "budget_pnp_units",
        ),
    ),
    "protection": (
        (
            "victims_identified",
            "victims_identified_other_sources",
            "unique_victims",
            "agency_overlap",
        ),
        ("children_assisted", "girls_referred_to_specialized_shelters"),
        (
            "facilities_specialized_shelters",
            "capacity_specialized_shelters",
            "facilities_residential_centres",
            "facilities_emergency_centres",
            "facilities_short_stay_spaces",
            "facilities_private_shelters",
        ),
        ("victims_assisted_udavit", "victims_assisted_cem", "residency_granted_foreign_victims"),
        ("children_placed_in_police_stations", "services_conditioned_on_statement"),
    ),
    "prevention": (
        ("budget_mininter_dedicated",),
        ("employment_agency_enforcement", "inspections_referred_to_prosecutors"),
        ("journalists_trained", "awareness_campaigns", "campaign_reach"),
    ),
}
