"""People with their roles, and organisations, found in an article's text by rules (no model).

A person is a name of two to five capitalised words next to an office: after it ("Energy Minister
Musadik Malik", "Minister of State for Petroleum, Musadik Malik", honorifics such as "H.E." left
out) or after a comma ("Musadik Malik, the minister of state for petroleum", "Alexander
Tolparov, who led the delegation"). The value is the name as written and `role` the office;
every later mention of the same full name is a candidate too, as is every mention of someone
this relationship's reporting often names (KNOWN_PEOPLE) or the store holds as a speaker.

An organisation is a name from ORGANISATIONS (companies, ministries and bodies of this trade), a
name such as "Ministry of ..." or "Board of ...", or capitalised words ending in a word such as
Limited, Authority or Corporation, the longest name winning where they overlap; an abbreviation
given in brackets after one ("Pakistan Refinery Limited (PRL)") is one wherever it appears, its
value the abbreviation as written.
"""
from __future__ import annotations

import re

from analysis.news.candidates import Candidate

OFFICES = ("Prime Minister", "Minister of State", "State Minister", "Minister", "President", "Vice President",
           "Head of Mission", "Chargé d'Affaires", "Charge d'Affaires",
           "Ambassador", "High Commissioner", "Consul General", "Envoy", "Secretary", "Chairman", "Chairperson",
           "Chairwoman", "Chief Executive Officer", "Chief Executive", "CEO", "Managing Director", "Director General",
           "Director", "Governor", "Senator", "Special Assistant", "Adviser", "Advisor", "Spokesperson", "Spokesman",
           "Spokeswoman", "Commissioner", "Chief", "Head", "Premier")
QUALIFIERS = ("Deputy", "Vice", "First", "Federal", "Acting", "Caretaker", "Former", "Interim", "Foreign", "Energy",
              "Petroleum", "Finance", "Information", "Commerce", "Trade", "Interior", "Defence", "Defense",
              "Economic", "Planning", "Railways", "Maritime", "Industries", "Industry", "Power", "Russian",
              "Pakistani", "Pakistan's", "Russia's", "Pakistan’s", "Russia’s", "Permanent", "Executive", "General")
PORTFOLIOS = ("Petroleum", "Energy", "Power", "Foreign Affairs", "Finance", "Revenue", "Commerce", "Trade", "Industries",
              "Industry", "Production", "Planning", "Development", "Special Initiatives", "Railways", "Maritime Affairs",
              "Economic Affairs", "Information", "Broadcasting", "Interior", "Defence", "Defense", "Science",
              "Technology", "Education", "Health", "Food Security", "National Food Security", "Research",
              "Water Resources", "Communications", "Privatisation", "Investment", "Agriculture", "Economic Development",
              "Natural Resources", "Transport", "Foreign Trade", "Overseas Pakistanis", "Climate Change")
# "Petroleum", "Foreign Affairs", "Energy (Power Division)", "Industry and Trade"
PORTFOLIO = (r"(?:" + "|".join(sorted(map(re.escape, PORTFOLIOS), key=len, reverse=True)) + r")"
             r"(?:\s*(?:,|and|&)\s*(?:" + "|".join(sorted(map(re.escape, PORTFOLIOS), key=len, reverse=True))
             + r"))*(?:\s*\((?:Petroleum|Power)\s+Division\))?")


