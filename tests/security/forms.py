"""Fill in a form the way a browser submits it, from the HTML the portal served.

    data = form_data(response.content.decode(), form_id="organization_form")
    data["name"] = "<script>…"
    client.post(url, data)

Used by the fuzz and XSS tests (change one field, keep every other as served) and by the
admin revert test.
"""

from html.parser import HTMLParser

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, bool, list[str], list[str]] | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = {
                "id": attributes.get("id"),
                "action": attributes.get("action"),
                "data": {},
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in SKIPPED_INPUT_TYPES:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self._add(name, attributes.get("value") or "on")
                return
            self._add(name, attributes.get("value") or "")
        elif tag == "select" and name:
            self._select = (name, "multiple" in attributes, [], [])
        elif tag == "option" and self._select is not None:
            self._option_value = attributes.get("value")
            self._option_selected = "selected" in attributes
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea = name
            self._textarea_text = ""

    def handle_data(self, data):
        if self._option_value is None and self._select is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag):
        if tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text
            self._select[3].append(value.strip() if self._option_value is None else value)
            if self._option_selected:
                self._select[2].append(self._select[3][-1])
            self._option_value = None
        elif tag == "select" and self._select is not None:
            name, multiple, selected, options = self._select
            if multiple:
                for value in selected:
                    self._add(name, value)
            elif selected or options:
                self._add(name, (selected or options)[0])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop one leading newline of a textarea's content.
            self._add(self._textarea, self._textarea_text.removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self._form = None

    def _add(self, name, value):
        data = self._form["data"]
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value


def forms_in(html: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_data(html: str, *, form_id: str | None = None, action: str | None = None) -> dict:
    """The data of the form with that id (or action), else of the only POST-able form."""
    forms = forms_in(html)
    for form in forms:
        if (form_id and form["id"] == form_id) or (action and form["action"] == action):
            return dict(form["data"])
    candidates = [form for form in forms if "csrfmiddlewaretoken" in form["data"]]
    assert len(candidates) == 1, f"{len(candidates)} forms with a CSRF token; pass form_id"
    return dict(candidates[0]["data"])


def form_with_field(html: str, field: str) -> dict:
    """The data of the first form of the page that has a field of that name."""
    for form in forms_in(html):
        if field in form["data"]:
            return dict(form["data"])
    raise AssertionError(f"no form with a {field!r} field")
