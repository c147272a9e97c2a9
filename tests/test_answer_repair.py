import json

from claimex.schemas.drafts import UnitClaims
from claimex.service.backends.answer_repair import repair_answer_json
from claimex.service.backends.fake import FakeChat
from claimex.service.backends.instructed import InstructorBackend


def test_valid_answers_pass_untouched():
    text = '{"claims": ["He said \\"no\\" twice."]}'
    assert repair_answer_json(text) == text


def test_unescaped_inner_quotes_and_fences_are_mended():
    mended = repair_answer_json('{"claims": ["The plan is "a fraud" from the start.", "It was "never" ready."]}')
    assert json.loads(mended) == {"claims": ['The plan is "a fraud" from the start.', 'It was "never" ready.']}
    unclosed = '{"claims": ["Its position of supporting a “multipolar world order.”]}'
    assert json.loads(repair_answer_json(unclosed))["claims"] == [
        "Its position of supporting a “multipolar world order.”"
    ]
    after_comma = '{"claims": ["Staff kept calm, and "people were in shock", he said."]}'
    assert json.loads(repair_answer_json(after_comma))["claims"] == [
        'Staff kept calm, and "people were in shock", he said.'
    ]
    fenced = '```json\n{\n  "speaker": "Ines Holm",\n  "claims": ["We kept "every" promise."]\n}\n```'
    assert json.loads(repair_answer_json(fenced))["claims"] == ['We kept "every" promise.']


def test_what_cannot_be_mended_is_left_for_the_re_ask():
    broken = '{"claims": ["a new "chapter": and more"]}'  # a closing-looking quote: no safe reading
    assert repair_answer_json(broken) == broken
    assert repair_answer_json("not json at all") == "not json at all"


def test_the_backend_mends_before_validation_so_no_re_ask_is_spent():
    chat = FakeChat(['{"claims": ["The bridge is "unsafe" now."]}'])
    backend = InstructorBackend(chat.create, model_name="fake-model")
    done = backend.extract(
        [{"role": "user", "content": "?"}],
        UnitClaims,
        max_retries=1,
        context={"article": 'The bridge is "unsafe" now, Tomas Varga said.'},
    )
    assert done.value.claims == ['The bridge is "unsafe" now.'] and done.calls == 1
