"""Whether the article asserts that a report happened, or only mentions it, and whether the report asserts.

A report inside a clause that modifies a noun ("a claim that the mayor said …"), inside an instruction, or not yet
made (an infinitive "to determine", a modal "will announce") is mentioned, not made; a request, a refusal or a
question ("urged voters to …", "refused to …", "asked whether …") is made but asserts nothing (LABELLING.md: demands
and questions are not claims). The rules never build a claim from either, and a sentence with nothing else is not
asked about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimex.service.pipeline.lexicon import CONTESTING
from claimex.service.pipeline.parse import MAX_SENTENCE_CHARS, load_nlp

if TYPE_CHECKING:
    from spacy.tokens import Token


def asserted(token: Token) -> bool:
    """Whether the article itself asserts that this report happened.

    Not when the cue sits in a clause that modifies a noun ("output a claim that the mayor said …") or in an
    imperative sentence: such reports are mentioned, not made, and the rules must never invent them.
    """
    if _imperative_sentence(token) or _unrealised(token) or _requests(token) or _negated(token):
        return False
    if token.lower_ in {"according", "per"} and _ends_its_sentence(token):
        return True  # "… in the blasts which followed, according to officials.": it frames the whole sentence
    node = token
    for _ in range(32):
        if node.dep_ == "ROOT" or node.head is node:
            return True
        if node.dep_ in {"acl", "relcl"} and node.head.pos_ in {"NOUN", "PROPN"} and node is not token:
            return False
        if node.dep_ == "acl" and node is token and node.head.pos_ == "NOUN" and node.head.dep_ not in {"dobj", "pobj"}:
            return False
        node = node.head
    return True


def _ends_its_sentence(token: Token) -> bool:
    """Whether nothing but punctuation follows the token's phrase in its sentence."""
    last = max(t.i for t in token.subtree)
    return all(t.is_punct for t in token.doc[last + 1 : token.sent.end])


_MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must", "shall", "wo", "ca"})
# Verbs of continuing, from VerbNet 3.4 (the source of reporting_verbs.tsv): continue-55.3, sustain-55.6 (less
# "hold", "keep", "leave", whose infinitive complements are purposes) and begin-55.1's own members (go on, proceed).
# "X continued to insist that …" reports what X has been insisting; "began to" (begin-55.1-1) stays unrealised.
_CONTINUING = frozenset({"continue", "maintain", "sustain", "prolong", "protract", "go", "proceed", "carry"})
_CONTINUING_PARTICLES = {"go": "on", "carry": "on"}


def _unrealised(verb: Token) -> bool:
    """Whether the report has not happened.

    An infinitive ("issued forms to determine …", "began to broadcast") or a verb under a modal ("will announce",
    "could say") reports nothing yet.
    """
    if verb.tag_ != "VB":
        return False
    if _continues(verb):
        return _unrealised(verb.head)
    return any(c.dep_ == "aux" and (c.lower_ == "to" or c.lower_ in _MODALS) for c in verb.children)


def _continues(verb: Token) -> bool:
    """Whether an infinitive complements a verb of continuing ("continues to insist", "went on to argue")."""
    head = verb.head
    if verb.dep_ not in {"xcomp", "advcl"} or head is verb or head.lemma_.casefold() not in _CONTINUING:
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    particle = _CONTINUING_PARTICLES.get(head.lemma_.casefold())
    return particle is None or any(c.dep_ == "prt" and c.lower_ == particle for c in head.children)


def speaks(token: Token) -> bool:
    """Whether the source says something in this report, even when it asserts nothing.

    A request or a question is still the source's own words: in 'She urged crews to "leave now. The tide is
    rising."' the quotation's next sentence is hers. A report that is negated, not yet made or only mentioned
    is no one's words.
    """
    if asserted(token):
        return True
    return _requests(token) and not (_imperative_sentence(token) or _unrealised(token) or _negated(token))


# Verbs of asking someone to act, from VerbNet 3.4 (the source of reporting_verbs.tsv): urge-58.1, order-58.3 (less
# "announce") and beg-58.2, with every subclass (less "call on", which the parser reads as "call" + a preposition,
# no report at all); and reject-77.2's own members (refuse, decline). Their clausal
# complement, or their object after "for", is what was asked for or refused ("urged nations to …", "demanded that
# the board resign", "asked for help"), not a proposition. Verbs of inquiring (inquire-37.1.2) ask a question when
# their clause is interrogative.
_DIRECTIVE = frozenset(
    {
        "urge", "ask", "admonish", "encourage", "exhort", "entreat", "implore", "lobby", "press", "pressure", "prod",
        "dare", "force", "invite", "push", "summon", "tempt",
        "demand", "mandate", "authorize", "authorise", "command", "commission", "order", "require",
        "request", "importune", "supplicate", "beg",
        "refuse", "decline", "rebuff",
    }
)  # fmt: skip
_INQUIRING = frozenset({"ask", "enquire", "inquire"})
_INTERROGATIVE_MARKS = frozenset({"if", "whether"})


