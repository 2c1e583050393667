"""HTML inspection helpers shared by the security tests."""

from html.parser import HTMLParser

# Script types a browser does not execute (json_script data islands): CSP does not apply.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP (script-src/style-src 'self') would block in a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.violations: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.violations.append(f"<{tag} {name}=...> inline event handler")
            if name == "style":
                self.violations.append(f"<{tag} style={value!r}> inline style")
            is_link = name in ("href", "src", "action", "formaction")
            if is_link and (value or "").strip().lower().startswith("javascript:"):
                self.violations.append(f"<{tag} {name}=javascript:...>")
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and "src" not in attributes and script_type not in DATA_SCRIPT_TYPES:
            self.violations.append("<script> block without src")
        if tag == "style":
            self.violations.append("<style> block")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.violations


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives
