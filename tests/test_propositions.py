import pytest

from claimex.service.pipeline import Extractor
from claimex.service.pipeline.parse import load_nlp
from claimex.service.pipeline.propositions import independent_clauses, spliced_sentences

from .conftest import claims_json


def clauses(text):
    return independent_clauses(load_nlp()(text))


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (
            "The old pier will close in March, but the ferry service will keep its winter timetable.",
            ["The old pier will close in March.", "The ferry service will keep its winter timetable."],
        ),
        (
            "The harvest was the smallest in a decade; the growers blame a dry spring for the loss.",
            ["The harvest was the smallest in a decade.", "The growers blame a dry spring for the loss."],
        ),
        (
            "Fares will rise by a fifth next year, and the council expects fewer passengers on every route.",
            ["Fares will rise by a fifth next year.", "The council expects fewer passengers on every route."],
        ),
        (  # one subject, two predicates, each with its own tense and object
            "The ferry operator will add a night crossing and has ordered two new boats.",
            ["The ferry operator will add a night crossing.", "The ferry operator has ordered two new boats."],
        ),
        (  # no comma, but two clauses with their own subject and tense
            "The ferry will stop running at noon and the buses will run until midnight.",
            ["The ferry will stop running at noon.", "The buses will run until midnight."],
        ),
        (
            "The mill cut its output and laid off forty workers at the river plant.",
            ["The mill cut its output.", "The mill laid off forty workers at the river plant."],
        ),
        (  # the second predicate reports a clause; the first narrates what she did, which is no claim
            "The harbour master resigned abruptly and said she would not run again.",
            ["The harbour master said she would not run again."],
        ),
        (
            "The ferry company cut its fares in May and now says that the winter timetable will stay.",
            ["The ferry company now says that the winter timetable will stay."],
        ),
        (  # the second verb has a tense of its own, so it needs no object to stand alone
            "The old bridge had been closed by the storm and is reopening slowly.",
            ["The old bridge had been closed by the storm.", "The old bridge is reopening slowly."],
        ),
        (  # the parser hangs "and" on a word of the first predicate; it still joins the second
            "The new levy will fund the repair of the harbour and will, in the council's view, pay for itself.",
            ["The new levy will fund the repair of the harbour.", "The new levy will, in the council's view, pay for itself."],
        ),
        (  # the parser hangs a bare "and" on the first clause's complement; it still joins two clauses
            "The lake is frozen solid and skaters are expected to flock there at the weekend.",
            ["The lake is frozen solid.", "Skaters are expected to flock there at the weekend."],
        ),
        (  # a modal before the first verb, a tense of its own on the second: two propositions
            "The ferry operator would add a night crossing and already has two new boats on order.",
            ["The ferry operator would add a night crossing.", "The ferry operator already has two new boats on order."],
        ),
        (
            "The harbour master had served on the board for ten years and risked losing her pension.",
            ["The harbour master had served on the board for ten years.", "The harbour master risked losing her pension."],
        ),
        (  # a list of three predicates sharing one subject
            "The harbour trust has sold the old pier, is looking for a buyer for the boatyard, and will close its office in May.",
            [
                "The harbour trust has sold the old pier.",
                "The harbour trust is looking for a buyer for the boatyard.",
                "The harbour trust will close its office in May.",
            ],
        ),
        (  # the claim lost its closing quotation mark; the cut still falls outside the quotation
            'The mayor wrote to the minister about the bridge and promised the town "a fight to the end.',
            ["The mayor wrote to the minister about the bridge.", 'The mayor promised the town "a fight to the end.'],
        ),
        (  # a claim that kept its attribution is split inside the reported clause; each part keeps it
            "The harbour board said the ferry will stop running at noon and the buses will run until midnight.",
            [
                "The harbour board said the ferry will stop running at noon.",
                "The harbour board said the buses will run until midnight.",
            ],
        ),
        (
            "The harbour board continues to insist that the pier is safe and the ferry will run again in May.",
            [
                "The harbour board continues to insist that the pier is safe.",
                "The harbour board continues to insist the ferry will run again in May.",
            ],
        ),
        (
            "The harbour board said the ferry will stop running at noon and would resume on Monday morning.",
            [
                "The harbour board said the ferry will stop running at noon.",
                "The harbour board said the ferry would resume on Monday morning.",
            ],
        ),
    ],
)
def test_independent_clauses_become_one_claim_each(claim, expected):
    assert clauses(claim) == expected


@pytest.mark.parametrize(
    "claim",
    [
        "The club could sign the striker and sell its keeper before the window closes.",  # the modal governs both
        "The club could have scored three goals and put the match beyond doubt.",  # "put" may be the infinitive
        'The mayor said the bridge "will be rebuilt, and the ferry will run until it is."',  # a cut inside a quotation
        "The council should not dictate how people travel but offer better buses to every village.",
        "The trust strongly backs and funds the new plan for the harbour.",  # one object for two verbs
        "The clinic was closed in June and reopened a week later.",  # the second verb has no complement
        "The bridge reopened on Monday, and traffic is light.",  # too short to stand alone
        'The mayor called the plan "costly, but the only option left" at the hearing.',  # a quotation stays whole
        "The museum will reopen in May and the gardens in June.",  # no comma: the labels keep these together
        "If the levee fails, the town will flood and the road will close for weeks.",  # the "if" frames both
        "The hall is more than a century old but its roof was replaced last year.",  # a bare "but" concedes
    ],
)
def test_a_single_proposition_or_a_dependent_part_stays_whole(claim):
    assert clauses(claim) == [claim]


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        (
            "The harbour plan must be costed first: Any delay will raise the price of the repairs.",
            ["The harbour plan must be costed first.", "Any delay will raise the price of the repairs."],
        ),
        (
            "The ferry crews have not been paid for weeks, They will stop work on Monday morning.",
            ["The ferry crews have not been paid for weeks.", "They will stop work on Monday morning."],
        ),
    ],
)
def test_two_sentences_run_together_by_a_colon_or_a_comma_splice_are_two_claims(claim, expected):
    assert spliced_sentences(load_nlp()(claim)) == expected


@pytest.mark.parametrize(
    "claim",
    [
        "The plan for the harbour has three parts: Housing, transport and jobs.",  # no clause after the colon
        "The pier will close for repairs in May, Tomas Varga told the harbour board.",  # a name, not a pronoun
        "Repairs are late: It is cold.",  # too short to stand alone
    ],
)
def test_a_colon_or_comma_before_a_capital_without_a_second_sentence_leaves_the_claim_whole(claim):
    assert spliced_sentences(load_nlp()(claim)) == []


def test_the_extractor_returns_each_clause_of_a_joined_claim_with_the_same_speaker(settings, fake_backend, fake_chat):
    article = (
        "Marta Ilves, the harbour master, said on Monday that the old pier will close in March, but the ferry "
        "service will keep its winter timetable.\n"
    )
    joined = "The old pier will close in March, but the ferry service will keep its winter timetable."
    fake_chat._fallback = lambda messages: claims_json(("Marta Ilves", joined, "certain"))
    response = Extractor(fake_backend, settings.model_copy(update={"rule_clauses": False})).extract(article)
    assert [(c.speaker, c.claim) for c in response.claims] == [
        ("Marta Ilves", "The old pier will close in March."),
        ("Marta Ilves", "The ferry service will keep its winter timetable."),
    ]
    assert all(c.evidence.text == article[c.evidence.start : c.evidence.end] for c in response.claims)
