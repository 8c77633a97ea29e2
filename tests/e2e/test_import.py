"""`digest import` as an editor runs it: folders, web addresses, --force, --topic, duplicates, bad input.

Web addresses are served by a small HTTP server on 127.0.0.1 in a thread.
"""

from __future__ import annotations

import collections
import datetime as dt
import shutil
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from digest.articles import parse_article
from digest.model import Related
from tests.e2e.test_cli import SEED, SEED_ARTICLE, digest
from tests.golden.regenerate import CASES

OPENGRAPH_PAGE = (CASES / "html-opengraph.html").read_bytes()
OPENGRAPH_ARTICLE = "content/articles/2022/putin-and-lukashenko-agree-closer-military-ties.md"
LEAD = "Jakarta, IDN Times - Pemerintah Belarus dan Rusia pada Sabtu (3/12/2022) membahas kerja sama militer kedua negara."


class Server:
    """Pages by path; /slow stalls until the test is over; requests are counted."""

    def __init__(self):
        self.hits: collections.Counter[str] = collections.Counter()
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def do_GET(self):
                server.hits[self.path] += 1
                if self.path == "/slow":
                    server.release.wait(10)
                    return
                routes = {
                    "/news/putin-lukashenko.html": (200, "text/html; charset=utf-8", OPENGRAPH_PAGE),
                    "/seed.txt": (200, "text/plain; charset=utf-8", SEED.read_bytes()),
                    "/report.pdf": (200, "application/pdf", b"%PDF-1.7\n"),
                }
                path = self.path.split("?", 1)[0]
                if path == "/huge.html":  # says it is larger than an article may be
                    status, kind, body, length = 200, "text/html", b"<html>", 11 * 1024 * 1024
                else:
                    status, kind, body = routes.get(path, (404, "text/html", b"<h1>Not Found</h1>"))
                    length = len(body)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(length))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    with Server() as running:
        yield running


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read(site, relative):
    return parse_article((site / relative).read_text(encoding="utf-8"))


def test_a_folder_imports_every_text_and_html_file_and_the_site_builds(site_factory, tmp_path):
    site = site_factory("timelines")
    folder = tmp_path / "inbox"
    (folder / "more").mkdir(parents=True)
    for name in ("kompas.txt", "reuters.txt"):
        shutil.copy(CASES / name, folder / name)
    shutil.copy(CASES / "html-related-links.html", folder / "more" / "page.htm")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    (folder / ".hidden.txt").write_text("not an article either", encoding="utf-8")
    result = digest(site, "import", folder)
    assert result.returncode == 0, result.stderr
    written = [line.split()[1] for line in result.stdout.splitlines()]
    assert written == [
        "content/articles/2022/belarus-dan-rusia-mulai-latihan-gabungan-di-wilayah-brest.md",
        "content/articles/2022/belarus-gelar-latihan-gabungan-dengan-rusia-di-dekat-perbatasan.md",
        "content/articles/2022/russia-and-belarus-sign-security-protocol-as-shoigu-visits-minsk.md",
    ]
    assert all((site / path).exists() for path in written)
    built = digest(site, "build")
    assert built.returncode == 0, built.stderr


def test_a_web_address_is_fetched_once_then_recognised(site_factory, server):
    site = site_factory("timelines")
    url = f"{server.url}/news/putin-lukashenko.html?utm_source=newsletter"
    first = digest(site, "import", url)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"wrote {OPENGRAPH_ARTICLE} from {url}\n"
    article = read(site, OPENGRAPH_ARTICLE)
    assert article.source.url == f"{server.url}/news/putin-lukashenko.html"  # tracking parameters left out
    assert article.authors == ("Daniel Reyes",) and article.source.name == "Reuters"

    again = digest(site, "import", f"{server.url}/news/putin-lukashenko.html")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"skipped {server.url}/news/putin-lukashenko.html: already imported as {OPENGRAPH_ARTICLE}")
    assert server.hits["/news/putin-lukashenko.html?utm_source=newsletter"] == 1
    assert server.hits["/news/putin-lukashenko.html"] == 0  # recognised before fetching

    text = digest(site, "import", "--stdout", f"{server.url}/seed.txt")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("---\ntitle: Belarus-Rusia Bentuk Pasukan Gabungan untuk Lawan Agresor\n")
    assert f"url: {server.url}/seed.txt" in text.stdout


