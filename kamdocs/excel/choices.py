"""The drop-down lists of the workbook: each YAML code with the word a reader of that language picks.

A German workbook offers ``offen``, ``in Arbeit`` … rather than ``open``,
``in_progress`` …; import maps the word back to the code. It takes the words of
every language and the codes themselves (case and spaces ignored), so a
workbook keeps importing after the project's language changed, and a code
typed by someone who knows the YAML files is fine too. The words are those the
website uses for the same thing (one term per concept).
"""

from __future__ import annotations

from typing import Literal

ChoiceSet = Literal["task_status", "direction", "point_kind", "kpi_source"]
"""A list of allowed values; its codes are the values of the YAML field."""

CHOICES: dict[ChoiceSet, dict[str, dict[str, str]]] = {
    "task_status": {
        "de": {"open": "offen", "in_progress": "in Arbeit", "done": "erledigt", "blocked": "blockiert"},
        "en": {"open": "open", "in_progress": "in progress", "done": "done", "blocked": "blocked"},
    },
    "direction": {
        "de": {"increase": "höher ist besser", "decrease": "niedriger ist besser"},
        "en": {"increase": "higher is better", "decrease": "lower is better"},
    },
    "point_kind": {
        "de": {"plan": "Zwischenziel", "history": "gemessen"},
        "en": {"plan": "intermediate target", "history": "measured"},
    },
    "kpi_source": {
        "de": {
            "accounts.revenue": "Summe Umsatz der Accounts",
            "accounts.potential": "Summe Potenzial der Accounts",
            "accounts.share_of_wallet": "Lieferanteil der Accounts",
            "accounts.agreed_missions": "Accounts mit vereinbarter Mission",
            "accounts.count": "Anzahl der Accounts",
        },
        "en": {
            "accounts.revenue": "sum of the accounts' revenue",
            "accounts.potential": "sum of the accounts' potential",
            "accounts.share_of_wallet": "the accounts' share of wallet",
            "accounts.agreed_missions": "accounts with an agreed mission",
            "accounts.count": "number of accounts",
        },
    },
}


def _table(choices: ChoiceSet, lang: str) -> dict[str, str]:
    sets = CHOICES[choices]
    return sets.get(lang, sets["en"])


def word(choices: ChoiceSet, lang: str, code: str) -> str:
    """Return the word shown for ``code`` in ``lang`` (the code itself when it has none)."""
    return _table(choices, lang).get(code, code)


def words(choices: ChoiceSet, lang: str) -> tuple[str, ...]:
    """Return the words of the drop-down list in ``lang``, in the order of the codes."""
    return tuple(_table(choices, lang).values())


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def code_of(choices: ChoiceSet, text: str) -> str | None:
    """Return the code for a word of any language or for the code itself; None when it is neither."""
    wanted = _key(text)
    for table in CHOICES[choices].values():
        for code, shown in table.items():
            if wanted in (_key(code), _key(shown)):
                return code
    return None
