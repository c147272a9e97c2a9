"""Versioned prompt templates and few-shot examples, kept as data. A released version is never edited."""

from claimex.prompts.loader import PromptError, PromptTemplate, available_prompts, load_prompt, parse_ref

__all__ = ["PromptError", "PromptTemplate", "available_prompts", "load_prompt", "parse_ref"]
