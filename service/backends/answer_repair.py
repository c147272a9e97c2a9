"""Mend the two JSON slips small models make most, before instructor parses the answer.

A 1.5B model quoting a speaker writes the quotation marks inside a claim unescaped
(``{"claims": ["He said "no" twice."]}``), drops the closing quote after a curly one (``….”]}``), and
sometimes wraps the answer in a Markdown fence. Each makes the JSON invalid, and a re-ask costs a whole model
call (on the dev split, 24 of ~290 compact answers). The mending is conservative: it only ever escapes a
quotation mark that cannot end a string or closes a string left open right before the final ``]}``, and an
answer that is still not valid JSON is passed on untouched, so instructor re-asks exactly as before.
"""

from __future__ import annotations

import json

_ENDS_A_STRING = frozenset(",]}:")


def repair_answer_json(text: str) -> str:
    """Return ``text`` as valid JSON when a fence or unescaped inner quotation marks were all that was wrong.

    Args:
        text: The model's answer.

    Returns:
        The mended JSON text, or ``text`` unchanged when it was valid or could not be mended. Runs in time
        linear in the answer's length.

    """
    try:
        json.loads(text)
        return text
    except ValueError:
        pass
    candidate = _strip_fence(text.strip())
    mended, left_open = _escape_inner_quotes(candidate)
    options = [candidate, mended]
    if left_open and mended.endswith("]}"):
        options.append(mended[:-2] + '"]}')  # the closing quote dropped after a curly one: ….”]}
    for option in options:
        try:
            json.loads(option)
            return option
        except ValueError:
            continue
    return text


def _strip_fence(text: str) -> str:
    if text.startswith("```") and text.endswith("```"):
        body = text[3:-3]
        return body.split("\n", 1)[1] if body.startswith("json") and "\n" in body else body
    return text


_VALUE_STARTS = frozenset('"{[-0123456789')


def _value_may_follow(text: str, j: int, next_visible: list[int]) -> bool:
    """After a comma, JSON needs another value: '", he said."' is a quotation inside the string, not its end."""
    if text[j] != ",":
        return True
    k = next_visible[j + 1]
    return k < len(text) and (text[k] in _VALUE_STARTS or text.startswith(("true", "false", "null"), k))


def _escape_inner_quotes(text: str) -> tuple[str, bool]:
    """Escape every quotation mark inside a string that is not followed by what may come after a string.

    Returns:
        The text, and whether a string was still open at its end.

    """
    out: list[str] = []
    in_string = False
    escaped = False
    n = len(text)
    # Index of the next non-space character after each position, computed right to left (linear time).
    next_visible = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_visible[i] = next_visible[i + 1] if text[i].isspace() else i
    for i, char in enumerate(text):
        if in_string and escaped:
            escaped = False
        elif in_string and char == "\\":
            escaped = True
        elif char == '"':
            if not in_string:
                in_string = True
            else:
                j = next_visible[i + 1]
                if j == n or (text[j] in _ENDS_A_STRING and _value_may_follow(text, j, next_visible)):
                    in_string = False
                else:
                    out.append("\\")
        out.append(char)
    return "".join(out), in_string
