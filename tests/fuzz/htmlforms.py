"""The forms on a rendered page, read the way a browser reads them.

The idempotency inventory and the fuzzer both start from what a person is actually
given: the forms a page renders, where each posts to, and its controls. Reading the HTML
(rather than listing form classes by hand) means a new form on any page is found
without anyone remembering to add it here.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

TEXT_LIKE = {"text", "email", "password", "search", "tel", "url", "number", "date", "time"}
IGNORED_TYPES = {"submit", "button", "reset", "image"}


@dataclass
class Control:
    name: str
    kind: str  # an <input> type, or "select" / "textarea"
    value: str = ""
    checked: bool = False
    options: list = field(default_factory=list)  # for a select: its option values
    selected: list = field(default_factory=list)


@dataclass
class HtmlForm:
    action: str  # path (and query) the form posts to
    method: str  # "get" or "post"
    controls: list = field(default_factory=list)
    enctype: str = ""
    # Other places its values go: a button's `formaction`, an element's `hx-post`.
    also_to: list = field(default_factory=list)

    def targets(self):
        return [self.action, *self.also_to]

    def names(self):
        return {c.name for c in self.controls if c.name != "csrfmiddlewaretoken"}

    def hidden(self):
        return {c.name: c.value for c in self.controls if c.kind == "hidden"}

    def choices(self, name):
        """The values a person can pick for `name` (radios, checkboxes, select options)."""
        found = []
        for c in self.controls:
            if c.name != name:
                continue
            if c.kind == "select":
                found.extend(c.options)
            elif c.kind in ("radio", "checkbox"):
                found.append(c.value)
        return found

    def defaults(self):
        """What a browser would send untouched (one value per name; the CSRF token aside)."""
        data = {}
        for c in self.controls:
            if c.name == "csrfmiddlewaretoken":
                continue
            if c.kind in ("radio", "checkbox"):
                if c.checked:
                    data[c.name] = c.value
            elif c.kind == "select":
                chosen = c.selected or c.options[:1]
                if chosen:
                    data[c.name] = chosen[0]
            elif c.kind != "file":
                data.setdefault(c.name, c.value)
        return data

    def filled(self, text="Something to say"):
        """`defaults()`, with an answer picked for every radio group and empty text box:
        the first choice of each, and `text` in each empty text field."""
        data = self.defaults()
        for c in self.controls:
            if c.name in data and data[c.name] != "":
                continue
            if c.kind == "radio":
                data[c.name] = c.value
            elif c.kind == "select":
                real = [o for o in c.options if o]
                if real:
                    data[c.name] = real[0]
            elif c.kind in ("text", "textarea", "search"):
                data[c.name] = text
        data.pop("csrfmiddlewaretoken", None)
        return data


class _FormReader(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms = []
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        for attr in ("href", "hx-get"):
            if attrs.get(attr):
                self._link(attrs[attr])
        if tag == "form":
            self._form = HtmlForm(
                self._path(attrs.get("action") or self.page_url),
                (attrs.get("method") or "get").lower(),
                enctype=attrs.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        for attr in ("formaction", "hx-post"):
            if attrs.get(attr):
                self._form.also_to.append(self._path(attrs[attr]))
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind not in IGNORED_TYPES:
                self._form.controls.append(
                    Control(name, kind, attrs.get("value", ""), checked="checked" in attrs)
                )
        elif tag == "select" and name:
            self._select = Control(name, "select")
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = attrs
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea = Control(name, "textarea")
            self._form.controls.append(self._textarea)

    def _link(self, url):
        """A link with a query string is a GET form the server wrote out in full: read it
        as one (each parameter a control), so the parameters get fuzzed too."""
        parts = urlsplit(urljoin(self.page_url, url))
        if not parts.query or parts.netloc not in ("", "testserver"):
            return
        controls = [Control(name, "hidden", value) for name, value in parse_qsl(parts.query)]
        self.forms.append(HtmlForm(parts.path, "get", controls))

    def _path(self, url):
        parts = urlsplit(urljoin(self.page_url, url))
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        elif self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that may follow <textarea>.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option.get("value", self._option_text.strip())
            self._select.options.append(value)
            if "selected" in self._option:
                self._select.selected.append(value)
            self._option = None
        elif tag == "select":
            self._select = None


def forms_in(content, page_url):
    """Every <form> on a page (bytes or text), with its action made absolute; and every
    link carrying a query string, as a GET form."""
    text = content.decode() if isinstance(content, bytes) else content
    reader = _FormReader(page_url)
    reader.feed(text)
    reader.close()
    return reader.forms


def forms_posting_to(content, page_url, action):
    """The POST forms on the page whose action is `action` (a path)."""
    return [f for f in forms_in(content, page_url) if f.method == "post" and f.action == action]
