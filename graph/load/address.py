"""Postal addresses of authors -> organisation, country, full address.

Web of Science ``C1`` lines, Scopus ``Authors with affiliations``, PubMed ``AD``, IEEE and
Dimensions affiliations all write one address per author and institution, as comma-separated
segments.  The institution node of the affiliation graph is the *organisation* named in it,
not the whole string (a real WoS file gave 441 "institutions" for 228 records when every
address was one node).  One module decides this for every reader:

* **Organisation.**  Web of Science normalises addresses organisation first
  (``Univ Oxford, Dept Phys, Oxford OX1 3PU, England``): its first segment is taken
  (``style="wos"``).  Everywhere else the address usually starts with the department
  (``Department of Physics, University of Oxford, Oxford, United Kingdom``), so the segment
  naming the organisation is looked for, in this order: a university (``University``,
  ``Univ``, ``Universität``, ``Université``, ``Universidad``, ``Institute of Technology``
  ...); a college or school of higher education (``College``, ``Hochschule``,
  ``Polytechnic``, ``École``); an academy (``Chinese Academy of Sciences`` rather than its
  ``Institute of Physics``); a hospital or clinic; an institute; a laboratory; a centre; a
  company (``Inc``, ``Ltd``, ``GmbH`` ...) or another body (agency, ministry, council,
  foundation ...).  Segments that name a unit (``Department of``, ``Dept``, ``Division``,
  ``School of``, ``Faculty``, ``College of``, ``Key Laboratory`` ...) are passed over.
  Without any keyword, the first segment that is neither a unit nor a postal line is taken
  (``Google Research, Mountain View, CA, USA`` -> ``Google Research``).
* **Country.**  The last segment, when it names a country, normalised to its ISO 3166 name
  (pycountry; the common name where ISO has one: ``South Korea``, ``Iran``, ``Taiwan``)
  after Web of Science's abbreviations (``Peoples R China`` -> ``China``, ``U Arab
  Emirates``, ``North Ireland``) and a few local spellings (``Deutschland``).
  ``England``, ``Scotland``, ``Wales`` and ``North Ireland`` become ``United Kingdom``,
  the country Scopus, PubMed and OpenAlex write for the same address, so one country is one
  value across databases (the full address keeps ``England``).  US addresses ending in a
  state code and ZIP (``Boston, MA 02115 USA`` or ``MA 02115``) are ``United States``.
  A last segment that is not a country gives ``""`` (never a guess), and so does
  ``Georgia`` alone (a country and a US state; Web of Science writes ``Rep of Georgia``).
* **Address.**  The full address as written, white space collapsed, trailing full stop and
  e-mail addresses (``Electronic address: x@y.org``) removed.

Examples
--------
>>> a = parse_address("Univ Oxford, Dept Phys, Oxford OX1 3PU, England.", style="wos")
>>> a.organisation, a.country, a.address
('Univ Oxford', 'United Kingdom', 'Univ Oxford, Dept Phys, Oxford OX1 3PU, England')
>>> parse_address("Department of Physics, Tsinghua University, Beijing 100084, China").organisation
'Tsinghua University'
>>> [normalise_country(c) for c in ("Peoples R China", "MA 02115 USA", "Paris")]
['China', 'United States', '']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

__all__ = [
    "Address",
    "aligned",
    "clean_address",
    "normalise_country",
    "organisation",
    "parse_address",
    "split_addresses",
]


@dataclass(frozen=True, slots=True)
class Address:
    """One parsed address: the organisation, its country (``""`` if unknown), the address."""

    organisation: str
    country: str
    address: str


# Web of Science abbreviations, historical names and local spellings -> ISO 3166 alpha-2.
_ALIASES = {
    "usa": "US",
    "u.s.a": "US",
    "us": "US",
    "u.s": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "north ireland": "GB",
    "northern ireland": "GB",
    "peoples r china": "CN",
    "people's republic of china": "CN",
    "peoples republic of china": "CN",
    "pr china": "CN",
    "p.r. china": "CN",
    "p r china": "CN",
    "prc": "CN",
    "u arab emirates": "AE",
    "uae": "AE",
    "russia": "RU",
    "turkey": "TR",
    "turkiye": "TR",
    "macedonia": "MK",
    "rep of macedonia": "MK",
    "cote ivoire": "CI",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "papua n guinea": "PG",
    "bosnia & herceg": "BA",
    "bosnia and herzegovina": "BA",
    "trinidad tobago": "TT",
    "dominican rep": "DO",
    "cent afr republ": "CF",
    "rep congo": "CG",
    "dem rep congo": "CD",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "byelarus": "BY",
    "fed rep ger": "DE",
    "w germany": "DE",
    "deutschland": "DE",
    "espana": "ES",
    "españa": "ES",
    "italia": "IT",
    "brasil": "BR",
    "schweiz": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "österreich": "AT",
    "osterreich": "AT",
    "nederland": "NL",
    "the netherlands": "NL",
    "holland": "NL",
    "méxico": "MX",
    "perú": "PE",
    "polska": "PL",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
    "suomi": "FI",
    "belgique": "BE",
    "belgie": "BE",
    "korea": "KR",
    "republic of korea": "KR",
    "rep of korea": "KR",
    "s korea": "KR",
    "north korea": "KP",
    "dprk": "KP",
    "iran": "IR",
    "vietnam": "VN",
    "viet nam": "VN",
    "taiwan": "TW",
    "republic of china": "TW",
    "laos": "LA",
    "syria": "SY",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czech republic": "CZ",
    "slovak republic": "SK",
    "kosovo": "XK",
    "rep of georgia": "GE",
    "republic of georgia": "GE",
    "palestine": "PS",
    "swaziland": "SZ",
    "cape verde": "CV",
    "burma": "MM",
    "vatican": "VA",
    "micronesia": "FM",
    "sao tome & prin": "ST",
    "st kitts & nevi": "KN",
    "antigua & barbu": "AG",
    "guinea bissau": "GW",
    "equat guinea": "GQ",
    "marshall island": "MH",
    "turks & caicos": "TC",
    "falkland island": "FK",
    "brunei": "BN",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "east timor": "TL",
    "timor leste": "TL",
}
# Names kept as Web of Science, Scopus and OpenAlex users know them (ISO's are longer).
_DISPLAY = {
    "RU": "Russia",
    "XK": "Kosovo",
    "PS": "Palestine",
    "CZ": "Czech Republic",
    "TR": "Türkiye",
}
# Names that are a country and a US state: an address ending in one is not read as either.
_AMBIGUOUS = {"georgia"}
# A country name split by the comma rule ("Korea, Republic of") is joined back.
_SPLIT_COUNTRY_TAIL = re.compile(
    r"^(?:the\s+)?(?:(?:islamic|democratic|federal|united|plurinational|bolivarian|"
    r"federated)\s+)*(?:republic|state|states|province|kingdom)\s+of(?:\s+the)?$|^the$",
    re.I,
)
_US_STATE_ZIP = re.compile(r"^[A-Z]{2}\s+\d{5}(?:-\d{4})?$")
_EMAIL = re.compile(
    r"(?:\b(?:electronic\s+address|e-?mail(?:\s+address)?)\s*:?\s*)?"
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+\.?",
    re.I,
)
_EMPTY_PARENS = re.compile(r"\(\s*[;,]?\s*\)")
_POSTAL_TOKEN = re.compile(r"^(?:[A-Z]{1,2}-)?\w*\d\w*$|^[A-Z]{2}$")

# Organisation keywords, in the order an organisation is preferred (see the module doc).
_TIERS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        r"\buniv\b|\buniv\.|universit|universidad|universidade|universiteit|uniwersytet|"
        r"\buniversity\b|institute of technology|\binst technol\b|\btechnion\b|"
        r"\beth zurich\b|\bepfl\b|\bkth\b|\bpolitecnico\b",
        r"\bcollege\b|\bcoll\b|hochschule|polytechnic|politécnica|\bpolytech|"
        r"\b[ée]cole\b|\bgraduate university\b",
        r"\bacad(?:emy|emia|emie|\.)?\b|\bakademi",
        r"\bhospital|\bhosp\b|h[ôo]pital|\bospedale|klinik|\bclinic|\bmedical cent(?:er|re)|"
        r"\bmed ctr\b|\bhealth (?:system|service|care)|\bnhs\b|\binfirmary\b",
        r"\binst(?:itute|itut|ituto|ituut|\.)?\b|\bistituto\b",
        r"\blab(?:oratory|oratories|oratoire|oratorio|s)?\b|\bnatl lab\b",
        r"\bcent(?:er|re|ro|rum)\b|\bctr\b|\bzentrum\b",
        r"\binc\b|\bltd\b|\bllc\b|\bgmbh\b|\bcorp(?:oration)?\b|\bcompany\b|\bco\.|\bplc\b|"
        r"\bs\.?a\.?$|\bag\b|\bb\.?v\.?$|\bs\.?p\.?a\.?$",
        r"\bfoundation\b|\bfondazione\b|\bfundaci[óo]n\b|\bagency\b|\bministry\b|\bcouncil\b|"
        r"\borgani[sz]ation\b|\bcnrs\b|\binserm\b|\bcsic\b|\bcnr\b|\binria\b|\bcern\b|\bnasa\b|"
        r"\bgovernment\b|\bobservatory\b|\bmuseum\b|\bsociety\b|\btrust\b|\bservice\b|"
        r"\bresearch\b",
    )
)
# Segments naming a unit inside an organisation (passed over unless nothing else is left).
_UNIT = re.compile(
    r"^(?:the\s+)?(?:dept|department|departamento|departament|d[ée]partement|dipartimento|"
    r"abteilung|div|division|sch|school|faculty|fac|facult[ée]|fakult[äa]t|college of|"
    r"coll\b|graduate school|section|sect|unit|program|programme|chair|group|grp|"
    r"(?:state\s+)?key lab|state key|laboratory of|lab of|laboratoire de|"
    r"institute of (?!technology)|center for|centre for|"
    r"research group|team|cluster|service de|servicio de|u\d|umr\b|ura\b|ea\s*\d)",
    re.I,
)


def clean_address(text: str) -> str:
    """An address as written, without e-mail addresses, trailing stops and extra spaces.

    >>> clean_address("Dept X, Mayo Clinic, Rochester, MN, USA. Electronic address: a@b.org.")
    'Dept X, Mayo Clinic, Rochester, MN, USA'
    """
    if "@" in text:
        text = _EMPTY_PARENS.sub("", _EMAIL.sub("", text))
    text = " ".join(text.split())
    return text.strip(" .,;")


_LEGAL_FORM = re.compile(
    r"^(?:inc|ltd|llc|llp|gmbh|corp|co|plc|pty\s+ltd|s\.?\s?a|s\.?\s?l|ag|b\.?\s?v|"
    r"s\.?p\.?a|n\.?v|a/s|ab|oy)\.?$",
    re.I,
)


def _segments(address: str) -> list[str]:
    """Comma-separated segments, commas inside parentheses kept; a legal form is part of
    the name before it (``I/O Doctors, LLC``)."""
    out = _raw_segments(address)
    joined: list[str] = []
    for seg in out:
        if joined and _LEGAL_FORM.match(seg):
            joined[-1] = f"{joined[-1]}, {seg}"
        else:
            joined.append(seg)
    return joined


def _raw_segments(address: str) -> list[str]:
    if not any(ch in address for ch in "()[]"):
        return [s for s in (p.strip() for p in address.split(",")) if s]
    out, depth, buf = [], 0, []
    for ch in address:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf).strip())
    return [s for s in out if s]


@lru_cache(maxsize=4096)
def _lookup(name: str) -> str:
    key = " ".join(name.replace(".", " ").split()).lower().strip()
    key = key.removeprefix("the ") if key not in _ALIASES else key
    if key in _AMBIGUOUS:
        return ""
    code = _ALIASES.get(key) or _ALIASES.get(key.replace(" ", ""))
    if code is None:
        if len(key) <= 3:  # never a state or ISO code: "CA", "IN", "IL" are US states
            return ""
        try:
            country = pycountry.countries.lookup(key)
        except LookupError:
            return ""
        code = country.alpha_2
    if code in _DISPLAY:
        return _DISPLAY[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return ""
    return getattr(country, "common_name", None) or country.name


def normalise_country(segment: str) -> str:
    """The country named by an address's last segment (ISO 3166 name), else ``""``.

    >>> normalise_country("England"), normalise_country("South Korea"), normalise_country("USA.")
    ('United Kingdom', 'South Korea', 'United States')
    >>> normalise_country("CA"), normalise_country("Univ Notre Dame"), normalise_country("CA 94305")
    ('', '', 'United States')
    """
    text = " ".join(segment.strip(" .;").split())
    if not text:
        return ""
    found = _lookup(text)
    if found:
        return found
    if _US_STATE_ZIP.match(text):
        return "United States"
    tokens = text.split()
    while tokens and _POSTAL_TOKEN.match(tokens[0]):  # "MA 02115 USA", "D-79104 Germany"
        tokens.pop(0)
    if tokens and len(tokens) < len(text.split()):
        return _lookup(" ".join(tokens))
    return ""


def _country_split(segments: list[str]) -> tuple[list[str], str]:
    """``(segments before the country, country)``; the country is ``""`` when the last
    segment names none (then every segment stays)."""
    if len(segments) >= 2 and _SPLIT_COUNTRY_TAIL.match(segments[-1]):
        segments = [*segments[:-2], f"{segments[-2]}, {segments[-1]}"]
    if len(segments) < 2:  # a lone segment is an organisation, not a country
        return segments, ""
    country = normalise_country(segments[-1])
    if not country:
        return segments, ""
    return segments[:-1], country


def _postal(segment: str) -> bool:
    return any(ch.isdigit() for ch in segment)


def organisation(segments: list[str]) -> str:
    """The segment that names the organisation (see the module docstring for the order).

    >>> organisation(["Beckman Institute", "University of Illinois at Urbana-Champaign",
    ...               "Urbana", "IL 61801"])
    'University of Illinois at Urbana-Champaign'
    >>> organisation(["Institute of Physics", "Chinese Academy of Sciences", "Beijing"])
    'Chinese Academy of Sciences'
    >>> organisation(["Google Research", "Mountain View", "CA"])
    'Google Research'
    """
    if not segments:
        return ""
    for unit_ok in (False, True):  # "Institute of Cancer Research, London" is the institute
        for tier in _TIERS:
            for seg in segments:
                if tier.search(seg) and (unit_ok or not _UNIT.match(seg)):
                    return seg
    for seg in segments:
        if not _UNIT.match(seg) and not _postal(seg):
            return seg
    return segments[0]


@lru_cache(maxsize=65536)  # one department's address recurs on many papers
def parse_address(text: str, *, style: str = "auto") -> Address:
    """Organisation, country and clean full address of one address string.

    Parameters
    ----------
    text : one address (``Dept X, Univ Y, City, Country``).
    style : ``"wos"`` (Web of Science: the organisation is the first segment) or
        ``"auto"`` (the segment naming the organisation, see the module docstring).

    >>> parse_address("Harvard Univ, Dept Soc Human Dev & Hlth, Boston, MA 02115 USA",
    ...               style="wos").country
    'United States'
    >>> a = parse_address("UMR CNRS/UHP 7565, Université Henri Poincaré, 54506 Vandoeuvre, France")
    >>> a.organisation, a.country
    ('Université Henri Poincaré', 'France')
    """
    address = clean_address(text)
    segments = _segments(address)
    rest, country = _country_split(segments)
    org = (segments[0] if segments else "") if style == "wos" else organisation(rest)
    return Address(org.strip(" ."), country, address)


def split_addresses(text: str) -> list[str]:
    """One ``AD``-like cell that joins several addresses with ``;`` -> the addresses.

    Split only when every part ends in a country (old MEDLINE records put all addresses of
    a paper in one line); otherwise the cell is one address.

    >>> split_addresses("Dept A, Univ X, Oslo, Norway; Dept B, Univ Y, Lund, Sweden.")
    ['Dept A, Univ X, Oslo, Norway', 'Dept B, Univ Y, Lund, Sweden.']
    >>> split_addresses("Dept A; Dept B, Univ X, Oslo, Norway")
    ['Dept A; Dept B, Univ X, Oslo, Norway']
    """
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if len(parts) > 1 and all(_country_split(_segments(clean_address(p)))[1] for p in parts):
        return parts
    return [text.strip()] if text.strip() else []


def aligned(
    addresses: list[Address],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """``(organisations, countries, addresses)`` aligned, one per distinct organisation.

    Two addresses of one organisation (two departments) are one affiliation; the first
    address is kept.  Addresses without an organisation are left out.

    >>> a = [parse_address("Univ A, Dept X, Oslo, Norway", style="wos"),
    ...      parse_address("Univ A, Dept Y, Oslo, Norway", style="wos")]
    >>> aligned(a)
    (('Univ A',), ('Norway',), ('Univ A, Dept X, Oslo, Norway',))
    """
    orgs: list[str] = []
    countries: list[str] = []
    full: list[str] = []
    for a in addresses:
        if a.organisation and a.organisation not in orgs:
            orgs.append(a.organisation)
            countries.append(a.country)
            full.append(a.address)
    return tuple(orgs), tuple(countries), tuple(full)
