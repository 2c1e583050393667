"""Hostile values for the fuzz tests (hypothesis strategies) and their fixed settings.

Every value is something a form or a filter must answer with a message, a 400 or a 404 — never
a 500: huge strings, unicode of every plane, NUL and control characters, numbers far out of
range, negative and non-numeric ids, unknown choices, injection and path tricks, dates that do
not exist. The settings are derandomized (the same examples on every run, so CI is stable) and
keep no example database in the working tree.
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FILTER_EXAMPLES = 40
FORM_EXAMPLES = 30


def fuzz_settings(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# Statuses a hostile request may get: the page with errors, a redirect, a refusal.
ACCEPTABLE = {200, 302, 400, 403, 404, 405}

SPECIAL_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "-2147483649",
    "99999999999999999999999999",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "abc",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "%",
    "%%",
    "_",
    "\\",
    "'",
    '"',
    "' OR '1'='1",
    "1; DROP TABLE partners_organization; --",
    "../../../../etc/passwd",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\u202e",
    "\ufeff",
    "😀",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "日本語のテキスト",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "//evil.example",
    "2024-02-30",
    "9999-12-31",
    "0000-00-00",
    '=HYPERLINK("https://evil.example")',
    "999999",
    "abc",
]

_huge = st.tuples(
    st.sampled_from(["a", "é", "字", "\x00", "%", "😀", " ", "<"]),
    st.integers(min_value=1_000, max_value=120_000),
).map(lambda pair: pair[0] * pair[1])

# Characters that break naive code: NUL and control characters, quotes, escapes, wildcards,
# right-to-left override, a byte-order mark, multi-byte and astral-plane letters.
NASTY_CHARACTERS = "\x00\x01\x1f\x7f\r\n\t<>'\"&%_\\/;:=+-\u202e\ufeffé字😀 a1"

hostile_text = st.one_of(
    st.sampled_from(SPECIAL_VALUES),
    st.text(alphabet=NASTY_CHARACTERS, min_size=1, max_size=30),
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    _huge,
)

hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))


def hostile_query(parameters: list[str]):
    """Query strings over the page's own parameters, `page`, `sort` and an unknown one.

    Each parameter is present or not, independently: filters combine, and every one of them
    gets hostile values in many examples.
    """
    names = sorted({*parameters, "page", "sort", "unknown"})
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, hostile_value)).filter(bool)


def hostile_changes(fields: list[str]):
    """Some of a form's fields replaced with hostile values, perhaps an unknown field added."""
    names = sorted({*fields, "unknown_field"})
    return st.dictionaries(st.sampled_from(names), hostile_value, min_size=1, max_size=4)
