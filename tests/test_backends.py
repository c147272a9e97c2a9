import hashlib
import json

import pytest

from claimex.schemas import SentenceDraft
from claimex.service.backends import create_backend
from claimex.service.backends.fake import FakeChat
from claimex.service.backends.instructed import InstructorBackend
from claimex.service.backends.model_files import assemble, ensure_model_file
from claimex.service.config import Settings
from claimex.service.errors import ConfigurationError, InvalidModelOutputError, ModelFileError

from .conftest import claims_json

ARTICLE = "Tomas Varga said the cables were corroded."
MESSAGES = [{"role": "user", "content": "Sentence [1]: " + ARTICLE}]


def test_valid_answer_is_parsed_with_usage(fake_chat, fake_backend):
    fake_chat.queue(claims_json(("Tomas Varga", "The cables were corroded.", "certain")))
    done = fake_backend.extract(MESSAGES, SentenceDraft, max_retries=1, context={"article": ARTICLE})
    assert done.value.claims[0].speaker == "Tomas Varga"
    assert done.completion_tokens > 0 and done.prompt_tokens > 0


def test_invalid_answer_triggers_a_reask_carrying_the_validation_message(fake_chat, fake_backend):
    fake_chat.queue(
        claims_json(("Maria Lopez", "The cables were corroded.", "certain")),
        claims_json(("Tomas Varga", "The cables were corroded.", "certain")),
    )
    done = fake_backend.extract(MESSAGES, SentenceDraft, max_retries=1, context={"article": ARTICLE})
    assert done.value.claims[0].speaker == "Tomas Varga"
    assert len(fake_chat.requests) == 2
    reask = json.dumps(fake_chat.requests[1]["messages"])
    assert "is not named in the article" in reask


def test_answer_still_invalid_after_reasks_is_a_typed_error(fake_chat, fake_backend):
    fake_chat.queue("not json at all", '{"claims": [{"speaker": 1}]}')
    with pytest.raises(InvalidModelOutputError) as info:
        fake_backend.extract(MESSAGES, SentenceDraft, max_retries=1, context={"article": ARTICLE})
    assert info.value.context["validation_errors"]
    assert len(fake_chat.requests) == 2


@pytest.mark.parametrize("braces", ["{{w|cable]]s", "{{ article }}", "{% if x %}", "{# note"])
def test_article_text_reaches_the_model_verbatim_even_when_it_looks_like_a_template(fake_chat, fake_backend, braces):
    article = f"Tomas Varga said the cables {braces} were corroded."
    messages = [{"role": "user", "content": "Sentence [1]: " + article}]
    fake_chat.queue(claims_json(("Tomas Varga", "The cables were corroded.", "certain")))
    done = fake_backend.extract(messages, SentenceDraft, max_retries=1, context={"article": article})
    assert done.value.claims[0].speaker == "Tomas Varga"
    assert fake_chat.requests[0]["messages"][-1]["content"] == "Sentence [1]: " + article


def test_max_retries_zero_means_a_single_attempt(fake_chat, fake_backend):
    fake_chat.queue("nope")
    with pytest.raises(InvalidModelOutputError):
        fake_backend.extract(MESSAGES, SentenceDraft, max_retries=0, context={"article": ARTICLE})
    assert len(fake_chat.requests) == 1


def test_factory_picks_backends_by_name(tmp_path):
    assert create_backend(Settings(backend="fake")).model_name == "fake"
    with pytest.raises(ConfigurationError, match="CLAIMEX_BASE_URL"):
        create_backend(Settings(backend="openai", base_url=None, api_key=None))
    endpoint = create_backend(Settings(backend="openai", base_url="http://127.0.0.1:9/v1", model="m", concurrency=3))
    assert (endpoint.model_name, endpoint.parallel_calls) == ("m", 3)


def test_openai_env_variables_are_honoured(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    loaded = Settings()
    assert loaded.base_url == "http://127.0.0.1:1/v1"
    assert loaded.api_key is not None and loaded.api_key.get_secret_value() == "sk-test"
    assert "sk-test" not in repr(loaded)


def test_llama_backend_without_model_packages_says_how_to_install(tmp_path, monkeypatch):
    import claimex.service.backends.model_files as mf

    monkeypatch.setattr(mf, "PART_PACKAGE", "claimex_no_such_package_{n}")
    with pytest.raises(ModelFileError, match=r"pip install -e '\.\[model\]'"):
        ensure_model_file(Settings(cache_dir=tmp_path))


def test_model_file_is_assembled_in_order_and_checked_by_sha256(tmp_path, monkeypatch):
    import claimex.service.backends.model_files as mf

    parts = []
    for n, content in enumerate([b"GGUF", b"-part2", b"-part3"], start=1):
        part = tmp_path / f"part{n:02d}.bin"
        part.write_bytes(content)
        parts.append(part)
    digest = assemble(parts, tmp_path / "m.gguf")
    assert (tmp_path / "m.gguf").read_bytes() == b"GGUF-part2-part3"
    assert digest == hashlib.sha256(b"GGUF-part2-part3").hexdigest()

    monkeypatch.setattr(mf, "part_paths", lambda: parts)
    good = Settings(cache_dir=tmp_path / "cache", model_sha256=digest)
    path = ensure_model_file(good)
    assert path.read_bytes() == b"GGUF-part2-part3"
    assert ensure_model_file(good) == path  # reused: the stamp matches
    with pytest.raises(ModelFileError, match="does not match its pinned sha256"):
        ensure_model_file(Settings(cache_dir=tmp_path / "other", model_sha256="0" * 64))


def test_fake_chat_raises_queued_exceptions():
    chat = FakeChat([RuntimeError("boom")])
    backend = InstructorBackend(chat.create, model_name="f")
    with pytest.raises(Exception, match="boom"):
        backend.extract(MESSAGES, SentenceDraft, max_retries=0, context={})
