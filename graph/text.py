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

__all__ = ["clean_text", "latex_to_text", "name_key", "title_key"]

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
    return " ".join(unicodedata.normalize("NFC", text).split())


def _fold(text: str) -> str:
    if text.isascii():
        # NFKC, the transliteration table, NFKD and the combining-mark filter all leave ASCII
        # unchanged, and casefold() of ASCII is lower().
        return text.lower()
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLIT)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


_NAME_SEP = re.compile(r"[\s\-‐‑‒–—.'’`]+")
_TITLE_DROP = re.compile(r"[\W_]+")
# The ASCII characters _NAME_SEP removes (ASCII white space includes \x1c-\x1f for ``\s``),
# and the ASCII characters ``[\W_]`` removes: bytes.translate deletes them about three times
# faster than the regex or str.translate.
_ASCII_NAME_DROP = bytes(c for c in range(128) if _NAME_SEP.match(chr(c)))
_ASCII_TITLE_DROP = bytes(c for c in range(128) if not chr(c).isalnum())


@lru_cache(maxsize=1 << 16)
def _name_key_folded(name: str) -> str:
    # Non-ASCII names are few but costly (two Unicode normalisations); repeats hit the cache.
    return _NAME_SEP.sub("", _fold(name))


def name_key(name: str) -> str:
    """Identity key of a person's name: NFKC, accents folded, case, hyphens, dots and spaces
    removed.  Two spellings with one key are one author.

    Letters without a decomposition (``ø``, ``ł``, ``æ`` …) are transliterated, so
    ``Søren`` = ``Soren``.  Spaces are removed, so ``Ke Yue`` = ``Ke-Yue`` = ``Keyue``; the
    price is that a rare pair such as ``Li Yang`` / ``Liy Ang`` would share a key (the alias
    file cannot split keys, so such a pair needs distinct spellings in the source).

    >>> name_key("  Adrien  Deliège ")
    'adriendeliege'
    >>> name_key("Søren Kierkegaard") == name_key("Soren Kierkegaard")
    True
    """
    if name.isascii():  # the common case: same result as the general path, no regex
        return name.encode("ascii").translate(None, _ASCII_NAME_DROP).lower().decode("ascii")
    return _name_key_folded(name)


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
