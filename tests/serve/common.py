"""Shared pieces of the `herald serve` tests (tests/test_serve_*.sh).

A test builds a store in a temporary folder, starts `herald serve --port 0`
on 127.0.0.1 (the kernel picks a free port; the server prints it on its
ready line), talks to it, and stops it with SIGTERM, checking that it
exits 0. Nothing here touches the network beyond loopback.
"""
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

READY = re.compile(r"herald serve: listening on (http://[^\s]+/)")


class Checks:
    """Counts checks; prints 'N passed, N failed' at the end."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {name}" + (f": {detail}" if detail else ""), file=sys.stderr)
        return cond

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def run(herald, *args, check=True):
    """Runs the CLI; returns (exit status, stdout bytes, stderr text)."""
    p = subprocess.run([herald, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if check and p.returncode != 0:
        raise RuntimeError(f"herald {' '.join(args)} exited {p.returncode}: {p.stderr.decode()[-500:]}")
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def ingest(herald, db, *paths):
    run(herald, "ingest", "-q", "--db", db, *paths)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Server:
    """`herald serve` on a free loopback port, as a context manager."""

    def __init__(self, herald, db, *extra, timeout=30):
        self.herald, self.db, self.extra, self.timeout = herald, db, extra, timeout
        self.proc = None
        self.url = None
        self.stderr_lines = []
        self.exit_status = None

    def __enter__(self):
        self.errfile = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [self.herald, "serve", "--db", self.db, "--host", "127.0.0.1", "--port", "0", *self.extra],
            stdout=subprocess.DEVNULL, stderr=self.errfile)
        deadline = time.time() + self.timeout
        while time.time() < deadline:
            self.errfile.seek(0)
            text = self.errfile.read().decode("utf-8", "replace")
            m = READY.search(text)
            if m:
                self.url = m.group(1)
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"herald serve exited {self.proc.returncode}: {text}")
            time.sleep(0.05)
        self.proc.kill()
        raise RuntimeError("herald serve did not print its ready line in time")

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.exit_status = self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.exit_status = "killed after 20 s"
        elif self.proc:
            self.exit_status = self.proc.returncode
        self.errfile.seek(0)
        self.stderr_text = self.errfile.read().decode("utf-8", "replace")
        return self.exit_status

    def __exit__(self, *exc):
        self.stop()
        self.errfile.close()

    def get(self, path, headers=None, method="GET", data=None):
        """Returns (status, headers dict with lower-case names, body bytes)."""
        req = urllib.request.Request(self.url.rstrip("/") + path, headers=headers or {}, method=method, data=data)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()

    def json(self, path):
        status, _, body = self.get(path)
        return status, json.loads(body)


def screenshot_dir(herald):
    """<build folder>/serve-screenshots, beside the binary under test."""
    d = os.path.join(os.path.dirname(os.path.abspath(herald)), "serve-screenshots")
    os.makedirs(d, exist_ok=True)
    return d


def browser(width=1280, height=900, javascript=True):
    """A headless Chromium through Selenium, or None (with the reason on
    stdout) when Chromium, chromedriver or Selenium is missing."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        print("skip: python3-selenium is not installed (scripts/deps.sh installs it)")
        return None
    chrome = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)
    driver = next((p for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver") if os.path.exists(p)), None)
    if not chrome or not driver:
        print("skip: chromium or chromedriver is not installed (scripts/deps.sh installs them)")
        return None
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
              "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
              f"--window-size={width},{height}", "--lang=en-US"):
        opts.add_argument(a)
    if not javascript:
        opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(driver), options=opts)
    d.set_page_load_timeout(60)
    d.implicitly_wait(0)
    return d


def full_page_screenshot(driver, path, width=None):
    """Resizes the window to the page's height (bounded) and saves a PNG."""
    w = width or driver.get_window_size()["width"]
    driver.set_window_size(w, 500)
    h = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 4000)")
    driver.set_window_size(w, max(int(h) + 120, 400))
    driver.save_screenshot(path)
