import re
from pathlib import Path

import pytest

from claimex.prompts import PromptError, available_prompts, load_prompt, parse_ref

ROOT = Path(__file__).resolve().parents[1]


def test_released_prompts_load_and_render_every_variable():
    assert {"claims@v1", "claims@v2", "claims_whole@v1"} <= set(available_prompts())
    template = load_prompt("claims", "v1")
    messages = template.render(article="A said B.", sentence_id="1", sentence="A said B.")
    assert messages[0]["role"] == "system"
    assert messages[-1]["content"].startswith("Article:\nA said B.")
    assert "Sentence [1]: A said B." in messages[-1]["content"]
    assert len(messages) == 2 + 2 * len(template.examples)


def test_missing_or_extra_variables_are_errors():
    template = load_prompt("claims", "v1")
    with pytest.raises(PromptError, match="missing \\['sentence'\\]"):
        template.render(article="x", sentence_id="1")
    with pytest.raises(PromptError, match="unexpected \\['tone'\\]"):
        template.render(article="x", sentence_id="1", sentence="x", tone="y")


@pytest.mark.parametrize("ref", ["claims", "claims@1", "@v1", "claims@latest"])
def test_bad_references_say_the_expected_form(ref):
    with pytest.raises(PromptError, match="claims@v1"):
        parse_ref(ref)


def test_unknown_version_lists_what_exists():
    with pytest.raises(PromptError, match="available: .*claims@v1"):
        load_prompt("claims", "v99")


def test_prompts_and_code_never_contain_the_seed_articles_names():
    """The seed is the eval set: its proper names must not leak into prompts, schemas or the pipeline."""
    seed = next((ROOT / "seeds").glob("*.txt")).read_text(encoding="utf-8")
    names = set(re.findall(r"\b[A-Z][a-z]+(?:-[a-z]+)?(?:\s+[A-Z][a-z]+(?:-[a-z]+)?)+", seed))
    names |= {w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", seed) if w in {"Kursk", "Pyongyang", "Moscow", "Putin"}}
    names -= {"Victory Day", "United States", "Red Square"}  # common phrases, also fine in other articles
    for folder in ("prompts", "schemas", "service"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".py", ".toml", ".txt"}:
                text = path.read_text(encoding="utf-8")
                leaked = sorted(n for n in names if n in text)
                assert not leaked, f"{path} contains seed names {leaked}"


def test_every_released_prompt_loads_and_renders_its_declared_variables():
    for ref in available_prompts():
        template = load_prompt(*parse_ref(ref))
        values = {name: f"<{name}>" for name in template.variables}
        messages = template.render(**values)
        assert all(f"<{name}>" in messages[-1]["content"] for name in template.variables), ref
        assert template.response in {"sentence_draft", "unit_claims"}
    assert load_prompt("claims", "v4").response == "unit_claims"
