"""An editor's day, command by command, in a new site: init, new, import, check, build, publish, serve."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import REPO
from tests.e2e.conftest import run_digest, stop_process

DRAFT = "content/articles/2026/first-story.md"
SEED = REPO / "tests" / "golden" / "importer" / "idn-times-seed.txt"  # the seed article, as the golden tests keep it


def output_text(site: Path) -> str:
    """Every file of the built site as text, to search for a title or an address anywhere in it."""
    return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in sorted((site / "output").rglob("*"))
                     if path.is_file())


def init_site(tmp_path: Path, *args) -> Path:
    result = run_digest(tmp_path, "init", "news", *args)
    assert result.returncode == 0, result.stderr
    return tmp_path / "news"


def write_draft(site: Path, relative: str, title: str, extra: str = "") -> None:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: 2026-11-30\nstatus: draft\n{extra}topics: [example-topic]\n"
                    f"summary: What {title} says.\n---\n\nThe text of {title}.\n", encoding="utf-8")


def test_a_new_digest_from_scratch_checks_builds_and_keeps_its_draft_out(tmp_path):
    site = init_site(tmp_path, "--title", 'Kabar "Timur"')
    for name in ("pelicanconf.py", "publishconf.py", "content/topics.yaml", ".gitignore", "Makefile",
                 ".github/workflows/site.yml", "README.md", "requirements.txt"):
        assert (site / name).is_file(), name
    assert "status: draft" in (site / f"content/articles/{time.localtime().tm_year}/first-story.md").read_text()
    assert {"/output/", "/.cache/", "/inbox/"} <= set((site / ".gitignore").read_text().split())

    check = run_digest(site / "content", "check")  # from a subfolder
    assert check.returncode == 0 and check.stdout.strip().endswith("0 errors, 0 warnings in 2 files"), check.stdout
    build = run_digest(site, "build")
    assert build.returncode == 0, build.stderr
    assert "Your first story" not in output_text(site) and "first-story" not in output_text(site)
    assert 'Kabar "Timur"' in BeautifulSoup((site / "output/index.html").read_text(), "html.parser").title.text

    drafts = run_digest(site, "build", "--drafts")
    assert drafts.returncode == 0 and "drafts included" in drafts.stdout
    page = BeautifulSoup(next((site / "output/articles").glob("*/first-story/index.html")).read_text(), "html.parser")
    assert page.select_one(".draft-banner") and page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "draft-mark" in (site / "output/index.html").read_text()


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "notes.txt").write_text("mine")
    result = run_digest(tmp_path, "init", "news")
    assert result.returncode == 1 and "is not empty" in result.stderr and "Traceback" not in result.stderr
    assert [path.name for path in (tmp_path / "news").iterdir()] == ["notes.txt"]


def test_a_draft_is_nowhere_in_the_site_until_it_is_published(tmp_path):
    site = init_site(tmp_path)
    write_draft(site, "content/articles/2026/quiet-talks.md", "Quiet talks in Minsk")
    (site / "content/articles/2026/open-letter.md").write_text(
        "---\ntitle: An open letter\ndate: 2026-11-29\ntopics: [example-topic]\nsummary: A letter.\n---\n\nA published story.\n")
    assert run_digest(site, "build").returncode == 0
    built = output_text(site)
    assert "An open letter" in built
    # Not its page, nor on timelines, feeds, editions, the sitemap, search, related lists or counts.
    assert "Quiet talks" not in built and "quiet-talks" not in built
    assert not list((site / "output").rglob("*quiet-talks*"))

    published = run_digest(site, "publish", "content/articles/2026/quiet-talks.md")
    assert published.returncode == 0, published.stderr
    assert "status: draft -> published" in published.stdout
    assert "status: published" in (site / "content/articles/2026/quiet-talks.md").read_text()
    assert run_digest(site, "build").returncode == 0
    assert (site / "output/articles/2026/quiet-talks/index.html").is_file()
    assert "articles/2026/quiet-talks/" in (site / "output/sitemap.xml").read_text()
    assert "Quiet talks in Minsk" in (site / "output/feeds/all.atom.xml").read_text()


def test_publish_refuses_a_draft_with_errors_and_leaves_it_unchanged(tmp_path):
    site = init_site(tmp_path)
    draft = next((site / "content/articles").rglob("first-story.md"))
    # The example's body is written; an empty one is fine in a draft, an error once published.
    text = re.sub(r"\n---\n.*", "\n---\n", draft.read_text(), flags=re.S)
    draft.write_text(text)
    assert run_digest(site, "check").returncode == 0
    result = run_digest(site, "publish", draft.relative_to(site))
    assert result.returncode == 1
    assert "error: " in result.stderr and "[empty-body]" in result.stderr and "was not published" in result.stderr
    assert draft.read_text() == text


def test_a_story_goes_out_once_its_publish_at_has_come(tmp_path):
    site = init_site(tmp_path)
    for slug, when in (("long-ago", "2020-01-01 08:00"), ("far-ahead", "2999-01-01 08:00")):
        path = site / f"content/articles/2026/{slug}.md"
        path.write_text(f"---\ntitle: Story {slug}\npublish_at: {when}\ntopics: [example-topic]\n---\n\nText.\n")
    assert run_digest(site, "build").returncode == 0
    built = output_text(site)
    assert "Story long-ago" in built and "Story far-ahead" not in built and "far-ahead" not in built
    assert (site / "output/articles/2020/long-ago/index.html").is_file()  # dated the day it went out
    assert run_digest(site, "build", "--drafts").returncode == 0
    page = (site / "output/articles/2999/far-ahead/index.html").read_text()
    assert "Scheduled" in page and "2999-01-01 08:00" in page


def test_a_published_build_without_a_site_address_fails_and_says_what_to_set(tmp_path):
    site = init_site(tmp_path)
    assert run_digest(site, "build").returncode == 0
    before = (site / "output/index.html").read_text()
    result = subprocess.run([sys.executable, "-m", "digest", "build", "--settings", "publishconf.py"], cwd=site,
                            capture_output=True, text=True, timeout=120, env={**_environment(), "DIGEST_SITEURL": ""})
    assert result.returncode == 1 and "DIGEST_SITEURL" in result.stderr and "Traceback" not in result.stderr
    assert (site / "output/index.html").read_text() == before
    good = subprocess.run([sys.executable, "-m", "digest", "build", "--settings", "publishconf.py"], cwd=site,
                          capture_output=True, text=True, timeout=120,
                          env={**_environment(), "DIGEST_SITEURL": "https://news.example.org"})
    assert good.returncode == 0, good.stderr
    assert "Sitemap: https://news.example.org/sitemap.xml" in (site / "output/robots.txt").read_text()


def _answers(address: str, text: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(address, timeout=10) as response:
            return text in response.read().decode("utf-8")
    except OSError:
        return False


def _environment() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_the_cli_answers_as_people_expect(tmp_path):
    help_text = run_digest(tmp_path)
    assert help_text.returncode == 0 and "usage: digest" in help_text.stdout and "publish" in help_text.stdout
    version = run_digest(tmp_path, "--version")
    assert re.fullmatch(r"digest \d+\.\d+\.\d+\S*\n", version.stdout)
    site = init_site(tmp_path)
    typo = run_digest(site, "new", "A story", "--topic", "exampel-topic")
    assert typo.returncode == 2 and "did you mean 'example-topic'?" in typo.stderr
    made = run_digest(site / "content", "-q", "new", "A story", "--topic", "example-topic")
    assert made.returncode == 0 and made.stderr == ""  # -q: the path only
    path = site / "content" / made.stdout.strip()
    assert "status: draft" in path.read_text()
    # check FILE: only that file's problems (the placeholder body); the site's other files are not told.
    only = run_digest(site, "check", path.relative_to(site))
    assert only.returncode == 0 and "[placeholder-body]" in only.stdout and "1 file" in only.stdout
    assert "\x1b[" not in only.stdout + only.stderr  # no colour into a pipe
    assert run_digest(site, "check", "nowhere.md").returncode == 2


def test_an_import_is_a_draft_and_says_what_is_missing_and_what_to_do_next(tmp_path):
    site = init_site(tmp_path)
    copied = tmp_path / "copied.txt"
    copied.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_digest(site, "import", copied)
    assert result.returncode == 0, result.stderr
    written = next((site / "content/articles/2022").glob("*.md"))
    text = written.read_text()
    assert "status: draft" in text and "editor: Vanny El Rahman" in text
    assert "no source address: add source.url" in result.stderr
    assert "digest publish" in result.stderr and "digest check" in result.stderr


def test_a_story_without_a_byline_is_credited_to_no_one(tmp_path):
    site = init_site(tmp_path)
    (site / "content/articles/2026/unsigned.md").write_text(
        "---\ntitle: Unsigned\ndate: 2026-11-29\nsource:\n  name: Warta Contoh\n  url: https://warta.example/news/1\n"
        "summary: No byline.\n---\n\nText.\n")
    assert run_digest(site, "build").returncode == 0
    page = BeautifulSoup((site / "output/articles/2026/unsigned/index.html").read_text(), "html.parser")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert "author" not in data
    assert data["sourceOrganization"] == {"@type": "Organization", "name": "Warta Contoh", "url": "https://warta.example/"}
    assert not page.select(".article__meta a[href*='authors/']")


def test_serve_says_where_to_look_and_shows_a_draft_with_its_banner(tmp_path, page_at):
    from tests.e2e.test_serve import free_port

    site = init_site(tmp_path)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "digest", "serve", "--port", str(port), "--bind", "127.0.0.1"],
                               cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        assert first.strip() == f"Web server is available at http://127.0.0.1:{port}/ (bind address 127.0.0.1)"
        address = f"http://127.0.0.1:{port}/articles/{time.localtime().tm_year}/first-story/"
        deadline = time.monotonic() + 30
        while not _answers(address, "draft-banner"):  # the first build is done
            assert process.poll() is None and time.monotonic() < deadline, "the draft never showed in the preview"
            time.sleep(0.1)
        page = page_at(390)
        page.goto(address)
        assert page.locator(".draft-banner").is_visible()
        assert page.locator(".draft-banner strong").text_content() == "Draft"
    finally:
        code, _, _ = stop_process(process, sig=signal.SIGINT)
    assert code == 0
    assert not (site / "output").exists() or "first-story" not in output_text(site)


def test_a_yaml_slip_in_one_file_hides_no_other_files_problems(tmp_path):
    site = init_site(tmp_path)
    (site / "content/articles/2026/slip.md").write_text("---\ntitle: [unclosed\ndate: 2026-11-30\n---\nText.\n")
    (site / "content/articles/2026/bad-date.md").write_text("---\ntitle: Bad date\ndate: 2026-13-01\n---\nText.\n")
    (site / "content/articles/2026/bad-topic.md").write_text(
        "---\ntitle: Bad topic\ndate: 2026-11-30\ntopics: [exampel-topic]\n---\nText.\n")
    result = run_digest(site, "check")
    assert result.returncode == 1
    assert "content/articles/2026/slip.md:" in result.stdout and "[yaml-syntax]" in result.stdout
    assert "content/articles/2026/bad-date.md:3:7: error:" in result.stdout
    assert "did you mean 'example-topic'?" in result.stdout


def test_drafts_never_go_into_a_published_build(tmp_path):
    site = init_site(tmp_path)
    result = subprocess.run([sys.executable, "-m", "digest", "build", "--drafts", "--settings", "publishconf.py"],
                            cwd=site, capture_output=True, text=True, timeout=120,
                            env={**_environment(), "DIGEST_SITEURL": "https://news.example.org"})
    assert result.returncode == 1 and "drafts are never published" in result.stderr
    assert not (site / "output").exists()
