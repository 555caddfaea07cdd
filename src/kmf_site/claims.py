"""Numbers a page reads aloud from a run, anchored to where they stand in the real output.

Prose beside a runnable block says "0.89 for the schedule, 0.88 for the trigger", "the rule turns
8 degrees a week", "line 6 looks up `load_model`". Each such number is compared, as a whole token
(single digits included), with the *same label's* value in the program's real output (or, for a
setting such as ``degrees_per_week=8``, in its source):

- the output is read as labelled values. In an aligned table (a header line over a line of
  dashes) a value's labels are its row's first cell and its column's header; elsewhere the words
  before it on its line (``champion 757`` -> champion), or the words after it when none come first
  (``158 rows``). A number of the source carries the words of its line (``degrees_per_week=8``);
- a number in the prose carries the words of its clause (the text between commas, semicolons,
  colons, brackets, "and", "against", "while"; code spans are code to type and are left out);
- the number must be one the output or the source shows. When its clause names a label, one of
  the number's places in the output must carry that label; when the clause names a label that
  another value in the same row or line carries ("0.88 for the schedule" where the schedule's
  column says 0.89), it is wrong;
- "line 6" / "lines 1-4" name lines of the program: they must exist, and a code span in the same
  clause (`` `load_model` ``) must be on one of them;
- "twice", "three times" are numbers too.

:func:`check_text` returns the problems (``path:line: ...``, naming the program and the values it
found) and counts of what was checked (:class:`Tally`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Known", "Occurrence", "Tally", "check_text", "known_from", "prose_numbers", "stem_words"]

NUMBER = re.compile(
    r"(?:(?<=\bv)|(?<![\w.#/\\:]))(?<![^\d]-)"  # v2 is version 2
    r"(?P<n>\d{1,2}:\d\d|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<pct> ?%| points?\b)?(?:x(?![\w.]))?(?!\w|:\d|\.\d|,\d{3})"  # 99x: the factor 99
)
# "one standard error": derived from the run's numbers (see standard_errors())
STANDARD_ERROR = re.compile(r"\bstandard error\b", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z]+")
CODE_SPAN = re.compile(r"(`+)(?P<code>[^`].*?)\1")
LINK = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]|<[^>]+>|https?://\S+")
CLAUSE = re.compile(r",\s|;|:\s|[()]|\s(?:and|against|while|whereas|versus|vs\.?|then|but)\s|\.\s+(?=[A-Z])")
RANGE = re.compile(r"(?<![\w.])(\d+)\s*(?:-|to)\s*(\d+)(?![\w.])")
LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
SUFFIX = re.compile(r"(?:ing|ed|es|s|ly)$")
LINES = re.compile(r"\blines?\s+(?P<a>\d+)(?:\s*(?:-|to|and)\s*(?P<b>\d+))?", re.I)
COUNTS = {"twice": 2, "thrice": 3}
WORDS = "one two three four five six seven eight nine ten eleven twelve".split()
TIMES = re.compile(rf"\b(?:(?P<word>{'|'.join(WORDS)}) times|(?P<count>twice|thrice))\b", re.I)
# Numbers that cite, not measure: a year, a chapter, an arXiv id, a rule, a page.
CITATION = re.compile(r"(?:\bch\.|\bchapter|\barxiv|\brule|\bp\.|\bitems?|\bpep|\bpython|\bv)\s*#?$", re.I)
STOP = set(
    "the and for from that this with into only then than when what which while each every about after before "
    "also are was were has have had its it's not but all any one two out its our you your their they them "
    "here there where how more most much many some same such very just like over under between both".split()
)


def stem(word: str) -> str:
    """A word, lowercased, without a common ending, cut to five letters ("scheduled" ~ "schedule")."""
    word = word.lower()
    return (SUFFIX.sub("", word) if len(word) > 4 else word)[:5]


def stem_words(text: str) -> frozenset[str]:
    """The content words of ``text``, stemmed."""
    return frozenset(stem(w) for w in WORD.findall(text) if w.lower() not in STOP and len(w) > 2)


def _value(token: str) -> str:
    return token.replace(",", "")


PUNCT = re.compile(r"[,;:=()\[\]{}|]")


@dataclass(frozen=True)
class Occurrence:
    """One number of a run's output (or of the program's source) and the labels it stands under."""

    value: str
    labels: frozenset[str]
    group: int  # same group: same table row or same line
    where: str  # "row 'mean', column 'schedule 3 wk'", or the line itself
    printed: bool = True  # False: a number of the program's source
    named: bool = False  # labelled by a table's row and column, or by the words right before it
    column: tuple[int, str] | None = None  # (table, header) of a table's cell


@dataclass
class Known:
    """What a program shows: its output's labelled numbers, its source's numbers, its lines."""

    name: str  # the program, as a message names it (concepts/drift_policies.py)
    occurrences: list[Occurrence] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    extra: set[str] = field(default_factory=set)  # values stated and proven elsewhere
    ranges: set[str] = field(default_factory=set)  # "0-23": ranges the output or source shows

    def at(self, value: str) -> list[Occurrence]:
        return [o for o in self.occurrences if o.value == value]

    def found(self) -> str:
        values = sorted({o.value for o in self.occurrences}, key=lambda v: (float(v.replace(":", ".")), v))
        shown = ", ".join(values[:30]) + (", ..." if len(values) > 30 else "")
        return f"{self.name} shows {shown or 'no numbers'}"


def _cells(line: str) -> list[tuple[int, int, str]]:
    """An aligned line's cells: (start, end, text), cut at two or more spaces."""
    return [(m.start(), m.end(), m[0]) for m in re.finditer(r"\S+(?: \S+)*", line)]


