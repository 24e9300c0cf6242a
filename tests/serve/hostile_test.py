"""Hostile input through `herald serve`, in a real browser.

Usage: hostile_test.py HERALD
Ingests tests/fixtures/serve/hostile.jsonl, whose title, outlet, URL and
text hold <script>, <img onerror=...>, "><svg onload=...> and javascript:
URLs, each of which would set window.__pwned if it ran. Opens every page
that shows that article (home, search, story, article, the speakers, a
search and an entity path made of markup) in headless Chromium and checks
that nothing ran (no window.__pwned, no alert dialog, no script element
but the page's own, no javascript: link, no on* attribute in the page),
and that the title, the outlet and the text show exactly as stored.
Exit 77 when Chromium, chromedriver or Selenium is missing.
"""
import os
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks, Server, browser, full_page_screenshot, ingest, screenshot_dir  # noqa: E402

herald = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(root)
c = Checks()
shots = screenshot_dir(herald)

d = browser()
if d is None:
    sys.exit(77)
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

INSPECT = """
const bad = [];
for (const el of document.querySelectorAll('*')) {
  for (const a of el.attributes) {
    if (/^on/i.test(a.name)) bad.push(el.tagName + ' ' + a.name);
    if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\\s*(javascript|data|vbscript):/i.test(a.value))
      bad.push(el.tagName + ' ' + a.name + '=' + a.value);
  }
}
const scripts = [...document.scripts].map(s => s.getAttribute('src'));
return {pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned), bad: bad, scripts: scripts};
"""


def check_page(path, name):
    d.get(base + path)
    time.sleep(0.3)  # let onload/onerror handlers fire, if any were there
    try:
        alert = d.switch_to.alert
        text = alert.text
        alert.dismiss()
        c.ok(f"{name}: no alert", False, text)
    except NoAlertPresentException:
        c.ok(f"{name}: no alert", True)
    r = d.execute_script(INSPECT)
    c.ok(f"{name}: no payload ran", r["pwned"] is None, str(r["pwned"]))
    c.ok(f"{name}: no handler or script URL in the page", not r["bad"], str(r["bad"][:3]))
    c.ok(f"{name}: only the page's own script", r["scripts"] == ["/assets/app.js"], str(r["scripts"]))


try:
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "hostile.db")
        ingest(herald, db, "tests/fixtures/serve/hostile.jsonl")
        with Server(herald, db) as srv:
            base = srv.url.rstrip("/")
            hits = srv.json("/api/search?q=dam")[1]
            evil = [h for h in hits if "<script>" in (h["title"] or "")]
            c.ok("the hostile article is stored", len(evil) == 1, str(hits)[:300])
            art_id, story_id = evil[0]["id"], evil[0]["story"]
            art = srv.json(f"/api/articles/{art_id}")[1]
            check_page("/", "home")
            check_page("/search?q=dam", "search")
            check_page("/search?q=" + urllib.parse.quote('"><script>window.__pwned=1</script>'), "search for markup")
            box = d.find_element(By.CSS_SELECTOR, "header form.search input[name=q]").get_attribute("value")
            c.ok("the typed markup stays a value", box == '"><script>window.__pwned=1</script>', box)
            check_page(f"/stories/{story_id}", "story")
            titles = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#articles a")]
            c.ok("story: the title shows as typed", art["title"] in titles, str(titles))
            outlets = [o.text for o in d.find_elements(By.CSS_SELECTOR, "#articles .outlet")]
            c.ok("story: the outlet shows as typed", any(o == art["outlet"] for o in outlets), str(outlets))
            legend = [x.text for x in d.find_elements(By.CSS_SELECTOR, "figure#timeline .legend li")]
            c.ok("story: the chart legend names the outlet as typed", any(art["outlet"] in x for x in legend), str(legend))
            full_page_screenshot(d, os.path.join(shots, "hostile-story.png"), 1280)
            check_page(f"/articles/{art_id}", "article")
            h1 = d.find_element(By.CSS_SELECTOR, "h1.article-title").text
            c.ok("article: the title shows as typed", h1 == art["title"], repr(h1))
            out = d.find_element(By.CSS_SELECTOR, "article .meta .outlet").text
            c.ok("article: the outlet shows as typed", out == art["outlet"], repr(out))
            text = d.find_element(By.CSS_SELECTOR, "#text").text
            c.ok("article: the text shows as stored", " ".join(text.split()) == " ".join(art["text"].split()))
            c.ok("article: the javascript: URL is not a link",
                 not d.find_elements(By.CSS_SELECTOR, "a[href^='javascript']") and
                 art["url"] in d.find_element(By.CSS_SELECTOR, "article .meta").text)
            dets = d.find_elements(By.CSS_SELECTOR, "details#removed summary")
            if dets:
                dets[0].click()
                time.sleep(0.3)
                r = d.execute_script(INSPECT)
                c.ok("article: the removed markup shows as text, inert", r["pwned"] is None and not r["bad"])
            full_page_screenshot(d, os.path.join(shots, "hostile-article.png"), 1280)
            for q in art["quotes"]:
                if q.get("speaker_id") is not None and q.get("speaker"):
                    check_page("/entities/" + urllib.parse.quote(q["speaker"]), f"entity {q['speaker']}")
                    break
            check_page("/entities/" + urllib.parse.quote("<img src=x onerror=window.__pwned=1>"), "entity path of markup")
            check_page("/stories/" + urllib.parse.quote("<svg onload=window.__pwned=1>"), "story path of markup")
            # the JSON carries the same strings, escaped for JSON only
            st, h, body = srv.get(f"/api/articles/{art_id}")
            c.ok("API: the title is the typed string", art["title"].startswith("<script>window.__pwned='title'</script>"))
            c.ok("API: served as JSON, not sniffable", h.get("content-type") == "application/json; charset=utf-8"
                 and h.get("x-content-type-options") == "nosniff")
finally:
    d.quit()
sys.exit(c.finish())
