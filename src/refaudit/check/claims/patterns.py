"""Terms found by their shape rather than a list: codes, numbers with units, age ranges,
Latin binomials, disease-word endings and the WHO INN stems of drug names."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from functools import lru_cache

from refaudit.check.claims.vocabulary import Mention, key, prepare_text

# --- product and compound codes, mutations, antibody clones ----------------------------------

_CODE = re.compile(
    r"(?<![\w\-.])(?=[A-Za-z0-9.\-]*\d)(?=[A-Za-z0-9.\-]*[A-Z])"
    r"([A-Za-z0-9]+(?:[\-.][A-Za-z0-9]+)*)(?![\w\-])"
)
_MUTATION = re.compile(r"^[ACDEFGHIKLMNPQRSTVWY]\d{2,4}[ACDEFGHIKLMNPQRSTVWY]$")
_CLONE = re.compile(r"^\d{1,3}[A-Z]{1,2}\d{1,3}$")


def code_role(token: str) -> str | None:
    """'mutation', 'clone' or 'code' for a token shaped like one; None for ordinary words."""
    if _MUTATION.match(token):
        return "mutation"
    if _CLONE.match(token):
        return "clone"
    digits = sum(c.isdigit() for c in token)
    letters = sum(c.isalpha() for c in token)
    if digits >= 3 and letters >= 1 and any(c.isupper() for c in token) and len(token) >= 4:
        return "code"
    return None


def codes(text: str) -> Iterator[Mention]:
    for m in _CODE.finditer(text):
        token = m.group(1).rstrip(".")
        role = code_role(token)
        if role is not None:
            yield Mention("code", key(token), token, m.start(1), m.start(1) + len(token), role)


# --- numbers with units ----------------------------------------------------------------------

_UNITS: dict[str, str] = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "mg/kg": "mg/kg",
    "mg per kilogram": "mg/kg",
    "mg/kg/day": "mg/kg/d",
    "mg/kg/d": "mg/kg/d",
    "µg/kg": "ug/kg",
    "ug/kg": "ug/kg",
    "mcg/kg": "ug/kg",
    "mg/day": "mg/d",
    "mg/d": "mg/d",
    "mg per day": "mg/d",
    "mg daily": "mg/d",
    "g/day": "g/d",
    "g/d": "g/d",
    "g per day": "g/d",
    "mg": "mg",
    "milligrams": "mg",
    "g": "g",
    "grams": "g",
    "kg": "kg",
    "kilograms": "kg",
    "µg": "ug",
    "ug": "ug",
    "mcg": "ug",
    "micrograms": "ug",
    "ng": "ng",
    "pg": "pg",
    "IU": "IU",
    "IU/day": "IU/d",
    "IU/d": "IU/d",
    "units": "U",
    "U": "U",
    "ml": "ml",
    "mL": "ml",
    "l": "l",
    "L": "l",
    "dl": "dl",
    "dL": "dl",
    "ng/L": "ng/l",
    "ng/l": "ng/l",
    "ng/mL": "ng/ml",
    "ng/ml": "ng/ml",
    "pg/mL": "pg/ml",
    "pg/ml": "pg/ml",
    "µg/L": "ug/l",
    "ug/L": "ug/l",
    "µg/mL": "ug/ml",
    "mg/L": "mg/l",
    "mg/l": "mg/l",
    "mg/dL": "mg/dl",
    "mg/dl": "mg/dl",
    "g/L": "g/l",
    "g/dL": "g/dl",
    "mmol/L": "mmol/l",
    "mmol/l": "mmol/l",
    "µmol/L": "umol/l",
    "umol/L": "umol/l",
    "nmol/L": "nmol/l",
    "nmol/l": "nmol/l",
    "mmol/mol": "mmol/mol",
    "mmHg": "mmHg",
    "mm Hg": "mmHg",
    "kg/m2": "kg/m2",
    "kg/m²": "kg/m2",
    "Gy": "Gy",
    "MBq": "MBq",
    "mSv": "mSv",
    "mm": "mm",
    "cm": "cm",
    "km": "km",
    "kcal": "kcal",
    "kJ": "kJ",
    "Hz": "Hz",
    "kHz": "kHz",
    "years": "year",
    "year": "year",
    "yr": "year",
    "months": "month",
    "month": "month",
    "weeks": "week",
    "week": "week",
    "days": "day",
    "day": "day",
    "hours": "hour",
    "hour": "hour",
    "h": "hour",
    "minutes": "min",
    "min": "min",
    "patients": "patients",
    "participants": "participants",
    "subjects": "participants",
    "women": "women",
    "men": "men",
    "children": "children",
    "adults": "adults",
    "individuals": "participants",
    "people": "people",
    "infants": "infants",
}
_MASS = {"kg": 1e3, "g": 1.0, "mg": 1e-3, "ug": 1e-6, "ng": 1e-9, "pg": 1e-12}
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![\w.,/\-])(?<!1 in )(?<!1 out of )(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    rf"(?:\s*(thousand|million|billion))?(?:\s*|\s*-\s*)({_UNIT_ALT})(?![\w/])"
    r"(?!\s*(?:CI|confidence|credible))"
)
_ONE_IN = re.compile(r"(?<!\w)1 (?:in|out of) (\d{1,3}(?:,\d{3})+|\d+)(?!\w)")
_PER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s+(?:[a-z]+\s+)?per\s+"
    r"(100|1,?000|10,?000|100,?000|thousand|million)(?!\w)"
)
_DENOMINATORS = {"thousand": 1e3, "million": 1e6}
_AGE = re.compile(
    r"(?<!\w)(?:aged|age|ages)\s+(\d{1,3})\s*(?:to|-|and)\s*(\d{1,3})(?:\s*(?:years?|yrs?))?",
    re.IGNORECASE,
)


def number_value(text: str) -> float:
    return float(text.replace(",", ""))


def numbers(text: str) -> Iterator[Mention]:
    for m in _NUMBER.finditer(text):
        value = number_value(m.group(1)) * _MULTIPLIERS.get(m.group(2) or "", 1.0)
        unit = _UNITS[m.group(3)] if m.group(3) in _UNITS else _UNITS.get(m.group(3).lower(), "")
        if not unit:
            continue
        base, _, per = unit.partition("/")
        if base in _MASS:
            value *= _MASS[base]
            unit = "g" + ("/" + per if per else "")
        yield Mention("number", f"{value:g} {unit}", m.group(0), m.start(), m.end(), unit)
    # "1 in 2,000" and "493 per million" are one kind of figure: a rate.
    for m in _ONE_IN.finditer(text):
        value = 1 / max(number_value(m.group(1)), 1.0)
        yield Mention("number", f"{value:g} rate", m.group(0), m.start(), m.end(), "rate")
    for p in _PER.finditer(text):
        denominator = _DENOMINATORS.get(p.group(2)) or number_value(p.group(2))
        rate = number_value(p.group(1)) / denominator
        yield Mention("number", f"{rate:g} rate", p.group(0), p.start(), p.end(), "rate")


def ages(text: str) -> Iterator[Mention]:
    for m in _AGE.finditer(text):
        low, high = int(m.group(1)), int(m.group(2))
        if low < high:
            yield Mention(
                "population", f"age {low}-{high}", m.group(0), m.start(), m.end(), "age-range"
            )


def values_agree(a: Mention, b: Mention) -> bool:
    """Two numbers of one unit that are the same value, allowing rounding."""
    if a.role != b.role:
        return False
    if a.role == "age-range":
        lo_a, hi_a = (int(x) for x in a.term.split()[1].split("-"))
        lo_b, hi_b = (int(x) for x in b.term.split()[1].split("-"))
        return abs(lo_a - lo_b) <= 1 and abs(hi_a - hi_b) <= 1
    x, y = float(a.term.split()[0]), float(b.term.split()[0])
    big = max(abs(x), abs(y))
    return abs(x - y) <= (0.05 * big if big < 10 and a.role != "%" else max(0.5, 0.05 * big))


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- Latin binomials and disease-word endings -------------------------------------------------

_GENUS_END = "coccus|bacter|bacterium|bacillus|monas|ella|myces|plasma|vibrio|spora|idium|oides"
_BINOMIAL = re.compile(
    rf"(?<![\w.])((?:[A-Z][a-z]+(?:{_GENUS_END}))|[A-Z]\.)\s+"
    r"([a-z]{3,}(?:us|um|a|is|ae|ii|i|ensis|ica|oides|ans|ens|ii|ella|ium|es|or))(?![\w-])"
)
# Capitalised words that end like a genus but are not one, before a lower-case word.
_NOT_GENUS = _word_set(
    "Data Media Criteria Area Asia Africa America Australia India Indonesia Malaysia Nigeria "
    "Kenya Tanzania Ethiopia Colombia Bolivia California Virginia Georgia Pennsylvania Focus "
    "Corpus Census Campus Status Bonus Consensus Stimulus Thus Plus Versus Via Formula Magna "
    "Summa Anemia Ischemia Leukemia Mania Dementia Insomnia Pneumonia Bacteria"
)
_SUFFIXES = (
    "itis",
    "oma",
    "omas",
    "emia",
    "emias",
    "opathy",
    "opathies",
    "osis",
    "algia",
    "plegia",
    "trophy",
)
_WORD = re.compile(r"(?<![\w-])[A-Za-z][a-z]{4,}(?![\w-])")
_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Za-z][a-z]+) $")
_NOT_CONDITION = _word_set(
    "diagnosis prognosis analysis hypnosis mitosis meiosis osmosis symbiosis apoptosis "
    "hypothesis synthesis emphasis basis thesis genesis kinesis stasis diploma aroma coma "
    "stoma soma chroma genoma academia homeopathy naturopathy osteopathy empathy sympathy "
    "apathy antipathy telepathy trophy biosis glycemia nostalgia stroma"
)
_CONDITION_HEADS = _word_set(
    "chronic acute severe mild moderate early late advanced primary secondary recurrent "
    "systemic diffuse focal severe"
)


def binomials(text: str) -> Iterator[Mention]:
    for m in _BINOMIAL.finditer(text):
        genus, species = m.group(1), m.group(2)
        if genus in _NOT_GENUS or species in ("and", "was", "were", "has", "is"):
            continue
        term = f"{genus[0].lower()} {species.lower()}"
        yield Mention("organism", term, m.group(0), m.start(), m.end(), "microbe")


def _is_condition_word(word: str) -> bool:
    last = word.lower()
    return last.endswith(_SUFFIXES) and last not in _NOT_CONDITION and len(last) >= 6


def _words_where(text: str, keep: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
    """The spans of the words of `text` (as `_WORD` finds them) that `keep` accepts, in
    order: each distinct word is judged once, and the text is read again only when one is
    kept (most texts name no drug by its stem)."""
    kept = {w for w in set(_WORD.findall(text)) if keep(w)}
    if kept:
        for m in _WORD.finditer(text):
            if m.group(0) in kept:
                yield m.start(), m.end()


def suffix_conditions(text: str) -> Iterator[Mention]:
    for start, end in _words_where(text, _is_condition_word):
        # Keep the word before only when it is part of the name (lupus nephritis, not
        # "severe nephritis"; "with nephritis" is no name at all).
        before = _WORD_BEFORE.search(text[max(0, start - 30) : start])
        if before is not None:
            word = before.group(1).lower()
            if word not in _CONDITION_HEADS and word not in _FUNCTION_WORDS:
                start -= len(before.group(0))
        shown = text[start:end]
        yield Mention("condition", key(shown), shown, start, end)


_FUNCTION_WORDS = _word_set(
    "a an the of in on at to for with and or by from as than that which who whose is are was "
    "were be been has have had not no its their our his her this these those such both "
    "against after before during among between into onto over under without within"
)

# WHO INN stems (Stem Book, "The use of stems in the selection of INN"): the ending of a
# generic name and the class it marks. The class is a term of the substance vocabulary.
INN_STEMS: tuple[tuple[str, str], ...] = (
    ("vastatin", "statin"),
    ("prazole", "proton_pump_inhibitor"),
    ("sartan", "arb"),
    ("pril", "ace_inhibitor"),
    ("prilat", "ace_inhibitor"),
    ("olol", "beta_blocker"),
    ("alol", "beta_blocker"),
    ("dipine", "calcium_channel_blocker"),
    ("cillin", "penicillin"),
    ("floxacin", "fluoroquinolone"),
    ("oxacin", "fluoroquinolone"),
    ("cycline", "tetracycline"),
    ("thromycin", "macrolide"),
    ("micin", "aminoglycoside"),
    ("penem", "carbapenem"),
    ("gliptin", "dpp4_inhibitor"),
    ("glitazone", "thiazolidinedione"),
    ("gliflozin", "sglt2_inhibitor"),
    ("glutide", "glp1_agonist"),
    ("natide", "glp1_agonist"),
    ("xaban", "factor_xa_inhibitor"),
    ("gatran", "thrombin_inhibitor"),
    ("parin", "heparin"),
    ("dronate", "bisphosphonate"),
    ("tinib", "kinase_inhibitor"),
    ("rafenib", "kinase_inhibitor"),
    ("limus", "mtor_inhibitor"),
    ("ciclib", "cdk_inhibitor"),
    ("parib", "parp_inhibitor"),
    ("zomib", "proteasome_inhibitor"),
    ("mab", "monoclonal_antibody"),
    ("vir", "antiviral"),
    ("virine", "antiviral"),
    ("azepam", "benzodiazepine"),
    ("azolam", "benzodiazepine"),
    ("oxetine", "antidepressant"),
    ("triptyline", "tricyclic_antidepressant"),
    ("ipramine", "tricyclic_antidepressant"),
    ("triptan", "triptan"),
    ("setron", "antiemetic"),
    ("tidine", "h2_blocker"),
    ("profen", "nsaid"),
    ("coxib", "nsaid"),
    ("fenac", "nsaid"),
    ("semide", "diuretic"),
    ("thiazide", "diuretic"),
    ("caine", "local_anaesthetic"),
    ("lukast", "leukotriene_antagonist"),
    ("trozole", "aromatase_inhibitor"),
    ("conazole", "antifungal"),
    ("fungin", "antifungal"),
    ("afil", "pde5_inhibitor"),
    ("terol", "beta2_agonist"),
    ("tropium", "anticholinergic"),
    ("barbital", "barbiturate"),
    ("methasone", "corticosteroid"),
    ("nisolone", "corticosteroid"),
    ("nisone", "corticosteroid"),
    ("cortisone", "corticosteroid"),
    ("sonide", "corticosteroid"),
    ("peridone", "antipsychotic"),
    ("apine", "antipsychotic"),
    ("piprazole", "antipsychotic"),
    ("platin", "platinum_agent"),
    ("rubicin", "anthracycline"),
    ("taxel", "taxane"),
    ("citabine", "antimetabolite"),
    ("tecan", "topoisomerase_inhibitor"),
    ("lutamide", "antiandrogen"),
    ("pamil", "calcium_channel_blocker"),
    ("grel", "antiplatelet"),
    ("grelor", "antiplatelet"),
    ("fibrate", "fibrate"),
    ("pidem", "hypnotic"),
    ("clone", "hypnotic"),
    ("gabalin", "gabapentinoid"),
    ("nidazole", "antibiotic"),
)
_STEM_ENDINGS = tuple(s for s, _ in INN_STEMS) + tuple(s + "s" for s, _ in INN_STEMS)
_STEM_CLASS = sorted(INN_STEMS, key=lambda sc: -len(sc[0]))
_NOT_DRUG = _word_set("april histidine cytidine cholesterol sterol ergosterol nostalgia stroma")


@lru_cache(maxsize=8192)
def stem_class(word: str) -> str:
    """The drug class a generic name's INN stem marks ('' when none)."""
    w = word.lower().rstrip("s")
    if w in _NOT_DRUG:
        return ""
    for stem, cls in _STEM_CLASS:
        if w.endswith(stem) and len(w) >= len(stem) + 2:
            return cls
    return ""


def _is_stem_drug(word: str) -> bool:
    lower = word.lower()
    if not lower.endswith(_STEM_ENDINGS):
        return False
    return not (lower in _NOT_DRUG or len(word) < 6 or not stem_class(word))


def stem_drugs(text: str) -> Iterator[Mention]:
    for start, end in _words_where(text, _is_stem_drug):
        word = text[start:end]
        yield Mention("substance", key(word), word, start, end, "")


_FINDERS = (
    ("code", codes),
    ("population", ages),
    ("organism", binomials),
    ("condition", suffix_conditions),
    ("substance", stem_drugs),
)


def pattern_mentions(text: str, kinds: Collection[str] | None = None) -> list[Mention]:
    """Every shape-found term of `kinds` (all when None) in `text`."""
    prepared = prepare_text(text)
    out: list[Mention] = []
    for kind, finder in _FINDERS:
        if kinds is None or kind in kinds or (kind == "population" and "number" in kinds):
            out.extend(finder(prepared))
    if kinds is None or "number" in kinds:
        spans = [(m.start, m.end) for m in out if m.kind == "population"]
        out.extend(
            m for m in numbers(prepared) if all(m.end <= a or m.start >= b for a, b in spans)
        )
    return out
