"""Text clean-up shared by the normalise stage: whitespace, Unicode, LaTeX, name keys.

Examples
--------
>>> latex_to_text("ID$^3$: Identity-Preserving")
'ID³: Identity-Preserving'
>>> latex_to_text(r"(\\textbf {Fed} erated learning via\\textbf {L} ogits)")
'(Fed erated learning viaL ogits)'
>>> latex_to_text("LaRE^2 beats LaRE$^2$")  # bare and math superscripts agree
'LaRE² beats LaRE²'
>>> name_key("Ke-Yue Zhang") == name_key("Keyue Zhang") == name_key("KE-YUE ZHANG")
True
>>> name_key("Adrien Deliège") == name_key("Adrien Deliege")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "DASHES",
    "clean_name",
    "clean_text",
    "dblp_number",
    "fold_dashes",
    "latex_to_text",
    "name_key",
    "name_parts",
    "strip_suffix",
    "title_key",
]

#: Characters read as a hyphen wherever a name is parsed: the ASCII hyphen-minus, U+2010-U+2015
#: (hyphen, non-breaking hyphen, figure dash, en and em dash, horizontal bar), the minus sign
#: U+2212, the small and full-width hyphen-minus U+FE63 and U+FF0D.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_DASH_TO_HYPHEN = str.maketrans(dict.fromkeys(DASHES[1:], "-"))
#: Bidirectional embedding, override and isolate controls: they can make a name or title look
#: like something else on a page (U+202A-U+202E, U+2066-U+2069).  Removed from every label.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Characters that never belong in a person's name as shown: the bidi controls, the marks
#: U+200E/U+200F, the soft hyphen U+00AD (what TeX's ``\\-`` becomes), zero-width space
#: U+200B, word joiner and invisible operators U+2060-U+2064, and the BOM U+FEFF.
_NAME_DROP = _BIDI + "\u200e\u200f\u00ad\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
#: Keys drop the zero-width (non-)joiners U+200C/U+200D too: they shape some scripts on a
#: page but never tell two people apart.
_KEY_DROP = _NAME_DROP + "\u200c\u200d"
_DROP_BIDI = str.maketrans(dict.fromkeys(_BIDI))
_DROP_IN_NAME = str.maketrans({**dict.fromkeys(_NAME_DROP), **dict.fromkeys(DASHES[1:], "-")})
_DROP_IN_KEY = str.maketrans({**dict.fromkeys(_KEY_DROP), **dict.fromkeys(DASHES[1:], "-")})

_SUP = dict(
    zip(
        "0123456789+-=()nixyabcdefghjklmoprstuvwz",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣʸᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷᶻ",
        strict=True,
    )
)
_SUB = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
_GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "varepsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "kappa": "κ",
    "lambda": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "phi": "φ",
    "varphi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
    "times": "×",
    "cdot": "·",
    "infty": "∞",
    "leq": "≤",
    "geq": "≥",
    "le": "≤",
    "ge": "≥",
    "neq": "≠",
    "pm": "±",
    "to": "→",
    "rightarrow": "→",
    "approx": "≈",
    "ell": "ℓ",
    "sim": "∼",
}
# Commands whose argument is kept as plain text.
_TEXT_CMDS = (
    r"textbf|textit|texttt|textrm|textsf|emph|mathrm|mathbf|mathit|mathcal|mathbb|text|bm"
    r"|boldsymbol|operatorname"
)
_ARG_CMD = re.compile(r"\\(?:" + _TEXT_CMDS + r")\s*\{([^{}]*)\}")
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\\?[A-Za-z0-9+\-=()]))")
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$")
# \href{url}{text}: both halves matter to a reader (the url is often the code repository).
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_URL_CMD = re.compile(r"\\url\s*\{([^{}]*)\}")
# A caret written outside math right after a word ("LaRE^2"): the same superscript as "$^2$".
_BARE_SUP = re.compile(r"(?<=[^\W_])\^(?:\{([0-9]+)\}|([0-9]+))(?![\w^])")
# Latin letters that Unicode decomposition does not fold to ASCII (NFKD keeps them whole).
_TRANSLIT = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ı": "i",
        "ħ": "h",
    }
)


def _script(match: re.Match) -> str:
    kind, braced, single = match.group(1), match.group(2), match.group(3)
    body = braced if braced is not None else single
    table = _SUP if kind == "^" else _SUB
    if body and all(ch in table for ch in body):
        return "".join(table[ch] for ch in body)
    return kind + (body if len(body) == 1 else "(" + body + ")")


def _greek(match: re.Match) -> str:
    return _GREEK.get(match.group(1), match.group(1))


def latex_to_text(text: str) -> str:
    """Make LaTeX in titles and abstracts readable as Unicode text.

    Superscripts and subscripts become Unicode when every character has a Unicode form
    (``$^3$`` -> ``³``), else ``^(…)``; a bare digit superscript after a word (``LaRE^2``)
    becomes the same ``²``, so a title and its abstract agree; ``\\href{url}{text}`` becomes
    ``text (url)``; Greek letters and common symbols become their
    characters; text-style commands keep their argument; math dollars are removed.
    Text without LaTeX is returned unchanged.
    """
    if "$" not in text and "\\" not in text and "^" not in text:
        return text
    out = _HREF.sub(
        lambda m: (
            f"{m.group(2)} ({m.group(1)})"
            if m.group(2).strip() and m.group(2).strip() != m.group(1).strip()
            else m.group(1)
        ),
        text,
    )
    out = _URL_CMD.sub(r"\1", out)
    for _ in range(3):  # nested text commands
        new = _ARG_CMD.sub(r"\1", out)
        if new == out:
            break
        out = new

    def math(m: re.Match) -> str:
        body = re.sub(r"\\([A-Za-z]+)", _greek, m.group(1))
        return _SCRIPT.sub(_script, body)

    out = _MATH.sub(math, out)
    out = _BARE_SUP.sub(lambda m: "".join(_SUP[c] for c in (m.group(1) or m.group(2))), out)
    out = re.sub(r"\\(" + "|".join(_GREEK) + r")\b", _greek, out)
    out = out.replace(r"\$", "$").replace(r"\%", "%").replace(r"\&", "&").replace(r"\_", "_")
    return out


def clean_text(text: str) -> str:
    """Unicode NFC with runs of white space collapsed to one space.

    >>> clean_text("  Deep\\u00a0 Learning\\n")
    'Deep Learning'
    """
    if text.isascii():  # ASCII is already NFC; skip the normaliser's scan
        return " ".join(text.split())
    # Bidi controls go from every label: an override can make text read as something else.
    return " ".join(unicodedata.normalize("NFC", text).translate(_DROP_BIDI).split())


def fold_dashes(text: str) -> str:
    """Every Unicode dash of :data:`DASHES` as the ASCII hyphen.

    >>> fold_dashes("Ke\u2010Yue Zhang \u2212 x")
    'Ke-Yue Zhang - x'
    """
    return text if text.isascii() else text.translate(_DASH_TO_HYPHEN)


# A generational suffix at the end of a name, after a space or a comma: Jr, Sr (any case, with
# or without a dot) and the numerals II, III, IV (capitals only: "Li Iv" is a name).
_SUFFIX = re.compile(r"(?<=\S)(?:\s*,\s*|\s+)(?:[JjSs][Rr]\.?|III|II|IV)\s*$")
# Letters of a name's last word that may end a suffix (a cheap test before the regex).
_SUFFIX_END = frozenset("rRIV.")


def strip_suffix(name: str) -> str:
    """``name`` without a trailing generational suffix (``Jr``, ``Sr``, ``II``, ``III``, ``IV``).

    The suffix is part of how a person is shown, not of who they are across sources (one
    database writes ``R. L. Drysdale, III``, another ``R. L. Drysdale``), so keys leave it out.

    >>> strip_suffix("R. L. Drysdale, III"), strip_suffix("Martin King Jr."), strip_suffix("Jr")
    ('R. L. Drysdale', 'Martin King', 'Jr')
    """
    if name.rstrip()[-1:] not in _SUFFIX_END:
        return name
    return _SUFFIX.sub("", name)


# The last word of a name written family-first (Scopus' ``Chen Z.-t.``): initials only, each
# one or two letters with a dot, optionally joined by hyphens (``Z.``, ``Z.T.``, ``J.-P.``).
_TRAILING_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.)+(?:-[^\W\d_]{1,2}\.?)*$")
_NOT_INITIALS = frozenset({"jr.", "sr."})


#: DBLP's homonym number after a name (``Wei Wang 0001``): who the person is, not how their
#: name is written.  Kept in the key (:func:`name_key`: two numbers are two people), left
#: out of the name shown (:func:`clean_name`) and of :func:`name_parts`.
_DBLP_NUMBER = re.compile(r"(?<=[^\W\d_])\s+(\d{4})$")


def dblp_number(name: str) -> str:
    """DBLP's homonym number of a name (``"0001"`` in ``Wei Wang 0001``), else ``""``.

    >>> dblp_number("Wei Wang 0001"), dblp_number("Wei Wang"), dblp_number("1984")
    ('0001', '', '')
    """
    if not name[-1:].isdigit():
        return ""
    m = _DBLP_NUMBER.search(name.rstrip())
    return m.group(1) if m else ""


def clean_name(name: str) -> str:
    """A person's name as shown: :func:`clean_text`, without invisible characters, with
    Unicode dashes as hyphens, and in given-name-first order.

    Removed: bidi controls (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F), the soft hyphen
    U+00AD and TeX's ``\\-`` (a hyphenation hint, not part of the name), zero-width space,
    word joiner and BOM.  A name whose last word is initials (``Chen Z.‐t.``, the Scopus short
    form that a reader could not flip because of its U+2010 hyphen) is flipped to ``Z.-t.
    Chen``.  Generational suffixes stay (``R. L. Drysdale, III``); :func:`name_key` leaves them
    out.

    >>> clean_name("Chen Z.\\u2010t."), clean_name("Pan\\\\-kaj \\u202eAgarwal\\u202c")
    ('Z.-t. Chen', 'Pankaj Agarwal')
    """
    if "\\-" in name:
        name = name.replace("\\-", "")
    if not name.isascii():
        name = unicodedata.normalize("NFC", name).translate(_DROP_IN_NAME)
    if name[-1:].isdigit() and dblp_number(name):  # DBLP's "Wei Wang 0001": shown "Wei Wang"
        name = name.rstrip()[:-4]
    return " ".join(_given_first(name.split()))


def _given_first(words: list[str]) -> list[str]:
    """``words`` of a name with trailing initials (``Chen Z.-t.``, ``Chen Z. T.``) moved to
    the front; a name with a comma before them (``Drysdale, R. L.``) is left alone.

    >>> _given_first("Chen Z. T.".split()), _given_first("van der Berg J.-P.".split())
    (['Z.', 'T.', 'Chen'], ['J.-P.', 'van', 'der', 'Berg'])
    """
    if len(words) < 2 or "." not in words[-1]:
        return words
    k = len(words)
    while (
        k > 0
        and words[k - 1].lower() not in _NOT_INITIALS
        and _TRAILING_INITIALS.match(words[k - 1])
    ):
        k -= 1
    if k == len(words) or k == 0 or "," in words[k - 1]:
        return words
    return [*words[k:], *words[:k]]


def _fold(text: str) -> str:
    if text.isascii():
        # NFKC, the transliteration table, NFKD and the combining-mark filter all leave ASCII
        # unchanged, and casefold() of ASCII is lower().
        return text.lower()
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLIT)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_NAME_SEP = re.compile(r"[\s\-‐‑‒–—―−﹣－.'’`]+")
_TITLE_DROP = re.compile(r"[\W_]+")
# The ASCII characters _NAME_SEP removes (ASCII white space includes \x1c-\x1f for ``\s``),
# and the ASCII characters ``[\W_]`` removes: bytes.translate deletes them about three times
# faster than the regex or str.translate.
_ASCII_NAME_DROP = bytes(c for c in range(128) if _NAME_SEP.match(chr(c)))
_ASCII_TITLE_DROP = bytes(c for c in range(128) if not chr(c).isalnum())


def _name_key_general(name: str) -> str:
    """:func:`name_key` by its definition, for any text (the ASCII path of ``name_key`` is a
    faster route to the same key)."""
    name = name.replace("\\-", "")
    # NFKC first, so a full-width or compatibility form of a suffix or dash is seen as one.
    name = unicodedata.normalize("NFKC", name).translate(_DROP_IN_KEY)
    name = strip_suffix(" ".join(_given_first(name.split())))
    return _NAME_SEP.sub("", _fold(name))


# Non-ASCII names are few but costly (two Unicode normalisations); repeats hit the cache.
_name_key_folded = lru_cache(maxsize=1 << 16)(_name_key_general)


def name_key(name: str) -> str:
    """Identity key of a person's name: NFKC, accents folded, case, hyphens, dots and spaces
    removed.  Two spellings with one key are one author.

    Every dash of :data:`DASHES` is a hyphen; invisible characters (zero-width space and
    joiners, word joiner, BOM, soft hyphen, bidi controls and marks) and TeX's ``\\-`` are
    dropped; a generational suffix is left out (:func:`strip_suffix`: ``R. L. Drysdale, III``
    = ``R. L. Drysdale``).

    Letters without a decomposition (``ø``, ``ł``, ``æ`` …) are transliterated, so
    ``Søren`` = ``Soren``.  Spaces are removed, so ``Ke Yue`` = ``Ke-Yue`` = ``Keyue``; the
    price is that a rare pair such as ``Li Yang`` / ``Liy Ang`` would share a key (the alias
    file cannot split keys, so such a pair needs distinct spellings in the source).

    >>> name_key("  Adrien  Deliège ")
    'adriendeliege'
    >>> name_key("Søren Kierkegaard") == name_key("Soren Kierkegaard")
    True
    """
    if name.isascii():  # the common case: same result as the general path
        if "\\-" in name:
            name = name.replace("\\-", "")
        if "." in name:
            name = " ".join(_given_first(name.split()))
        if name.rstrip()[-1:] in _SUFFIX_END:
            name = strip_suffix(name)
        return name.encode("ascii").translate(None, _ASCII_NAME_DROP).lower().decode("ascii")
    return _name_key_folded(name)


def _alnum(text: str) -> str:
    return "".join(ch for ch in _fold(text) if ch.isalnum())


def name_parts(name: str) -> tuple[list[str], str]:
    """Folded given-name tokens and the family name (the last word, suffix left out).

    Capital runs like ``PK`` and hyphenated initials (``J.-P.``, ``Z.‐t.``) are split into
    initials; a hyphenated given name (``Ke-Yue``) stays one token.  The name goes through
    :func:`clean_name` first, so ``Chen Z.‐t.`` and ``Z.-t. Chen`` agree.

    >>> name_parts("Pankaj K. Agarwal"), name_parts("PK Agarwal"), name_parts("J.-P. Serre")
    ((['pankaj', 'k'], 'agarwal'), (['p', 'k'], 'agarwal'), (['j', 'p'], 'serre'))
    """
    name = strip_suffix(clean_name(name)).replace(",", " ")
    tokens: list[str] = []
    for raw in re.split(r"[\s.]+", name.strip()):
        if not raw:
            continue
        if raw.isupper() and 1 < len(raw) <= 3 and raw.isalpha():
            tokens.extend(raw.lower())
            continue
        parts = raw.split("-")
        tokens.extend([t for t in parts if t] if all(len(p) <= 1 for p in parts) else [raw])
    folded = [t for t in map(_alnum, tokens) if t]
    if not folded:
        return [], ""
    return folded[:-1], folded[-1]


def title_key(title: str) -> str:
    """Key for spotting one paper in two sources: folded, letters and digits only.

    >>> title_key("ID³: Identity") == title_key("ID3 - identity")
    True
    >>> title_key("Deep  Learning!") == title_key("deep learning")
    True
    """
    if title.isascii():  # ASCII: [\W_] is every character but a-z, A-Z and 0-9
        return title.encode("ascii").translate(None, _ASCII_TITLE_DROP).lower().decode("ascii")
    return _TITLE_DROP.sub("", _fold(title))