def _numbers(text: str) -> list[re.Match]:
    return list(NUMBER.finditer(text))


def known_from(name: str, output: str, source: str = "", constants: dict[str, float] | None = None) -> Known:
    """The labelled numbers of ``output`` (and ``source``) of the program ``name``; ``constants``
    are named numbers of the library the program uses (``PSI_MAJOR = 0.25``)."""
    known = Known(name, source_lines=source.splitlines())
    known.ranges = {f"{a}-{b}" for a, b in RANGE.findall(output + "\n" + source)}
    lines = output.splitlines()
    group = 0
    header: list[tuple[int, int, str]] | None = None
    for i, line in enumerate(lines):
        group += 1
        rule = line.strip() and set(line.strip()) == {"-"}
        if rule:
            if i > 0 and header is None and lines[i - 1].strip():
                header = _cells(lines[i - 1])
            continue
        if not line.strip():
            header = None
            continue
        if header is not None and i + 1 < len(lines) and set(lines[i + 1].strip()) == {"-"} and i > 0:
            pass
        nums = _numbers(line)
        if header is not None and not (i > 0 and header and _cells(line) == header):
            cells = _cells(line)
            row = cells[0][2] if cells else ""
            for m in nums:
                cell = next((c for c in cells if c[0] <= m.start() < c[1]), (m.start(), m.end(), m[0]))
                first = bool(cells) and cell == cells[0]
                column = max(header, key=lambda c: (min(c[1], cell[1]) - max(c[0], cell[0]), -abs(c[1] - cell[1])))
                labels = stem_words(column[2]) | (frozenset() if first else stem_words(row))
                if first:
                    labels |= {f"#row:{_value(m['n'])}"}
                else:
                    labels |= {f"#row:{_value(n['n'])}" for n in _numbers(row)}
                where = f"row {row!r}, column {column[2]!r}"
                known.occurrences.append(
                    Occurrence(_value(m["n"]), labels, group, where, named=not first, column=(id(header), column[2]))
                )
            continue
        _label_line(known, line, nums, group)
    for line in source.splitlines():
        group += 1
        code = re.sub(r"([a-z])([A-Z])", r"\1 \2", line.split("#", 1)[0]).replace("_", " ")
        _label_line(known, code, _numbers(code), group, printed=False)
    for constant, number in (constants or {}).items():
        group += 1
        labels = stem_words(constant.replace("_", " "))
        known.occurrences.append(Occurrence(f"{number:g}", labels, group, f"{constant} = {number!r}", printed=False))
    return known


def _label_line(known: Known, line: str, nums: list[re.Match], group: int, printed: bool = True) -> None:
    """Label each number of an unaligned line with the words next to it: those since the last
    number or punctuation before it, and those up to the next number or punctuation after it; a
    number with neither continues the list before it (``versions: [1, 2, 3]``)."""
    labels: frozenset[str] = frozenset()
    for k, m in enumerate(nums):
        start = nums[k - 1].end() if k else 0
        pieces = [stem_words(piece) for piece in PUNCT.split(line[start : m.start()])]
        before_words = next((w for w in reversed(pieces) if w), frozenset()) if pieces else frozenset()
        end = nums[k + 1].start() if k + 1 < len(nums) else len(line)
        after = PUNCT.split(line[m.end() : end])[0]
        own = before_words | stem_words(after)
        labels = own or labels
        known.occurrences.append(Occurrence(_value(m["n"]), labels, group, line.strip(), printed, bool(before_words)))
        if m["pct"] and "%" in m["pct"]:  # 40.0% is the share 0.4 too
            share = f"{float(_value(m['n'])) / 100:g}"
            known.occurrences.append(Occurrence(share, labels, group, line.strip(), printed, bool(before_words)))