def test_web_addresses_that_fail_each_say_why_and_the_batch_goes_on(site_factory, server):
    site = site_factory("timelines")
    sources = [f"{server.url}/slow", f"{server.url}/missing", f"{server.url}/report.pdf", f"{server.url}/huge.html",
               f"http://127.0.0.1:{closed_port()}/gone", f"{server.url}/news/putin-lukashenko.html"]
    started = time.monotonic()
    result = digest(site, "import", "--timeout", "0.5", *sources)
    assert time.monotonic() - started < 8
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert errors[0] == f"error: {sources[0]}: no answer within 0.5 s: try again later or raise --timeout"
    assert errors[1] == f"error: {sources[1]}: the server answered 404 Not Found"
    assert errors[2] == f"error: {sources[2]}: not a web page but application/pdf: give the address of the article's page"
    assert errors[3] == f"error: {sources[3]}: the page is 11 MB, more than the 10 MB limit"
    assert errors[4].startswith(f"error: {sources[4]}: cannot fetch: ")
    assert errors[5] == "5 of 6 sources failed"
    assert result.stdout == f"wrote {OPENGRAPH_ARTICLE} from {sources[5]}\n"
    assert "Traceback" not in result.stderr


def test_force_replaces_only_after_keeping_a_backup(site_factory):
    site = site_factory("timelines")
    assert digest(site, "import", SEED).returncode == 0
    edited = (site / SEED_ARTICLE).read_text(encoding="utf-8") + "\nAn editor's own note.\n"
    (site / SEED_ARTICLE).write_text(edited, encoding="utf-8")

    dry = digest(site, "import", "--dry-run", "--force", SEED)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith(f"would replace {SEED_ARTICLE} from {SEED}, keeping a backup at .digest/backups/articles/2022/")
    assert not (site / ".digest").exists()

    forced = digest(site, "import", "--force", SEED)
    assert forced.returncode == 0, forced.stderr
    prefix = f"replaced {SEED_ARTICLE} from {SEED}; the old file is kept at "
    assert forced.stdout.startswith(prefix)
    backup = site / forced.stdout[len(prefix):].strip()
    assert backup.parent == site / ".digest/backups/articles/2022"
    assert backup.name.startswith("belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor.md.bak-")
    assert backup.read_text(encoding="utf-8") == edited
    assert "An editor's own note." not in (site / SEED_ARTICLE).read_text(encoding="utf-8")

    again = digest(site, "import", "--force", SEED)  # a second backup never overwrites the first
    assert again.returncode == 0, again.stderr
    assert len(list(backup.parent.iterdir())) == 2


def test_topic_option_adds_known_topics_and_refuses_unknown_ones(site_factory):
    site = site_factory("timelines")
    added = digest(site, "import", "--topic", "alliance", "--topic", "war", "--stdout", SEED)
    assert added.returncode == 0, added.stderr
    assert "topics:\n- alliance\n- war\n" in added.stdout
    unknown = digest(site, "import", "--topic", "no-such-topic", SEED)
    assert unknown.returncode == 2
    assert "unknown topic 'no-such-topic'" in unknown.stderr and "alliance" in unknown.stderr
    assert not (site / SEED_ARTICLE).exists()


