"""The web page of `herald serve` in a real browser (headless Chromium
through Selenium), as a person would use it.

Usage: browser_test.py HERALD
Ingests corpus/ into a temporary store, starts the server, opens the home
page, types a search into the box, follows a story link, and checks what
a reader sees against the API's answer: the story label, the timeline
chart, a speaker and one of their quotations, the speaker's page with
its charts, an article with a highlighted quotation and the removed
debris behind a disclosure. Checks that the browser logged no error (a
Content-Security-Policy violation would show there), that a phone-width
window needs no sideways scrolling, and that the pages work with
JavaScript off. Screenshots go to <build>/serve-screenshots/.
Exit 77 when Chromium, chromedriver or Selenium is missing.
"""
import json
import os
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Checks, Server, browser, full_page_screenshot, ingest, screenshot_dir, sha256  # noqa: E402

herald = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(root)
shots = screenshot_dir(herald)
c = Checks()


def wait_for(driver, css, timeout=30):
    """The first element matching css, waiting for it (None on timeout)."""
    from selenium.webdriver.common.by import By
    end = time.time() + timeout
    while time.time() < end:
        found = driver.find_elements(By.CSS_SELECTOR, css)
        if found:
            return found[0]
        time.sleep(0.1)
    return None


def browser_errors(driver):
    try:
        return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    except Exception:  # some drivers do not keep logs
        return []


d = browser()
if d is None:
    sys.exit(77)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

