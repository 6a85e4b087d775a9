#!/usr/bin/env python3
"""The curators' review flow in a real browser (headless Chromium driven by Selenium through chromedriver).

Run by Tests/ConservatorCLITests/BrowserReviewTests.swift against a `conservator serve` it started on a
catalog holding two runs that await review. The flow: sign in, search AI-altered, open a run, toggle its
mask, reject it, paint a correction of its detector's mask (paint two strokes, undo one) and re-run, approve
the new run, approve the other original's run, sign out. After each step the catalog is checked through the CLI
(`conservator query --review-state ...`), and a screenshot is saved; the Swift test checks the screenshots
are real pictures. Exits non-zero with a message on the first failed expectation.

usage: review_flow.py URL USER PASSWORD CONSERVATOR CATALOG SCREENSHOTS
"""
import json
import subprocess
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

url, user, password, conservator, catalog, screenshots = sys.argv[1:7]


def fail(message):
    print(f"review_flow: {message}", file=sys.stderr)
    sys.exit(1)


def originals(*filters):
    """The catalog's answer to `conservator query FILTERS`: the ids of the originals."""
    out = subprocess.run([conservator, "query", "--catalog", catalog, "--format", "json", *filters],
                         check=True, capture_output=True, text=True).stdout
    return sorted(row["id"] for row in json.loads(out))


def expect(condition, message):
    if not condition:
        fail(message)


options = webdriver.ChromeOptions()
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]:
    options.add_argument(argument)
browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(browser, 20)
step = 0


def shot(name):
    global step
    step += 1
    browser.save_screenshot(f"{screenshots}/{step:02d}-{name}.png")


def element(css):
    return wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, css)))


def submit(css):
    """Clicks the button `css` and waits for the page it loads: a new page has a new window, without the
    mark set on the old one (a stale element check can itself fail while Chromium swaps the document)."""
    button = element(css)
    browser.execute_script("window.reviewFlowOldPage = true")
    button.click()
    wait.until(lambda _: browser.execute_script(
        "return window.reviewFlowOldPage === undefined && document.readyState === 'complete'"))


try:
    proposed = originals("--review-state", "proposed")
    expect(len(proposed) == 2, f"two originals await review before the flow, not {proposed}")

    # sign in
    browser.get(url + "/")
    expect("Sign in" in browser.page_source, "an anonymous visitor is offered the sign-in page")
    browser.get(url + "/sign-in")
    element("#name").send_keys(user)
    element("#password").send_keys(password)
    submit("#sign-in")
    element("#originals")
    expect(user in element(".who").text, "the dashboard names who signed in")
    shot("dashboard")

    # search AI-altered
    browser.get(url + "/search")
    element("#ai-altered option[value=yes]").click()
    submit("#search")
    total = int(element("#total").text)
    expect(total == len(originals("--ai-altered")), "the web search finds what `query --ai-altered` finds")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#results a[href*='/originals/']")]
    expect(len(links) == total, f"{total} originals listed, links {links}")
    shot("search-ai-altered")

    # open a run of the first original, toggle its mask
    browser.get(links[0])
    run_link = element("table.runs a[href*='/runs/']")
    run_link.click()
    element("#steps")
    overlay = element("img.overlay")
    expect(not overlay.is_displayed(), "the mask overlay starts hidden")
    element(".mask-toggle").click()
    wait.until(lambda _: browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", overlay))
    expect(overlay.is_displayed(), "the mask toggle shows the overlay")
    shot("run-mask-on")

    # reject it with a reason
    element("#reject-reason").send_keys("the fill does not match the grain")
    submit("#reject")
    expect(element("#review-state").text == "rejected", "the run page says rejected")
    rejected = originals("--review-state", "rejected")
    expect(rejected == [int(links[0].rsplit("/", 1)[1])], f"the catalog records the first original's run rejected: {rejected}")
    shot("run-rejected")

    # correct the rejected run's mask: paint two strokes, undo the second, re-run with the first
    rejected_run = browser.current_url
    element("#edit-mask").click()
    canvas = element("#mask-canvas")
    wait.until(lambda _: canvas.is_displayed() and element("#editing-tools").is_displayed())
    box = canvas.size
    ActionChains(browser).move_to_element_with_offset(canvas, -box["width"] // 4, -box["height"] // 3) \
        .click_and_hold().move_by_offset(box["width"] // 6, 0).release().perform()
    ActionChains(browser).move_to_element_with_offset(canvas, 0, box["height"] // 3) \
        .click_and_hold().move_by_offset(box["width"] // 6, 0).release().perform()
    expect(element("#undo").is_enabled(), "undo is offered once something is painted")
    element("#undo").click()
    element("#correct-reason").send_keys("the scratch at the top was missed")
    shot("run-mask-painted")
    browser.execute_script("window.reviewFlowOldPage = true")
    element("#run-correction").click()
    wait.until(lambda _: browser.execute_script(
        "return window.reviewFlowOldPage === undefined && document.readyState === 'complete'"))
    expect(browser.current_url != rejected_run, f"the correction opens the new run, not {browser.current_url}")
    expect(f'href="{rejected_run[len(url):]}"' in element("#supersedes").get_attribute("innerHTML"),
           "the new run says which run it supersedes")
    expect(element("#review-state").text == "proposed", "the correction awaits review")
    first = int(links[0].rsplit("/", 1)[1])
    expect(originals("--review-state", "superseded") == [first], "the catalog records the rejected run superseded")
    expect(originals("--review-state", "proposed") == sorted([first, int(links[1].rsplit("/", 1)[1])]),
           "the correction of the first original and the second original's run await review")
    shot("run-corrected")

    # approve the correction
    submit("#approve")
    expect(element("#review-state").text == "approved", "the corrected run's page says approved")
    expect(originals("--review-state", "approved") == [first], "the catalog records the correction approved")
    browser.get(rejected_run)
    expect(element("#review-state").text == "superseded", "the old run's page says superseded")
    expect(element("#superseded-by") is not None, "the old run points to its correction")

    # approve the other original's run
    browser.get(links[1])
    element("table.runs a[href*='/runs/']").click()
    submit("#approve")
    expect(element("#review-state").text == "approved", "the run page says approved")
    approved = originals("--review-state", "approved")
    expect(approved == sorted([first, int(links[1].rsplit("/", 1)[1])]),
           f"the catalog records the correction and the second original's run approved: {approved}")
    expect(originals("--review-state", "proposed") == [], "nothing awaits review any more")
    shot("run-approved")

    # sign out: pages need a session again
    submit("#sign-out")
    element("#sign-in")
    browser.get(url + "/")
    expect("Sign in" in browser.page_source and "originals" not in browser.title.lower(), "signed out")
    shot("signed-out")
finally:
    browser.quit()
print(f"review_flow: {step} steps passed")
