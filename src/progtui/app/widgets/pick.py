"""A field that picks from a closed set (a status, a person, a project): typing filters the
list under it (every word typed must appear in a choice), up/down move in it, and `take()`
(enter, in the dialogs) puts the highlighted choice in the field. Free text never passes:
`value` is a choice or "" (what the field holds matches no choice).

`MultiPickField` picks several (a risk's projects): comma-separated choices, the list under
it filtering on the one being typed after the last comma."""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from progtui.app.widgets.field import Field

Choice = tuple[str, str]  # (value, label): the value is what is typed and saved


def matching(choices: list[Choice], typed: str) -> list[Choice]:
    """The choices whose value or label holds every word typed (case does not matter); an
    exact value first."""
    words = typed.casefold().split()
    found = [c for c in choices if all(w in f"{c[0]} {c[1]}".casefold() for w in words)]
    exact = [c for c in found if c[0].casefold() == typed.strip().casefold()]
    return exact + [c for c in found if c not in exact]


class PickField(Vertical):
    """An Input over the choices it filters."""

    DEFAULT_CSS = """
    PickField { height: auto; width: 1fr; }
    PickField > OptionList { height: auto; max-height: 6; border: none; padding: 0;
                            display: none; }
    PickField.-open > OptionList { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "step(1)", "Next choice", show=False, id="pick.down"),
        Binding("up", "step(-1)", "Previous choice", show=False, id="pick.up"),
    ]

    def __init__(
        self,
        choices: list[Choice],
        value: str = "",
        *,
        highlight: str | None = None,
        placeholder: str = "",
        id: str | None = None,
        input_id: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(id=id, disabled=disabled)
        self.input_id = input_id
        self.choices = choices
        self.initial = value
        self.highlight = highlight if highlight is not None else value
        self.placeholder = placeholder
        self.shown: list[Choice] = []
        self.stepped = False  # up/down moved in the list since the last key typed

    def compose(self) -> ComposeResult:
        yield Field(
            self.initial, placeholder=self.placeholder, select_on_focus=False, id=self.input_id
        )
        options = OptionList()
        options.can_focus = False  # the field keeps the focus: typing goes on filtering
        yield options

    def on_mount(self) -> None:
        self._filter(self.input.value, self.highlight)

    # the list shows while the field has the focus (a class: :focus-within is not restyled
    # when the focus leaves for a sibling)
    def on_descendant_focus(self) -> None:
        self.add_class("-open")

    def on_descendant_blur(self) -> None:
        self.remove_class("-open")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def value(self) -> str:
        """The choice the field names, or "" when it names none."""
        typed = self.input.value.strip().casefold()
        return next((c[0] for c in self.choices if c[0].casefold() == typed), "")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.stepped = False  # (the event goes on up: the dialog may follow the field)
        self._filter(event.value)

    def _filter(self, typed: str, highlight: str | None = None) -> None:
        # the field shows a choice (as opened, or once taken): list them all, that one lit
        exact = any(c[0].casefold() == typed.strip().casefold() for c in self.choices)
        self.shown = self.choices if exact or not typed.strip() else matching(self.choices, typed)
        options = self.options
        options.clear_options()
        options.add_options(Option(Text(label), id=value) for value, label in self.shown)
        at = next((i for i, c in enumerate(self.shown) if c[0] == (highlight or typed.strip())), 0)
        options.highlighted = at if self.shown else None

    def action_step(self, step: int) -> None:
        options = self.options
        if self.shown:
            at = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(len(self.shown) - 1, at + step))
            self.stepped = True

    def highlighted(self) -> str:
        """The choice lit in the list ("" when none matches what is typed)."""
        at = self.options.highlighted
        return self.shown[at][0] if at is not None and at < len(self.shown) else ""

    def take(self) -> str:
        """Put the highlighted choice in the field (when it names none yet, or up/down chose
        another); its value."""
        if (self.stepped or not self.value) and (lit := self.highlighted()):
            with self.input.prevent(Input.Changed):
                self.input.value = lit
            self.stepped = False
        return self.value

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.input.value = event.option.id
            self.input.focus()


class MultiPickField(PickField):
    """Several choices, comma-separated: the list filters on what is typed after the last
    comma (listing the choices not taken yet), and take() puts the lit one there."""

    @cached_property
    def spelled(self) -> dict[str, str]:
        """Each choice as typed (any case) -> as the choices spell it."""
        return {c[0].casefold(): c[0] for c in self.choices}

    @staticmethod
    def parts(text: str) -> list[str]:
        return [part.strip() for part in text.split(",")]

    def _taken(self, text: str | None = None) -> list[str]:
        """The choices named before the last comma of *text* (the field's), as the choices
        spell them."""
        spelled = self.spelled
        parts = self.parts(self.input.value if text is None else text)[:-1]
        return [spelled.get(part.casefold(), part) for part in parts if part]

    @property
    def value(self) -> str:
        """Every choice named, comma-separated, when each part names one (empty parts
        dropped); "" when one names none."""
        spelled = self.spelled
        named = [spelled.get(part.casefold()) for part in self.parts(self.input.value) if part]
        return ", ".join(n for n in named if n) if all(named) else ""

    def unknown(self) -> str | None:
        """The first part that names no choice, or None."""
        known = self.spelled
        return next(
            (p for p in self.parts(self.input.value) if p and p.casefold() not in known), None
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """A comma after a part that names no choice yet puts the lit one there first (type
        `de`, a comma, `it`: DE-REG, IT-REG)."""
        event.prevent_default()  # PickField's handler would filter on the whole text again
        self.stepped = False
        value = event.value
        if value.endswith(","):
            last = self.parts(value[:-1])[-1]
            known = self.spelled
            if last and last.casefold() not in known and (lit := self.highlighted()):
                value = ", ".join([*self._taken(value[:-1]), lit]) + ","
                with self.input.prevent(Input.Changed):
                    self.input.value = value
                    self.input.cursor_position = len(value)
        self._filter(value)

    def _filter(self, typed: str, highlight: str | None = None) -> None:
        last = self.parts(typed)[-1] if typed else ""
        taken = {t.casefold() for t in self.parts(typed)[:-1]} if typed else set()
        free = [c for c in self.choices if c[0].casefold() not in taken]
        exact = any(c[0].casefold() == last.casefold() for c in free)
        self.shown = free if exact or not last else matching(free, last)
        options = self.options
        options.clear_options()
        options.add_options(Option(Text(label), id=value) for value, label in self.shown)
        at = next((i for i, c in enumerate(self.shown) if c[0] == (highlight or last)), 0)
        options.highlighted = at if self.shown else None

    def take(self) -> str:
        """Put the lit choice in place of the part being typed (when it names none yet, or
        up/down chose another); the field's value."""
        last = self.parts(self.input.value)[-1]
        known = self.spelled
        if (self.stepped or (last and last.casefold() not in known)) and (
            lit := self.highlighted()
        ):
            with self.input.prevent(Input.Changed):
                self.input.value = ", ".join([*self._taken(), lit])
                self.input.cursor_position = len(self.input.value)
            self.stepped = False
        return self.value

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        event.prevent_default()  # PickField's handler would put the choice alone in the field
        if event.option.id is not None:
            self.input.value = ", ".join([*self._taken(), event.option.id])
            self.input.cursor_position = len(self.input.value)
            self.input.focus()
