"""Driving Decap CMS in chromium by what the CMS says it is ready for, never by how long it usually takes.

A new entry's form is drawn at once, from an empty draft. The CMS makes the entry's real draft
only later, once the media it needs have come back from the backend, and then draws the form
again from that draft under a new key: whatever was typed or picked before is gone, and a required
field left empty stops the save with a page error instead of a request. On an idle machine the
media come back before anyone types; on a loaded one they do not. So these helpers read the
CMS's own state: its Redux store is built with the Redux DevTools extension's hook when the page
has one, and `watch_store` gives the page a stand-in for that hook that only keeps the store
where a test can read it. A form is used once the store holds the new entry's draft, the draft is
checked before saving, and a save is done when decap-server has answered its persistEntry.
"""

from __future__ import annotations

from playwright.sync_api import Page, Response, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

STORE_HOOK = """
window.__REDUX_DEVTOOLS_EXTENSION_COMPOSE__ = function compose(...enhancers) {
  if (enhancers.length === 1 && typeof enhancers[0] === "object") return compose;  // called with options
  return createStore => (...args) => {
    const store = enhancers.reduceRight((next, enhance) => enhance(next), createStore)(...args);
    window.__tsuzuriCmsStore = store;
    return store;
  };
};
"""

# True once the store holds the draft the CMS made for a new entry of the collection `name`.
DRAFT_MADE = """name => {
  const draft = window.__tsuzuriCmsStore.getState().entryDraft;
  return draft.getIn(["entry", "newRecord"]) === true && draft.getIn(["entry", "collection"]) === name;
}"""

# True once every field of `equal` holds its value in the draft, and every field of `containing` its text.
DRAFT_HOLDS = """([equal, containing]) => {
  const data = window.__tsuzuriCmsStore.getState().entryDraft.getIn(["entry", "data"]);
  return Object.entries(equal).every(([name, value]) => data.get(name) === value)
    && Object.entries(containing).every(([name, text]) => String(data.get(name) ?? "").includes(text));
}"""

DRAFT_DATA = "() => window.__tsuzuriCmsStore.getState().entryDraft.getIn(['entry', 'data']).toJS()"


def watch_store(context) -> None:
    """Let the tests read the CMS's store in every page of ``context`` (call before the pages open)."""
    context.add_init_script(STORE_HOOK)


def sign_in(page: Page, base: str) -> None:
    """Open the CMS and sign in through the local backend, which needs no forge account."""
    page.goto(base + "tracker/admin/")
    page.click("text=ログイン")
    page.wait_for_selector("text=コレクション")
    assert page.evaluate("() => Boolean(window.__tsuzuriCmsStore)"), "the CMS no longer builds its store through the DevTools hook"


def open_new_entry(page: Page, base: str, collection: str) -> None:
    """Open the form of a new entry of ``collection`` and wait until the CMS has made its draft."""
    page.goto(base + f"tracker/admin/#/collections/{collection}/new")
    page.wait_for_function(DRAFT_MADE, arg=collection)


def expect_draft(page: Page, equal: dict[str, str], containing: dict[str, str] | None = None) -> None:
    """Wait until the entry's draft holds the ``equal`` values and the ``containing`` texts: what a save would write."""
    try:
        page.wait_for_function(DRAFT_HOLDS, arg=[equal, containing or {}])
    except PlaywrightTimeoutError as exc:
        raise AssertionError(f"the draft holds {page.evaluate(DRAFT_DATA)!r}, not {equal!r} and {containing!r}") from exc


def pick(page: Page, label: str, typed: str, shown: str) -> None:
    """Choose an entry of a relation widget: type part of it, wait for the option, take it."""
    field = page.get_by_label(label, exact=True)
    field.click()
    field.press_sequentially(typed)
    page.locator(f"[id*='-option-']:has-text('{shown}')").first.click()


def write(page: Page, label: str, text: str) -> None:
    """Type into a Markdown widget (a rich-text editor, not a text box)."""
    editor = page.locator(f"[id$='-field-label']:has-text('{label}') ~ div [contenteditable='true']").first
    if not editor.count():
        editor = page.locator("[contenteditable='true']").last
    editor.click()
    page.keyboard.type(text)


def _is_persist(response: Response) -> bool:
    return "/api/v1" in response.url and (response.request.post_data_json or {}).get("action") == "persistEntry"


def save(page: Page) -> None:
    """Save the entry: decap-server has committed it once it answers persistEntry; then the CMS opens the entry it made."""
    button = page.get_by_role("button", name="保存", exact=True)
    expect(button).to_be_enabled()  # the CMS enables it once the draft has changed
    with page.expect_response(_is_persist) as persisted:
        button.click()
    assert persisted.value.ok, f"persistEntry: {persisted.value.status} {persisted.value.text()}"
    page.wait_for_function("() => location.hash.includes('/entries/')")


def new_comment_on_hojo_1(page: Page, base: str) -> None:
    """Open the CMS's form for a new HOJO comment and choose HOJO-1 and its author."""
    open_new_entry(page, base, "comments-HOJO")
    pick(page, "課題", "入力チェック", "HOJO-1")
    pick(page, "投稿者", "山田", "山田 太郎")
    expect_draft(page, {"issue": "HOJO-1", "author": "yamada"})