@dataclass
class Tally:
    """What a check looked at: numbers anchored to a label, numbers only found, line references."""

    anchored: int = 0
    present: int = 0
    lines: int = 0

    def __iadd__(self, other: Tally) -> Tally:
        self.anchored += other.anchored
        self.present += other.present
        self.lines += other.lines
        return self


def _clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) pieces of a sentence."""
    out, start = [], 0
    for m in CLAUSE.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def _near(clause: str, start: int, end: int, reach: int = 2) -> frozenset[str]:
    """Up to ``reach`` content words on each side of ``clause[start:end]``, not past another number."""
    before = re.split(r"\d", clause[:start])[-1]
    after = re.split(r"\d", clause[end:])[0]
    words_before = [w for w in WORD.findall(before) if w.lower() not in STOP and len(w) > 2][-reach:]
    words_after = [w for w in WORD.findall(after) if w.lower() not in STOP and len(w) > 2][:reach]
    return frozenset(stem(w) for w in words_before + words_after)


def prose_numbers(line: str) -> list[tuple[str, str, frozenset[str]]]:
    """The numbers a line of prose states: (as written, value, its clause's label words); a range
    ("0 to 23", "1-7") is one value, "0-23"."""
    text = LINK.sub(lambda m: " " * len(m[0]), LIST_MARK.sub(lambda m: " " * len(m[0]), line))
    text = CODE_SPAN.sub(lambda m: " " * len(m[0]), text)
    found = []
    for _offset, clause in _clauses(text):
        words = stem_words(clause)
        for m in RANGE.finditer(clause):
            if not LINES.search(clause[: m.end()]) or LINES.search(clause[: m.end()]).end() < m.start():
                found.append((m[0], f"{m[1]}-{m[2]}", words, _near(clause, m.start(), m.end())))
        clause = RANGE.sub(lambda m: " " * len(m[0]), clause)
        for m in _numbers(clause):
            if LINES.search(clause[: m.end()]) and LINES.search(clause[: m.end()]).end() >= m.end():
                continue  # a line reference (checked against the program's lines)
            if CITATION.search(clause[: m.start()].rstrip()) or re.fullmatch(r"(?:19|20)\d\d", m["n"]):
                continue
            if re.search(r"\bwould\b", clause):
                continue  # a supposition, not a reading of the run
            value = _value(m["n"])
            if m["pct"]:  # 75 % or 5 points: a share, printed as 0.75 or 0.05
                value = f"{float(value) / 100:g}"
            found.append((m[0].strip(), value, words, _near(clause, m.start(), m.end())))
        for m in TIMES.finditer(clause):
            value = COUNTS[m["count"].lower()] if m["count"] else WORDS.index(m["word"].lower()) + 1
            found.append((m[0], str(value), words - stem_words(m[0]), _near(clause, m.start(), m.end())))
    return found


def _line_refs(path: str, n: int, line: str, known: Known) -> tuple[list[str], int]:
    problems, count = [], 0
    if not known.source_lines:
        return problems, 0
    for _offset, clause in _clauses(LINK.sub(" ", line)):
        for m in LINES.finditer(clause):
            a = int(m["a"])
            b = int(m["b"] or a)
            count += 1
            total = len(known.source_lines)
            if not 1 <= a <= b <= total:
                problems.append(f"{path}:{n}: {m[0]!r}: {known.name} has {total} lines")
                continue
            codes = [c["code"] for c in CODE_SPAN.finditer(clause)]
            names = [re.match(r"[A-Za-z_]\w*", c)[0] for c in codes if re.match(r"[A-Za-z_]\w*", c)]
            program = "\n".join(known.source_lines)
            names = [x for x in names if re.search(rf"\b{re.escape(x)}\b", program)]  # the program's names
            span = "\n".join(known.source_lines[a - 1 : b])
            if names and not any(re.search(rf"\b{re.escape(x)}\b", span) for x in names):
                problems.append(
                    f"{path}:{n}: {m[0]!r} of {known.name} holds none of {', '.join(names)}: {span.strip()!r}"
                )
    return problems, count


def standard_errors(line: str, knowns: list[Known]) -> set[str]:
    """The standard errors a line may quote: sqrt(p(1-p)/n) for each proportion p (0 < p < 1) the
    runs print and each count n that both the line and the runs state ("on 1,000 rows"), as a share
    to three significant digits and in points to one or two decimals ("0.9 to 1.05 points")."""
    counts = {v for _, v, _, _ in prose_numbers(line) if v.isdigit() and int(v) > 1}
    counts = {v for v in counts if any(k.at(v) for k in knowns)}
    shares = {
        float(o.value) for k in knowns for o in k.occurrences if o.printed and 0 < float(o.value.replace(":", ".")) < 1
    }
    found = set()
    for n in counts:
        for p in shares:
            se = (p * (1 - p) / int(n)) ** 0.5
            found |= {f"{se:.3g}", f"{se * 100:.1f}", f"{se * 100:.2f}".rstrip("0").rstrip(".")}
    return found


def check_line(path: str, n: int, line: str, knowns: Iterable[Known]) -> tuple[list[str], Tally]:
    """Check one line of prose (``path:n``) against what the programs ``knowns`` show.

    A decimal must be printed (or written in the source); a whole number is checked when its clause
    names something the program labels a number with. Either way, when the clause names a label,
    the number must be one printed under that label.
    """
    knowns = list(knowns)
    if knowns and STANDARD_ERROR.search(line):
        first = knowns[0]
        derived = first.extra | standard_errors(line, knowns)
        knowns[0] = Known(first.name, first.occurrences, first.source_lines, derived, first.ranges)
    tally, problems = Tally(), []
    for known in knowns[:1]:
        found, count = _line_refs(path, n, line, known)
        problems += found
        tally.lines += count
    vocabulary = frozenset().union(*(o.labels for k in knowns for o in k.occurrences if o.printed))
    in_source = frozenset().union(*(o.labels for k in knowns for o in k.occurrences if not o.printed))
    for written, value, words, near in prose_numbers(line):
        if "-" in value:  # a range: the run shows it as such, or each end is checked on its own
            if any(value in k.ranges for k in knowns):
                tally.anchored += 1
                continue
            low, high = value.split("-")
            more, counted = check_line(path, n, f"{low} {' '.join(words)}, {high} {' '.join(words)}", knowns)
            problems += more
            tally += counted
            continue
        places = [o for k in knowns for o in k.at(value)]
        if any(value in k.extra for k in knowns):
            tally.anchored += 1
            continue
        if not words & (vocabulary | (in_source if "." in value else frozenset())):
            if places:
                tally.present += 1
            elif (
                not words and "." in written and "%" not in written
            ):  # a bare decimal, "(0.81, 0.81 and 0.80)": a reading
                problems.append(f"{path}:{n}: {written} is not a number the run prints; {knowns[0].found()}")
            continue  # otherwise the clause names nothing the run prints: not a reading of it
        # A clause that names a table's column ("0.89 for the schedule") means that column's value.
        columns = {
            o.column
            for k in knowns[:1]
            for o in k.occurrences
            if o.column and o.named and stem_words(o.column[1]) and stem_words(o.column[1]) <= near
        }
        if columns:
            if any(o.column in columns for o in places):
                tally.anchored += 1
                continue
            cells = [o for o in knowns[0].occurrences if o.column in columns and o.named]
            same_row = [o for o in cells if places and any(p.group == o.group for p in places)]
            other = (same_row or cells)[0]
            shown = ", ".join(dict.fromkeys(o.value for o in (same_row or cells)))
            where = f"; {written} is at: {places[0].where}" if places else ""
            problems.append(
                f"{path}:{n}: {written} stands for column {other.column[1]!r} here, but {knowns[0].name} "
                f"prints {shown} there ({other.where}){where}"
            )
            continue
        if any(o.labels & words for o in places):
            tally.anchored += 1
        elif places:
            tally.present += 1
        else:
            problems.append(f"{path}:{n}: {written} is not a number the run prints; {knowns[0].found()}")
    return problems, tally


def check_text(path: str, lines: Iterable[tuple[int, str]], knowns: Iterable[Known]) -> tuple[list[str], Tally]:
    """Check lines of prose ``[(line number, text), ...]`` of ``path``."""
    knowns = list(knowns)
    problems, tally = [], Tally()
    for n, line in lines:
        found, counted = check_line(path, n, line, knowns)
        problems += found
        tally += counted
    return problems, tally
