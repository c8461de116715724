"""How the report words each indicator (English msgids, translated by the catalogues): clauses with a slot for the
figure, never a figure.

A clause holds ``{n}`` where the engine's figure goes (``{m}`` for the second figure of a pair) and may hold
``{year}``, and ``{agency}``: how the profile names the agencies the indicator counts (``agency_words_<lang>`` in
the profile's ``indicators.toml``; else the names of its sources); without ``{year}``, the sentence adds "in 2020" / "en 2020" after it. :mod:`kuska.reports.narrative`
turns a clause into a sentence and adds the comparison with the previous years, as the 2021 TIP report writes it:
"… convicted 29 traffickers, compared with 55 in 2019 and 74 in 2018".

An indicator the catalogue gains later and this module does not know is still reported, with a plain clause built
from its title ("Officials trained: 12 in 2020, compared with …").

Nouns (``noun``, and ``noun1`` for a figure of 1) name a figure inside a pair's comparison: "compared with 186 operations and 364
detentions in 2019".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrPromise

Text = str | StrPromise  # a lazy msgid, or text that needs no translation ("{v}", "")


@dataclass(frozen=True)
class Phrase:
    """The clause of one indicator, and its noun for the comparisons of a pair (``{v}`` is the figure)."""

    text: Text
    noun: Text = "{v}"
    noun1: Text = ""  # the noun when the figure is 1 ("1 operation"), if it differs
    one: Text = ""  # the clause when the figure is 1 ("… conducted {n} operation"), if it differs


@dataclass(frozen=True)
class Pair:
    """Two indicators told in one sentence when both are reported ("65 operations…, resulting in 214 detentions")."""

    first: str
    second: str
    text: Text


PHRASES: dict[str, Phrase] = {
    # -- prosecution ----------------------------------------------------------------------------------------------
    "police_operations": Phrase(
        text=_("anti-trafficking police conducted {n} operations"),
        noun=_("{v} operations"),
        noun1=_("{v} operation"),
        one=_("anti-trafficking police conducted {n} operation"),
    ),
    "police_detentions": Phrase(
        text=_("anti-trafficking police operations resulted in {n} detentions"),
        noun=_("{v} detentions"),
        noun1=_("{v} detention"),
        one=_("anti-trafficking police operations resulted in {n} detention"),
    ),
    "prosecutor_operations": Phrase(
        text=_("specialized prosecutors participated in {n} anti-trafficking operations"),
        noun=_("{v} operations"),
        noun1=_("{v} operation"),
        one=_("specialized prosecutors participated in {n} anti-trafficking operation"),
    ),
    "prosecutor_detentions": Phrase(
        text=_("specialized prosecutors detained {n} suspects in operations"),
        noun=_("{v} suspects detained"),
        noun1=_("{v} suspect detained"),
        one=_("specialized prosecutors detained {n} suspect in operations"),
    ),
    "suspects_prosecuted": Phrase(
        text=_("authorities prosecuted {n} suspects"),
        noun=_("{v} suspects prosecuted"),
        noun1=_("{v} suspect prosecuted"),
        one=_("authorities prosecuted {n} suspect"),
    ),
    "traffickers_convicted": Phrase(
        text=_("courts convicted {n} traffickers"),
        noun=_("{v} traffickers convicted"),
        noun1=_("{v} trafficker convicted"),
        one=_("courts convicted {n} trafficker"),
    ),
    "acquittals": Phrase(
        text=_("judges issued {n} acquittals"),
        one=_("judges issued {n} acquittal"),
    ),
    "sentences": Phrase(
        text=_("courts recorded the sentence imposed in {n} convictions"),
        one=_("courts recorded the sentence imposed in {n} conviction"),
    ),
    "compensation_orders": Phrase(
        text=_("courts issued {n} compensation orders in favour of victims"),
        noun=_("{v} orders"),
        noun1=_("{v} order"),
        one=_("courts issued {n} compensation order in favour of victims"),
    ),
    "compensation_ordered_amount": Phrase(
        text=_("courts ordered {n} in compensation"),
        noun=_("{v} ordered"),
    ),
    "compensation_payments": Phrase(
        text=_("victims received {n} compensation payments"),
        noun=_("{v} payments"),
        noun1=_("{v} payment"),
        one=_("victims received {n} compensation payment"),
    ),
    "compensation_paid_amount": Phrase(
        text=_("victims received {n} in compensation"),
        noun=_("{v} paid"),
    ),
    "officials_investigated": Phrase(
        text=_(
            "authorities opened investigations into {n} public officials for alleged complicity in trafficking crimes"
        ),
        one=_(
            "authorities opened an investigation into {n} public official for alleged complicity in trafficking crimes"
        ),
    ),
    "officials_prosecuted": Phrase(
        text=_("authorities prosecuted {n} public officials for complicity"),
        noun=pgettext_lazy("officials_prosecuted noun", "{v} prosecuted"),
        noun1=pgettext_lazy("officials_prosecuted noun1", "{v} prosecuted"),
        one=_("authorities prosecuted {n} public official for complicity"),
    ),
    "officials_convicted": Phrase(
        text=_("courts convicted {n} public officials for complicity"),
        noun=pgettext_lazy("officials_convicted noun", "{v} convicted"),
        noun1=pgettext_lazy("officials_convicted noun1", "{v} convicted"),
        one=_("courts convicted {n} public official for complicity"),
    ),
    "trainings_held": Phrase(
        text=_("the government held {n} trainings"),
        noun=_("{v} trainings"),
        noun1=_("{v} training"),
        one=_("the government held {n} training"),
    ),
    "training_participants": Phrase(
        text=_("trainings held by the government had {n} participants"),
        noun=_("{v} participants"),
        noun1=_("{v} participant"),
        one=_("trainings held by the government had {n} participant"),
    ),
    "trainings_with_partners": Phrase(
        text=_("the government delivered {n} trainings together with partner organizations"),
        one=_("the government delivered {n} training together with partner organizations"),
    ),
    "prosecutors_trained": Phrase(
        text=_("in {year}, {n} prosecutors completed a training"),
        noun=_("{v} prosecutors"),
        noun1=_("{v} prosecutor"),
        one=_("in {year}, {n} prosecutor completed a training"),
    ),
    "judges_trained": Phrase(
        text=_("in {year}, {n} judges completed a training"),
        noun=_("{v} judges"),
        noun1=_("{v} judge"),
        one=_("in {year}, {n} judge completed a training"),
    ),
    "budget_pnp_units": Phrase(
        text=_("the government allocated {n} to the specialized police units"),
    ),
    # -- protection -----------------------------------------------------------------------------------------------
    "victims_identified": Phrase(
        text=_("together, the source agencies identified {n} victims (each agency's records)"),
        one=_("together, the source agencies identified {n} victim (each agency's records)"),
    ),
    "victims_identified_other_sources": Phrase(
        text=_("other agencies ({agency}) identified {n} victims"),
        one=_("other agencies ({agency}) identified {n} victim"),
    ),
    "unique_victims": Phrase(
        text=_("record linkage found {n} unique victims across agencies"),
        one=_("record linkage found {n} unique victim across agencies"),
    ),
    "agency_overlap": Phrase(
        text=_("in {year}, {n} victims were identified by more than one agency"),
        one=_("in {year}, {n} victim was identified by more than one agency"),
    ),
    "children_assisted": Phrase(
        text=_("the Special Protection Units assisted {n} children"),
        one=_("the Special Protection Units assisted {n} child"),
    ),
    "girls_referred_to_specialized_shelters": Phrase(
        text=_("authorities referred {n} girls to specialized shelters"),
        one=_("authorities referred {n} girl to specialized shelters"),
    ),
    "facilities_specialized_shelters": Phrase(
        text=_("{agency} operates {n} specialized shelters for trafficking victims"),
        one=_("{agency} operates {n} specialized shelter for trafficking victims"),
    ),
    "capacity_specialized_shelters": Phrase(
        text=_("the specialized shelters can accommodate {n} victims"),
        one=_("the specialized shelters can accommodate {n} victim"),
    ),
    "facilities_residential_centres": Phrase(
        text=_(
            "{agency} operates {n} residential centres that can accommodate trafficking victims"
        ),
        one=_("{agency} operates {n} residential centre that can accommodate trafficking victims"),
    ),
    "facilities_emergency_centres": Phrase(
        text=_("{n} Women's Emergency Centres are in operation"),
        one=_("{n} Women's Emergency Centre is in operation"),
    ),
    "facilities_short_stay_spaces": Phrase(
        text=_("{agency} operates {n} short-stay spaces"),
        one=_("{agency} operates {n} short-stay space"),
    ),
    "facilities_private_shelters": Phrase(
        text=_("{n} private shelters accept trafficking victims"),
        one=_("{n} private shelter accepts trafficking victims"),
    ),
    "victims_assisted_udavit": Phrase(
        text=_("{agency} provided care to {n} victims"),
        one=_("{agency} provided care to {n} victim"),
    ),
    "victims_assisted_cem": Phrase(
        text=_("the Women's Emergency Centres assisted {n} trafficking victims"),
        one=_("the Women's Emergency Centres assisted {n} trafficking victim"),
    ),
    "residency_granted_foreign_victims": Phrase(
        text=_("authorities granted residency to {n} foreign victims"),
        one=_("authorities granted residency to {n} foreign victim"),
    ),
    "children_placed_in_police_stations": Phrase(
        text=_("authorities placed {n} child victims in police stations"),
        one=_("authorities placed {n} child victim in police stations"),
    ),
    "services_conditioned_on_statement": Phrase(
        text=_("in {year}, {n} referrals were made conditional on the victim giving a statement"),
        one=_("in {year}, {n} referral was made conditional on the victim giving a statement"),
    ),
    # -- protection: the care of identified victims ----------------------------------------------------
    "victims_with_care_plan": Phrase(
        text=_("case workers agreed an individual care plan with {n} victims"),
        one=_("case workers agreed an individual care plan with {n} victim"),
    ),
    "referrals_by_outcome": Phrase(
        text=_("agencies referred victims to services {n} times"),
        one=_("agencies referred a victim to a service {n} time"),
    ),
    "services_refused": Phrase(
        text=_("service providers refused {n} referrals"),
        one=_("service providers refused {n} referral"),
    ),
    "median_days_to_first_service": Phrase(
        text=_("half the victims received their first service within {n} days of being identified"),
        one=_("half the victims received their first service within {n} day of being identified"),
    ),
    "alerts_by_rule": Phrase(
        text=_("Kuska raised {n} alerts about gaps in the care of victims"),
        one=_("Kuska raised {n} alert about a gap in the care of victims"),
    ),
    "men_transgender_without_placement": Phrase(
        text=_(
            "{n} adult men and transgender victims referred to a shelter were not placed in one"
        ),
        one=_("{n} adult man or transgender victim referred to a shelter was not placed in one"),
    ),
    # -- prevention -----------------------------------------------------------------------------------------------
    "budget_mininter_dedicated": Phrase(
        text=_(
            "the government allocated a dedicated anti-trafficking budget of {n} to the Ministry of the Interior"
        ),
    ),
    "employment_agency_enforcement": Phrase(
        text=_("labour inspectors took {n} enforcement actions against employment agencies"),
        one=_("labour inspectors took {n} enforcement action against employment agencies"),
    ),
    "inspections_referred_to_prosecutors": Phrase(
        text=_("labour inspectors referred {n} inspections to specialized prosecutors"),
        one=_("labour inspectors referred {n} inspection to specialized prosecutors"),
    ),
    "journalists_trained": Phrase(
        text=_("the government trained {n} journalists"),
        one=_("the government trained {n} journalist"),
    ),
    "awareness_campaigns": Phrase(
        text=_("the government conducted {n} awareness campaigns"),
        noun=_("{v} campaigns"),
        noun1=_("{v} campaign"),
        one=_("the government conducted {n} awareness campaign"),
    ),
    "campaign_reach": Phrase(
        text=_("awareness campaigns reached {n} people"),
        noun=_("{v} people reached"),
        noun1=_("{v} person reached"),
        one=_("awareness campaigns reached {n} person"),
    ),
    # -- prevention: the hotlines ----------------------------------------------------------------------
    "hotline_calls": Phrase(
        text=_("{agency} received {n} calls"),
        one=_("{agency} received {n} call"),
    ),
    "hotline_calls_interpreter_needed": Phrase(
        text=_("callers asked for an interpreter on {n} calls"),
        noun=_("{v} calls needing an interpreter"),
        noun1=_("{v} call needing an interpreter"),
        one=_("a caller asked for an interpreter on {n} call"),
    ),
    "hotline_calls_interpreter_provided": Phrase(
        text=_("an interpreter was provided on {n} calls"),
        noun=_("{v} with an interpreter"),
        one=_("an interpreter was provided on {n} call"),
    ),
    "hotline_calls_referred": Phrase(
        text=_("the hotlines referred {n} calls to other agencies"),
        one=_("the hotlines referred {n} call to another agency"),
    ),
    "hotline_hours_to_referral": Phrase(
        text=_("half of the referred calls were referred within {n} hours of the call"),
    ),
}

PAIRS: tuple[Pair, ...] = (
    Pair(
        "police_operations",
        "police_detentions",
        text=_(
            "anti-trafficking police conducted {n} operations in {year}, resulting in {m} detentions"
        ),
    ),
    Pair(
        "prosecutor_operations",
        "prosecutor_detentions",
        text=_(
            "specialized prosecutors participated in {n} anti-trafficking operations in {year} and detained {m} "
            "suspects"
        ),
    ),
    Pair(
        "suspects_prosecuted",
        "traffickers_convicted",
        text=_("in {year}, authorities prosecuted {n} suspects and convicted {m} traffickers"),
    ),
    Pair(
        "compensation_orders",
        "compensation_ordered_amount",
        text=_("courts issued {n} compensation orders in {year}, for a total of {m}"),
    ),
    Pair(
        "compensation_payments",
        "compensation_paid_amount",
        text=_("victims received {n} compensation payments in {year}, for a total of {m}"),
    ),
    Pair(
        "officials_prosecuted",
        "officials_convicted",
        text=_(
            "authorities prosecuted {n} and convicted {m} public officials for complicity in {year}"
        ),
    ),
    Pair(
        "trainings_held",
        "training_participants",
        text=_("the government held {n} trainings in {year}, with {m} participants"),
    ),
    Pair(
        "prosecutors_trained",
        "judges_trained",
        text=_("in {year}, {n} prosecutors and {m} judges completed a training"),
    ),
    Pair(
        "facilities_specialized_shelters",
        "capacity_specialized_shelters",
        text=_(
            "{agency} operates {n} specialized shelters for trafficking victims, with {m} places in total"
        ),
    ),
    Pair(
        "hotline_calls_interpreter_needed",
        "hotline_calls_interpreter_provided",
        text=_(
            "in {year}, callers asked for an interpreter on {n} calls, and one was provided on {m} of them"
        ),
    ),
    Pair(
        "awareness_campaigns",
        "campaign_reach",
        text=_("the government conducted {n} awareness campaigns in {year}, reaching {m} people"),
    ),
)

# Indicators told agency by agency (the seed reports the police's and the prosecutors' victims apart), then as a
# whole. The clauses are keyed by the agency's sector in the profile (``agencies.csv``: ``police``,
# ``prosecution``…); ``*`` is the clause of an agency of any other sector; ``{agency}`` is its name.
BY_AGENCY: dict[str, dict[str, Phrase]] = {
    "victims_identified": {
        "police": Phrase(
            text=_("specialized anti-trafficking police units identified {n} suspected victims"),
            one=_("specialized anti-trafficking police units identified {n} suspected victim"),
        ),
        "prosecution": Phrase(
            text=_("specialized prosecutors reported identifying {n} victims"),
            one=_("specialized prosecutors reported identifying {n} victim"),
        ),
        "*": Phrase(
            text=_("{agency} identified {n} victims"),
            one=_("{agency} identified {n} victim"),
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
    # the care of identified victims
    "referrals_by_outcome": ("outcome",),
    "services_refused": ("refusal_reason",),
    "alerts_by_rule": ("alert_rule",),
    "hotline_calls": ("language",),
    "hotline_calls_referred": ("referred_to",),
}

# How a composition names each category ({country}: the profile's country; {label}: the code list's name).
COMPOSITION: dict[str, dict[str, Text]] = {
    "sex": {
        "female": _("female"),
        "male": _("male"),
        "intersex": _("intersex"),
        "unknown": _("of unrecorded sex"),
    },
    "age_group": {
        "child": _("children"),
        "adult": _("adults"),
        "unknown": _("of unrecorded age"),
    },
    "nationality_group": {
        "national": _("from {country}"),
        "foreign": _("from other countries"),
        "unknown": _("of unrecorded nationality"),
    },
    # the care of identified victims
    "outcome": {
        "pending": _("still pending"),
        "provided": _("provided"),
        "declined_by_victim": _("declined by the victim"),
        "refused_by_provider": _("refused by the provider"),
        "not_available": _("with the service unavailable"),
        "unknown": _("of unrecorded outcome"),
    },
    "refusal_reason": {
        "no_capacity": _("refused for lack of places"),
        "does_not_admit_sex": _("refused because the provider does not admit the person's sex"),
        "does_not_admit_age": _("refused because the provider does not admit the person's age"),
        "does_not_admit_gender_identity": _(
            "refused because the provider does not admit the person's gender identity"
        ),
        "outside_hours": _("refused because they came outside opening hours"),
        "other": _("refused for other reasons"),
        "unknown": _("refused for unrecorded reasons"),
    },
    "alert_rule": {"*": _("for “{label}”")},
    "nationality": {
        "ZZ": _("from other countries not specified"),
        "unknown": _("of unrecorded nationality"),
        "*": _("from {label}"),
    },
    "language": {
        "unknown": _("in a language not recorded"),
        "*": _("held in {label}"),
    },
    "referred_to": {
        "*": _("sent to {label}"),
    },
}

# "Of these" / "De estas": the subject of a composition, by the gender of what the indicator counts.
OF_THESE: dict[str, Text] = {
    "suspects_prosecuted": pgettext_lazy("suspects_prosecuted", "Of these"),
    "traffickers_convicted": pgettext_lazy("traffickers_convicted", "Of these"),
    # the care of identified victims
    "referrals_by_outcome": pgettext_lazy("referrals_by_outcome", "Of these"),
    "services_refused": pgettext_lazy("services_refused", "Of these"),
    "alerts_by_rule": pgettext_lazy("alerts_by_rule", "Of these"),
    "hotline_calls": pgettext_lazy("hotline_calls", "Of these"),
    "hotline_calls_referred": pgettext_lazy("hotline_calls_referred", "Of these"),
    "*": pgettext_lazy("*", "Of these"),
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
        # the care of identified victims
        ("victims_with_care_plan", "median_days_to_first_service"),
        ("referrals_by_outcome", "services_refused", "men_transgender_without_placement"),
        ("alerts_by_rule",),
    ),
    "prevention": (
        ("budget_mininter_dedicated",),
        ("employment_agency_enforcement", "inspections_referred_to_prosecutors"),
        ("journalists_trained", "awareness_campaigns", "campaign_reach"),
        # the hotlines
        (
            "hotline_calls",
            "hotline_calls_interpreter_needed",
            "hotline_calls_interpreter_provided",
            "hotline_calls_referred",
            "hotline_hours_to_referral",
        ),
    ),
}