def _words(words) -> str:
    """An alternation of `words`, longer ones first so that the longest wins."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


ROLE = (r"(?:(?:" + _words(QUALIFIERS) + r")\s+)*(?:" + _words(OFFICES) + r")"
        r"(?:\s+(?:of|for)\s+(?:State\s+for\s+|the\s+)?" + PORTFOLIO + r")?"
        r"(?:\s+(?:of|to|in)\s+(?:the\s+Russian\s+Federation|Pakistan|Russia|Moscow|Islamabad))?")
NAME_PART = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
NAME = NAME_PART + r"(?:\s+" + NAME_PART + r"){1,4}"  # two to five words: "Sardar Awais Ahmad Khan Leghari"
HONORIFIC = r"(?:(?:H\.\s?E\.|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Prof\.?|Engineer|Engr\.?)\s+)?"
ROLE_FIRST = re.compile(r"(?<![\w-])(?P<role>(?i:" + ROLE + r"))\s*,?\s+" + HONORIFIC + r"(?P<name>" + NAME + r")")
NAME_WHO = re.compile(r"(?P<name>" + NAME + r"),\s+who\s+(?P<role>(?:led|leads|heads|headed|chairs|chaired|runs|ran)\s+"
                      r"[^,.;]{3,60})")  # "Alexander Tolparov, who led the Russian delegation"
NAME_FIRST = re.compile(r"(?P<name>" + NAME + r"),\s+(?:(?i:the|a|an)\s+)?(?P<role>(?i:" + ROLE + r"))\b")
NOT_NAME = {  # capitalised words that end or start no name
    "The", "A", "An", "On", "In", "At", "And", "Of", "For", "To", "Said", "Says", "Told", "Has", "Had", "Is", "Was",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December", "Pakistan",
    "Russia", "Russian", "Pakistani", "Moscow", "Islamabad", "Karachi", "Minister", "President", "State",
    "Petroleum", "Energy", "Foreign", "Affairs", "Finance", "Ministry", "Government", "Federation", "Mr", "Ms",
    "Mrs", "Dr", "Sir", "His", "Her", "This", "That", "It", "Oil", "Gas", "Crude", "Engineer", "But", "While",
    "Meanwhile", "However", "Both", "Speaking", "According", "Asked", "Earlier", "Later", "Last", "Next",
}

ORGANISATIONS = (
    "Pakistan State Oil", "Pakistan Refinery Limited", "National Refinery Limited", "Attock Refinery Limited",
    "Pak-Arab Refinery Limited", "Pak Arab Refinery Limited", "Cnergyico", "Byco Petroleum", "Karachi Port Trust",
    "Port Qasim Authority", "Oil and Gas Regulatory Authority", "State Bank of Pakistan", "Petroleum Division",
    "Oil Companies Advisory Council", "Pakistan Bureau of Statistics", "Federal Board of Revenue",
    "Inter State Gas Systems", "Sui Southern Gas Company", "Sui Northern Gas Pipelines", "Pakistan LNG",
    "Gazprom Neft", "Gazprom", "Rosneft", "Lukoil", "Tatneft", "Novatek", "Zarubezhneft", "Rosatom",
    "Russian Railways", "Pakistan Railways", "Sovcomflot", "Saudi Aramco", "Aramco", "ADNOC", "Kremlin",
    "Foreign Office", "Intergovernmental Commission", "Shanghai Cooperation Organisation", "BRICS",
    "International Monetary Fund", "IMF", "OPEC", "United Nations", "Eurasian Economic Union", "Petrobras",
    "Oil and Gas Development Company", "OGDCL", "Pakistan Petroleum Limited", "Mari Petroleum", "PARCO",
    "Pakistan Steel Mills", "Russian Export Center", "Federal Customs Service", "Rosstat",
    "Economic Coordination Committee", "Vitol", "Trafigura", "Gunvor", "Surgutneftegas", "Kpler", "Vortexa", "G7", "G20",
    "Forteinvest", "Pakistan Mercantile Exchange", "Pak-Arab Refinery",
    # abbreviations an article may use without spelling them out
    "PSO", "PRL", "KPT", "OGRA", "PQA", "SBP", "FBR", "OCAC", "PBS", "ISGS", "SSGC", "SNGPL", "PLL", "ECC", "NRL",
    "ARL", "PPL", "SPIMEX", "PMEX", "SCO", "IGC",
)
ORG_ENDS = ("Limited", "Ltd", "Company", "Corporation", "Corp", "Group", "Bank", "Authority", "Commission",
            "Division", "Agency", "Council", "Association", "Trust", "Organisation", "Organization", "Fund",
            "Institute", "Board", "Refinery", "Refineries", "PJSC", "JSC", "OJSC", "LLC", "Inc", "Holding",
            "Holdings", "Chamber of Commerce", "Chamber of Commerce and Industry", "Ministry", "Exchange", "Service",
            "Department", "Assembly", "Senate", "Duma", "Embassy", "High Commission", "Consulate")
ORG_WORD = r"(?:[A-Z][A-Za-z'’&-]*|of|and|for|&)"
OF_HEADS = ("Ministry", "Board", "Bank", "Federation", "Chamber", "Chambers", "Council", "Commission", "Authority",
            "Bureau", "Institute", "Organisation", "Organization", "Association", "Department", "Office", "Union",
            "Corporation", "Company", "Agency", "Group")
OF_NAME = re.compile(r"(?<![\w-])(?:[A-Z][A-Za-z'’-]*\s+){0,3}(?:" + _words(OF_HEADS) + r")\s+of\s+(?:the\s+)?"
                     r"[A-Z][a-z]+(?:\s+(?:(?:and|of|for|&)\s+)?[A-Z][a-z]+){0,5}(?![\w-])")  # "Board of Investment"
ORG_PATTERN = re.compile(r"(?<![\w-])[A-Z][A-Za-z'’&-]*\s+(?:" + ORG_WORD + r"\s+){0,4}(?:" + _words(ORG_ENDS) + r")"
                         r"(?![\w-])(?!\s+of\s+[A-Z])")
ACRONYM = re.compile(r"\s*\((?P<short>[A-Z][A-Z&]{1,7}|[A-Z][a-z]{2,7})\)")  # "(PRL)", "(Parco)"
NOT_ORG_START = {"The", "A", "An", "In", "On", "At", "By", "For", "From", "With", "And", "Its", "Their", "His", "Her",
                 "Pakistan's", "Russia's", "Pakistan’s", "Russia’s", "Both", "Under", "Meanwhile", "According", "This"}


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _name_words(match: re.Match) -> tuple[int, int] | None:
    """The span of the name in `match` without NOT_NAME words at either end; None under two words."""
    words = list(re.finditer(r"\S+", match.group("name")))
    while words and words[-1].group(0) in NOT_NAME:
        words.pop()
    while words and words[0].group(0) in NOT_NAME:
        words.pop(0)
    if len(words) < 2:
        return None
    base = match.start("name")
    return base + words[0].start(), base + words[-1].end()


KNOWN_PEOPLE = (  # who speaks for this relationship most often, named in full without an office too
    "Vladimir Putin", "Sergey Lavrov", "Sergei Lavrov", "Alexander Novak", "Denis Manturov", "Alexei Overchuk",
    "Nikolai Shulginov", "Nikolay Shulginov", "Sergei Tsivilev", "Albert Khorev", "Danila Ganich",
    "Mikhail Mishustin", "Shehbaz Sharif", "Shahbaz Sharif", "Ishaq Dar", "Musadik Malik", "Asif Ali Zardari",
    "Imran Khan", "Ali Pervaiz Malik", "Awais Leghari", "Hammad Azhar", "Shafqat Ali Khan",
    "Muhammad Khalid Jamali", "Khurram Dastgir Khan", "Shahid Khaqan Abbasi", "Muhammad Aurangzeb",
    "Jam Kamal Khan", "Marriyum Aurangzeb", "Ahsan Iqbal")


def people(body: str, known: tuple[str, ...] = ()) -> list[Candidate]:
    """Every person named next to an office, with `role`; later mentions of the same name; and
    every mention of a person of KNOWN_PEOPLE or `known` (the store's speakers), role or not."""
    found: list[Candidate] = []
    for pattern, confidence in ((ROLE_FIRST, 0.85), (NAME_FIRST, 0.8), (NAME_WHO, 0.75)):
        for match in pattern.finditer(body):
            span = _name_words(match)
            if span is None or _overlaps(*span, [(c.start, c.end) for c in found]):
                continue
            name = body[span[0]:span[1]]
            role = " ".join(match.group("role").split())
            found.append(Candidate("person", name, *span, name, role=role, confidence=confidence))
    roles = {name: None for name in (*KNOWN_PEOPLE, *known) if len(name.split()) > 1}
    roles.update({c.value: c.role for c in found})
    for name, role in sorted(roles.items(), key=lambda item: -len(item[0])):
        for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", body):
            if not _overlaps(*match.span(), [(c.start, c.end) for c in found]):
                found.append(Candidate("person", name, *match.span(), name, role=role, confidence=0.75))
    return sorted(found, key=lambda c: c.start)


def _trimmed(body: str, start: int, end: int) -> tuple[int, int] | None:
    """`start`..`end` without leading words that begin no organisation ("The", "Pakistan's"), nor
    a last word that is the start of a possessive ("and Russia" in "Bank of Russia and Russia's")."""
    words = list(re.finditer(r"\S+", body[start:end]))
    while len(words) > 1 and words[0].group(0) in NOT_ORG_START:
        words.pop(0)
    if body[end:end + 1] in ("'", "’") and len(words) > 2:
        words.pop()
        while words and words[-1].group(0) in ("and", "of", "for", "&"):
            words.pop()
        end = start + words[-1].end()
    if len(words) < 2 and words and words[0].group(0) in ORG_ENDS:
        return None  # "Ministry" alone is no name
    return start + words[0].start(), end


def organisations(body: str, known: tuple[str, ...] = ()) -> list[Candidate]:
    """Every organisation of ORGANISATIONS or `known`, or named by its form, and the abbreviations
    given for them in brackets."""
    named = [(match.span(), name, 0.9) for name in {*ORGANISATIONS, *known}
             for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", body)]
    formed = [(span, body[span[0]:span[1]], 0.7) for match in [*OF_NAME.finditer(body), *ORG_PATTERN.finditer(body)]
              if (span := _trimmed(body, *match.span())) is not None]
    found: list[Candidate] = []
    spans: list[tuple[int, int]] = []
    for span, value, sure in sorted(named + formed, key=lambda f: (f[0][0] - f[0][1], -f[2])):  # longest first
        if not _overlaps(*span, spans):  # "Pakistan LNG Limited" over the listed "Pakistan LNG"
            spans.append(span)
            found.append(Candidate("organisation", body[span[0]:span[1]], *span, value, confidence=sure))
    shorts = {}
    for c in found:
        bracket = ACRONYM.match(body, c.end)
        if bracket:
            shorts[bracket["short"]] = c.value
    for short, name in shorts.items():
        for match in re.finditer(r"(?<![\w-])" + re.escape(short) + r"(?![\w-])", body):
            if not _overlaps(*match.span(), spans):
                spans.append(match.span())
                found.append(Candidate("organisation", short, *match.span(), short, confidence=0.8))
    return sorted(found, key=lambda c: c.start)


def without_inside(found: list[Candidate], outer: list[Candidate]) -> list[Candidate]:
    """`found` less those inside one of `outer` (the port in "Karachi Port Trust")."""
    spans = [(c.start, c.end) for c in outer]
    return [c for c in found if not any(s <= c.start and c.end <= e for s, e in spans)]

