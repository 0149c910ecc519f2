"""Characters a name or a free text may not hold: control characters (Cc: only tab and line breaks, and those only
in a text of several lines), format characters (Cf: the bidirectional overrides that make "moc.evil" read as
"live.com", zero-width spaces and joiners, the byte order mark), line and paragraph separators (Zl, Zp), and lone
surrogates (Cs). They are invisible on a page, in an email and in Excel, so a name with one looks like another name,
and a CSV cell or an email header could be split by one. One check for every form (common/person.py's PlainText and
LongText, the course editor's texts), with one Norwegian message."""

from __future__ import annotations

import unicodedata

from common.i18n import N_

HIDDEN_CHARACTER = N_(
    "Teksten har et usynlig tegn eller et kontrolltegn, kanskje fra en kopiert tekst. Skriv den inn på nytt."
)
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
# In a text of several lines: its line breaks and tabs, and the zero-width joiner inside an emoji (👩‍⚕️).
LONG_TEXT_ALLOWED = frozenset("\t\n\r\u200d")


def has_hidden_character(value: str, multiline: bool = False) -> bool:
    """True when value holds a character of REFUSED_CATEGORIES (in a multi-line text, LONG_TEXT_ALLOWED aside)."""
    if value.isprintable():  # the common case, in C: no Cc, Cf, Cs, Zl, Zp (nor any separator but the space)
        return False
    allowed = LONG_TEXT_ALLOWED if multiline else frozenset()
    return any(char not in allowed and unicodedata.category(char) in REFUSED_CATEGORIES for char in value)