def test_the_same_text_twice_is_imported_once(site_factory, tmp_path):
    site = site_factory("timelines")
    copy = tmp_path / "copied-again.txt"
    copy.write_text(SEED.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    result = digest(site, "import", SEED, copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"wrote {SEED_ARTICLE} from {SEED}",
        f"skipped {copy}: already imported as {SEED_ARTICLE} (--force imports it again)",
    ]


def test_bad_inputs_each_fail_alone_with_the_source_named(site_factory, tmp_path):
    site = site_factory("timelines")
    text = f"Rapat di Minsk Menghasilkan “Kesepakatan” Baru\n\n{LEAD}\n\nPara menteri mengatakan café itu ramai—sangat ramai.\n"
    sources = {
        "empty.txt": b"",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "big.txt": b"a" * (10 * 1024 * 1024 + 1),
        "no-article.html": b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "cp1252.txt": text.encode("cp1252"),
        "latin1.txt": text.replace("“Kesepakatan”", '"Kesepakatan" Lain').replace("—", "-").replace("café", "Genève")
                          .encode("latin-1"),
    }
    for name, data in sources.items():
        (tmp_path / name).write_bytes(data)
    paths = [tmp_path / name for name in sources]
    result = digest(site, "import", *paths, tmp_path / "missing.txt")
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    # Then a note on what each written draft lacks, and the next command.
    assert errors[6:] and errors[-1].startswith("Imported as drafts. Next: ")
    assert errors[:6] == [
        f"error: {paths[0]}: the text is empty",
        f"error: {paths[1]}: a binary file, not text: give a .txt or .html file",
        f"error: {paths[2]}: the file is 10.0 MB, more than the 10 MB an article may be: nothing was read",
        f"error: {paths[3]}: no article text found in the page",
        f"error: {tmp_path / 'missing.txt'}: cannot read: No such file or directory",
        "5 of 7 sources failed",
    ]
    written = read(site, "content/articles/2022/rapat-di-minsk-menghasilkan-kesepakatan-baru.md")
    assert written.title == "Rapat di Minsk Menghasilkan “Kesepakatan” Baru"
    assert "café itu ramai—sangat ramai" in written.body

    latin1 = read(site, "content/articles/2022/rapat-di-minsk-menghasilkan-kesepakatan-lain-baru.md")
    assert latin1.title == 'Rapat di Minsk Menghasilkan "Kesepakatan" Lain Baru'
    assert "Genève itu ramai-sangat ramai" in latin1.body


def test_related_titles_that_name_a_digest_article_become_internal_links(site_factory, tmp_path):
    site = site_factory("timelines")
    source = tmp_path / "drills.txt"
    source.write_text(
        "Latihan Baru di Perbatasan\n\nSabtu, 3 Desember 2022\n\n" + LEAD + "\n\n"
        "Baca juga: Joint exercises begin\n\nBaca juga: Something else entirely\n\nBaca juga: Invasion Begins!\n",
        encoding="utf-8",
    )
    result = digest(site, "import", source)
    assert result.returncode == 0, result.stderr
    article = read(site, "content/articles/2022/latihan-baru-di-perbatasan.md")
    assert article.related == (
        Related("Joint exercises begin", "/articles/2022/exercise-begins/"),
        Related("Something else entirely"),
        Related("Invasion Begins!", "/articles/2022/invasion/"),
    )
    assert digest(site, "build").returncode == 0


def test_a_source_without_a_date_becomes_an_undated_draft(site_factory, tmp_path):
    site = site_factory("timelines")
    source = tmp_path / "undated.html"
    source.write_text(
        "<html lang='id'><head><title>Latihan Tanpa Tanggal - Warta Contoh</title>"
        "<meta property='og:site_name' content='Warta Contoh'></head><body><article><h1>Latihan Tanpa Tanggal</h1>"
        "<p>Pemerintah Belarus dan Rusia membahas kerja sama militer kedua negara di Minsk.</p><p>Pejabat setempat menyebut pembicaraan dilanjutkan bulan depan dengan agenda lebih luas.</p>"
        "</article></body></html>", encoding="utf-8")
    result = digest(site, "import", source)
    assert result.returncode == 0, result.stderr
    written = next((site / "content/articles").rglob("latihan-tanpa-tanggal.md"))
    assert written.parent.name == str(dt.date.today().year)
    article = read(site, str(written.relative_to(site)))
    assert (article.title, article.date, article.status) == ("Latihan Tanpa Tanggal", None, "draft")
    assert "no date: add date" in result.stderr
    check = digest(site, "check")
    assert check.returncode == 0 and "[missing-date]" in check.stdout + check.stderr
    assert digest(site, "build").returncode == 0


def test_date_option_for_a_source_without_a_date(site_factory, tmp_path):
    site = site_factory("timelines")
    source = tmp_path / "undated.txt"
    source.write_text("Judul Tanpa Tanggal\n\nPemerintah membahas kerja sama militer kedua negara.\n", encoding="utf-8")
    dated = digest(site, "import", "--date", "2023-01-05", source)
    assert dated.returncode == 0, dated.stderr
    assert (site / "content/articles/2023/judul-tanpa-tanggal.md").exists()
    assert digest(site, "import", "--date", "5/1/2023", source).returncode == 2
