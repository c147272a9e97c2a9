"""Load versioned prompt templates (``name@version``) and render them into chat messages."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from string import Template

PROMPTS_DIR = Path(__file__).resolve().parent
_VERSION = re.compile(r"^v\d+$")
RESPONSES = frozenset({"sentence_draft", "unit_claims"})


class PromptError(ValueError):
    """A prompt cannot be found or rendered; the message says which and how to fix it."""


@dataclass(frozen=True)
class Example:
    """One few-shot turn: what the user says and what the model should answer."""

    user: str
    assistant: str


@dataclass(frozen=True)
class PromptTemplate:
    """A released prompt: system text, a user template with declared variables, few-shot examples.

    ``response`` names the answer shape the prompt teaches: ``sentence_draft`` (claims with speaker and hedge)
    or ``unit_claims`` (claim texts, with a speaker only when the question asks for one).
    """

    name: str
    version: str
    description: str
    variables: tuple[str, ...]
    system: str
    user: str
    examples: tuple[Example, ...] = field(default_factory=tuple)
    response: str = "sentence_draft"

    @property
    def example_text(self) -> str:
        """Every few-shot turn's text, joined: what a claim must not borrow from (see ``schemas.drafts``)."""
        return "\n".join(f"{e.user}\n{e.assistant}" for e in self.examples)

    @property
    def ref(self) -> str:
        """``name@version``, as reported in every response and eval report."""
        return f"{self.name}@{self.version}"

    def render(self, **values: str) -> list[dict[str, str]]:
        """Build chat messages: system, few-shot turns, then the user turn with ``values`` filled in.

        Args:
            **values: One value for each declared variable.

        Returns:
            OpenAI-style chat messages.

        Raises:
            PromptError: When a declared variable is missing or an undeclared one is given.

        """
        missing = sorted(set(self.variables) - set(values))
        extra = sorted(set(values) - set(self.variables))
        if missing or extra:
            raise PromptError(
                f"prompt {self.ref} takes variables {list(self.variables)}; missing {missing}, unexpected {extra}."
            )
        messages = [{"role": "system", "content": self.system}]
        for example in self.examples:
            messages.append({"role": "user", "content": example.user})
            messages.append({"role": "assistant", "content": example.assistant})
        messages.append({"role": "user", "content": Template(self.user).substitute(values)})
        return messages


def parse_ref(ref: str) -> tuple[str, str]:
    """Split ``name@version`` into its parts.

    Args:
        ref: A prompt reference such as ``claims@v1``.

    Returns:
        The name and the version.

    Raises:
        PromptError: When the reference is not of that form.

    """
    name, sep, version = ref.partition("@")
    if not sep or not name or not _VERSION.match(version):
        raise PromptError(f"prompt reference {ref!r} must look like 'claims@v1'.")
    return name, version


def available_prompts() -> list[str]:
    """List every released prompt as ``name@version``."""
    return sorted(f"{p.parent.name}@{p.stem}" for p in PROMPTS_DIR.glob("*/v*.toml"))


@cache
def load_prompt(name: str, version: str) -> PromptTemplate:
    """Load one released prompt.

    Args:
        name: The prompt's folder under ``prompts/``, e.g. ``claims``.
        version: Its version, e.g. ``v1``.

    Returns:
        The parsed template.

    Raises:
        PromptError: When the file is missing or malformed, or its variables do not match its template.

    """
    path = PROMPTS_DIR / name / f"{version}.toml"
    if not path.is_file():
        raise PromptError(f"no prompt {name}@{version}; available: {', '.join(available_prompts())}.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        variables = tuple(data["variables"])
        template = PromptTemplate(
            name=data["name"],
            version=data["version"],
            description=data.get("description", ""),
            variables=variables,
            system=data["system"],
            user=data["user"],
            examples=tuple(Example(e["user"], e["assistant"]) for e in data.get("examples", [])),
            response=data.get("response", "sentence_draft"),
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise PromptError(f"prompt file {path} is malformed: {exc}") from exc
    if template.response not in RESPONSES:
        raise PromptError(f"{path}: response must be one of {sorted(RESPONSES)}, not {template.response!r}.")
    if (template.name, template.version) != (name, version):
        raise PromptError(f"{path} declares {template.ref}; the file name and its contents must agree.")
    used = set(re.findall(r"\$(\w+)", template.user))
    if used != set(variables):
        raise PromptError(f"{path}: template uses {sorted(used)} but declares {sorted(variables)}.")
    return template