try:
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "browser.db")
        ingest(herald, db, "corpus")
        before = sha256(db)
        with Server(herald, db) as srv:
            base = srv.url.rstrip("/")
            stories = srv.json("/api/stories")[1]
            # the home page: stories with their labels
            d.get(base + "/")
            c.ok("home page title", "Stories" in d.title, d.title)
            cards = d.find_elements(By.CSS_SELECTOR, "#largest .card h3 a")
            c.ok("home lists every story", len(cards) == len(stories), f"{len(cards)} vs {len(stories)}")
            name0 = (stories[0].get("headline") or stories[0]["label"] or "").strip()
            c.ok("the largest story comes first with its headline",
                 cards and cards[0].text.replace("\n", " ").strip() == name0,
                 f"{cards[0].text if cards else None!r} vs {name0!r}")
            keys = d.find_elements(By.CSS_SELECTOR, "#largest .card .story-keys")
            c.ok("its key entities and terms under it",
                 not stories[0].get("headline") or (keys and keys[0].text.strip() == (stories[0]["label"] or "").strip()),
                 f"{keys[0].text if keys else None!r} vs {stories[0]['label']!r}")
            full_page_screenshot(d, os.path.join(shots, "home.png"), 1280)
            # type a search
            box = d.find_element(By.CSS_SELECTOR, "header form.search input[name=q]")
            box.clear()
            box.send_keys("ferry contract")
            box.send_keys(Keys.ENTER)
            c.ok("search results load", wait_for(d, "#hits .hit") is not None, d.current_url)
            c.ok("the search is in the address", "/search?q=ferry+contract" in d.current_url, d.current_url)
            api_hits = srv.json("/api/search?q=" + urllib.parse.quote("ferry contract"))[1]
            hits = d.find_elements(By.CSS_SELECTOR, "#hits .hit")
            c.ok("as many hits as the API", len(hits) == len(api_hits), f"{len(hits)} vs {len(api_hits)}")
            c.ok("matches are highlighted", len(d.find_elements(By.CSS_SELECTOR, "#hits .snippet mark")) > 0)
            c.ok("the first hit is the API's first", hits and hits[0].find_element(By.CSS_SELECTOR, "h3").text
                 == (api_hits[0]["title"] or "(untitled)"))
            full_page_screenshot(d, os.path.join(shots, "search.png"), 1280)
            # follow the first hit's story link
            link = d.find_element(By.CSS_SELECTOR, "#hits .hit a.story-link")
            story_id = int(link.get_attribute("href").rsplit("/", 1)[1])
            link.click()
            c.ok("the story page opens", wait_for(d, "h1.story-label") is not None and f"/stories/{story_id}" in d.current_url)
            story = srv.json(f"/api/stories/{story_id}")[1]
            h1 = d.find_element(By.CSS_SELECTOR, "h1.story-label").text.replace("\n", " ").strip()
            want = (story.get("headline") or story["label"] or "").strip()
            c.ok("the story's headline", h1 == want, f"{h1!r} vs {want!r}")
            bars = d.find_elements(By.CSS_SELECTOR, "figure#timeline svg rect")
            n_articles = sum(1 + len(e["copies"]) for e in story["timeline"] if e["date"])
            c.ok("the timeline chart draws the articles", len(bars) >= 1, str(len(bars)))
            legend = sum(int(x.text) for x in d.find_elements(By.CSS_SELECTOR, "figure#timeline .legend .n"))
            c.ok("the chart counts every dated article", legend == n_articles, f"{legend} vs {n_articles}")
            rows = d.find_elements(By.CSS_SELECTOR, "#articles > li")
            c.ok("articles by date, copies folded", len(rows) == len(story["timeline"]))
            named = [s for s in story["speakers"] if s["entity"] is not None]
            c.ok("the story has a named speaker", named, json.dumps(story["speakers"])[:200])
            groups = d.find_elements(By.CSS_SELECTOR, "#speakers .speaker")
            c.ok("one group per speaker", len(groups) == len(story["speakers"]))
            if named:
                sp = named[0]
                g = [x for x in groups if [a.text for a in x.find_elements(By.CSS_SELECTOR, "h3 a")] == [sp["speaker"]]]
                c.ok(f"speaker {sp['speaker']} shown", len(g) == 1)
                quotes = [q.text for q in g[0].find_elements(By.CSS_SELECTOR, "blockquote")] if g else []
                c.ok("their quotation shown as said", sp["quotes"][0]["content"] in quotes, f"{quotes[:2]}")
            # anonymous sources are marked as such (their kind comes from the articles' quotations)
            anonymous = []
            for sp in story["speakers"]:
                if sp["entity"] is not None:
                    continue
                kinds = set()
                for q in sp["quotes"]:
                    art = srv.json(f"/api/articles/{q['article']}")[1]
                    kinds |= {x["speaker_kind"] for x in art["quotes"] if x["content"] == q["content"]}
                if kinds == {"anonymous"}:
                    anonymous.append(sp["speaker"])
            marked = [" ".join(x.find_element(By.CSS_SELECTOR, "h3").text.split()) for x in groups
                      if x.find_elements(By.CSS_SELECTOR, "h3 .badge.anonymous")]
            c.ok("anonymous sources are marked", sorted(m.split(" anonymous source")[0] for m in marked) == sorted(anonymous),
                 f"{marked} vs {anonymous}")
            full_page_screenshot(d, os.path.join(shots, "story.png"), 1280)
            # the speaker's page
            if named:
                d.find_element(By.LINK_TEXT, named[0]["speaker"]).click()
                c.ok("the person's page opens", wait_for(d, "h1.entity-name") is not None)
                c.ok("their name", d.find_element(By.CSS_SELECTOR, "h1.entity-name").text.startswith(named[0]["speaker"]))
                c.ok("quotes over time chart", len(d.find_elements(By.CSS_SELECTOR, "#quotes-over-time svg rect")) >= 1)
                c.ok("co-occurrence chart", len(d.find_elements(By.CSS_SELECTOR, "#cooccurring ol.bars li svg rect")) ==
                     len(srv.json("/api/entities?name=" + urllib.parse.quote(named[0]["speaker"]))[1]["cooccurring"]))
                full_page_screenshot(d, os.path.join(shots, "entity.png"), 1280)
                d.back()
                wait_for(d, "h1.story-label")
            # an article with its quotation highlighted
            sp = named[0] if named else story["speakers"][0]
            q = sp["quotes"][0]
            d.get(f"{base}/articles/{q['article']}")
            c.ok("the article page opens", wait_for(d, "h1.article-title") is not None)
            # the content may be cut into several marked pieces (around entity spans): compare words
            marked = " ".join(" ".join(x.text for x in d.find_elements(By.CSS_SELECTOR, "#text .q-content")).split())
            want = " ".join(q["content"].split())
            c.ok("the quotation is highlighted in the text", want in marked or want[:40] in marked, f"{q['content'][:60]!r} not in {marked[:200]!r}")
            c.ok("cue and speaker highlighted", len(d.find_elements(By.CSS_SELECTOR, "#text .q-cue")) > 0
                 and len(d.find_elements(By.CSS_SELECTOR, "#text .q-source")) > 0)
            c.ok("entity mentions highlighted", len(d.find_elements(By.CSS_SELECTOR, "#text .ent")) > 0)
            art = srv.json(f"/api/articles/{q['article']}")[1]
            text = d.find_element(By.CSS_SELECTOR, "#text").text
            c.ok("the article text is the stored text", " ".join(text.split()) == " ".join(art["text"].split()))
            full_page_screenshot(d, os.path.join(shots, "article.png"), 1280)
            # the removed debris, on demand, in an article that had some
            with_debris = None
            for a in sorted({e["id"] for s in stories for e in srv.json(f"/api/stories/{s['id']}")[1]["timeline"]}):
                if srv.json(f"/api/articles/{a}")[1].get("removed"):
                    with_debris = a
                    break
            if with_debris:
                d.get(f"{base}/articles/{with_debris}")
                det = wait_for(d, "details#removed")
                c.ok("debris hidden until asked", det is not None and det.get_attribute("open") is None)
                det.find_element(By.CSS_SELECTOR, "summary").click()
                c.ok("debris shown on demand", det.get_attribute("open") is not None and
                     det.find_element(By.CSS_SELECTOR, "li").is_displayed())
                full_page_screenshot(d, os.path.join(shots, "article-debris.png"), 1280)
            errors = browser_errors(d)
            c.ok("the browser logged no errors (CSP, scripts, assets)", not errors, str(errors[:3]))
            # a phone-width window
            d.set_window_size(390, 844)
            phone_paths = ["/", f"/stories/{story_id}", f"/articles/{q['article']}", "/search?q=dam"]
            if named:
                phone_paths.append("/entities/" + urllib.parse.quote(named[0]["speaker"]))
            for path in phone_paths:
                d.get(base + path)
                wide = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                c.ok(f"{path} fits a phone-width window", wide <= 1, f"{wide}px too wide")
            d.get(f"{base}/stories/{story_id}")
            full_page_screenshot(d, os.path.join(shots, "story-phone.png"), 390)
            if named:
                d.get(base + phone_paths[-1])
                full_page_screenshot(d, os.path.join(shots, "entity-phone.png"), 390)
            # JavaScript off: the same pages still work (charts are drawn by the server)
            nojs = browser(javascript=False)
            try:
                nojs.get(f"{base}/stories/{story_id}")
                c.ok("no JS: the timeline chart is there", len(nojs.find_elements(By.CSS_SELECTOR, "figure#timeline svg rect")) >= 1)
                nojs.get(base + "/")
                box = nojs.find_element(By.CSS_SELECTOR, "header form.search input[name=q]")
                box.send_keys("dam")
                box.send_keys(Keys.ENTER)
                c.ok("no JS: the search form works", wait_for(nojs, "#hits .hit") is not None)
            finally:
                nojs.quit()
        c.ok("the store file is unchanged", sha256(db) == before)
finally:
    d.quit()
print(f"screenshots: {shots}")
sys.exit(c.finish())