def _requests(verb: Token) -> bool:
    """Whether the report asks for something, refuses it or asks a question instead of asserting.

    "urged nations to …", "demanded that the board resign", "refused to give details", "was asked whether …".
    """
    lemma = verb.lemma_.casefold()
    if lemma in _DIRECTIVE and any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
        return not any(c.dep_ == "ccomp" for c in verb.children)  # "asked for help", "asked them for patience"
    if lemma not in _DIRECTIVE and lemma not in _INQUIRING:
        return False
    for clause in verb.children:
        if clause.dep_ not in {"xcomp", "ccomp", "advcl"} or clause.pos_ not in {"VERB", "AUX", "NOUN"}:
            continue
        if lemma in _INQUIRING and _interrogative(clause):
            return True
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if lemma in _DIRECTIVE and (infinitive or clause.dep_ == "ccomp"):
            return True
    return False


def _negated(verb: Token) -> bool:
    """Whether the sentence denies the report happened ("She did not comment.", "He never said how much.").

    Not when the verb itself excludes or contests ("did not rule out a delay", "did not deny that …"): two
    negatives leave a hedged claim.
    """
    if verb.dep_ not in {"ROOT", "conj"} or not any(c.dep_ == "neg" for c in verb.children):
        return False  # inside another verb's clause ("said that he did not tell them") it is reported content
    lemma = verb.lemma_.casefold()
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return lemma not in CONTESTING and (lemma, particle) not in _EXCLUDING


_EXCLUDING = frozenset({("rule", "out")})  # the one verb of excluding among the reporting verbs


def _interrogative(clause: Token) -> bool:
    """Whether a clause is an indirect question: it opens with "if", "whether" or a wh-word."""
    first = clause.left_edge
    return first.lower_ in _INTERROGATIVE_MARKS or first.tag_ in {"WRB", "WP", "WDT"}


def _imperative_sentence(token: Token) -> bool:
    """Whether the token's sentence is an instruction (remembered per sentence: cheap for many cues)."""
    sentence = token.sent
    remembered: dict[int, bool] = token.doc.user_data.setdefault("claimex_imperative", {})
    if sentence.start not in remembered:
        root = sentence.root
        bare_root = root.tag_ == "VB" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in root.children)
        first = next((t for t in sentence if not t.is_punct), None)
        # A sentence that opens with a bare verb is an instruction, whatever the parser made of it.
        remembered[sentence.start] = bare_root or (first is not None and first.tag_ == "VB")
    return remembered[sentence.start]


_CLOSING_MARKS = "\"'”’»"


def asserts_nothing(claim: str) -> bool:
    """Whether a drafted claim asserts nothing: a question, an instruction, thanks or a wish (LABELLING.md).

    "Who will pay for the pier?", "Let's look at the figures.", "Don't close the harbour.", "Mayor Ruiz, thank you
    for coming.", "May the crews come home safe." are said, but claim nothing.
    """
    return claim.rstrip().rstrip(_CLOSING_MARKS).endswith("?") or _is_instruction(claim)


def _is_instruction(claim: str) -> bool:
    """Whether a claim is an instruction (a bare imperative with no subject), thanks or a wish (LABELLING.md)."""
    if len(claim) > MAX_SENTENCE_CHARS:
        return False
    doc = load_nlp()(claim.strip().strip(_CLOSING_MARKS + "“«"))
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    first = next((t for t in doc if not t.is_punct and t.lower_ not in {"ok", "okay", "so", "and", "but", "now"}), None)
    if root is not None and root.lemma_.casefold() == "thank" and root.tag_ in {"VB", "VBP"}:
        return True  # "Mayor Ruiz, thank you for coming.", "We thank you": thanks, given now, assert nothing
    if root is not None and first is not None and _wishes(first, root):
        return True  # "May the crews come home safe.": a wish, as thanks are, asserts nothing
    if root is None or first is None or root.tag_ != "VB":
        return False
    if first.i == root.i and first.lower_ == "let":
        return True  # "Let's look at the figures."
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "ccomp"} for c in root.children):
        return False  # a subject, or a clause the instruction frames ("Remember, the pier is a hundred years old")
    return first.i == root.i or first.lower_ in {"do", "please"}


def _wishes(first: Token, root: Token) -> bool:
    """Whether a sentence opening with the modal "may" is a wish ("May her memory live on"), not a request."""
    opens_with_may = first.lower_ == "may" and first.tag_ == "MD" and first.head == root
    return opens_with_may and not any(c.dep_ == "ccomp" for c in root.children)  # "May I say the pier is safe"
