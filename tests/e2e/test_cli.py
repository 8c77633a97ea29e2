"""The digest command as an editor runs it: a real process in a real site folder."""

from __future__ import annotations

from tests.e2e.conftest import run_digest as digest
from tests.golden.regenerate import CASES

SEED = CASES / "idn-times-seed.txt"
SEED_ARTICLE = "content/articles/2022/belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor.md"




def test_import_writes_the_seed_then_skips_it_and_never_overwrites(site_factory, tmp_path):
    site = site_factory("timelines")
    first = digest(site, "import", SEED)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"wrote {SEED_ARTICLE} from {SEED}\n"
    written = (site / SEED_ARTICLE).read_text(encoding="utf-8")
    assert written.startswith("---\ntitle: Belarus-Rusia Bentuk Pasukan Gabungan untuk Lawan Agresor\n")

    (site / SEED_ARTICLE).write_text(written + "\nAn editor's own note.\n", encoding="utf-8")
    again = digest(site, "import", SEED)
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"skipped {SEED}: already imported as {SEED_ARTICLE} (--force imports it again)\n"
    assert "An editor's own note." in (site / SEED_ARTICLE).read_text(encoding="utf-8")

    # Another story under the same title that year is not the same source: it is refused, not written over.
    other = tmp_path / "same-title-other-day.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("(3/12/2022)", "(5/12/2022)"), encoding="utf-8")
    refused = digest(site, "import", other)
    assert refused.returncode == 1
    assert f"{SEED_ARTICLE} already exists: nothing was written" in refused.stderr
    assert "An editor's own note." in (site / SEED_ARTICLE).read_text(encoding="utf-8")

    # An import is a draft: the site leaves it out until it is published.
    page = site / "output/articles/2022/belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor/index.html"
    built = digest(site, "build")
    assert built.returncode == 0, built.stderr
    assert not page.exists()
    published = digest(site, "publish", SEED_ARTICLE)
    assert published.returncode == 0, published.stderr
    assert published.stdout == f"published {SEED_ARTICLE}: status: draft -> published\n"
    assert digest(site, "build").returncode == 0
    assert page.exists()


def test_import_stdout_and_dry_run_write_nothing(site_factory):
    site = site_factory("timelines")
    printed = digest(site, "import", "--stdout", SEED)
    assert printed.returncode == 0
    assert printed.stdout == (CASES / "idn-times-seed.expected.md").read_text(encoding="utf-8").replace(
        # the fixture site has no belarus topic, so none is suggested there
        "topics:\n- belarus-russia-military\n", "").replace("date: 2022-12-03\n", "date: 2022-12-03\nstatus: draft\n")
    dry = digest(site, "import", "--dry-run", SEED)
    assert dry.stdout == f"would write {SEED_ARTICLE} from {SEED}\n"
    assert not (site / SEED_ARTICLE).exists()


def test_import_batch_goes_on_after_a_bad_source_and_counts_failures(site_factory, tmp_path):
    site = site_factory("timelines")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = digest(site, "import", tmp_path / "missing.txt", empty, SEED)
    assert result.returncode == 1
    assert f"{tmp_path / 'missing.txt'}: cannot read" in result.stderr
    assert f"{empty}: the text is empty" in result.stderr
    assert "2 of 3 sources failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / SEED_ARTICLE).exists()


def test_build_reports_bad_content_with_its_place_and_exit_1(site_factory):
    site = site_factory("timelines")
    assert digest(site, "build").returncode == 0
    bad = site / "content/articles/2022/bad.md"
    bad.write_text("---\ntitle: Bad\ndate: 2022-01-01\nsummary: [oops\n---\nBody\n", encoding="utf-8")
    result = digest(site, "build")
    assert result.returncode == 1
    assert "content/articles/2022/bad.md:4:15: error: front matter is not valid YAML: expected ',' or ']', but got the end of the front matter" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "output/index.html").exists()


def test_usage_errors_exit_2(site_factory):
    site = site_factory("timelines")
    assert digest(site, "frobnicate").returncode == 2
    assert digest(site, "import").returncode == 2


def test_a_bug_is_one_line_not_a_traceback(monkeypatch, capsys, tmp_path):
    from digest import cli

    def broken(args):
        raise RuntimeError("something digest did not expect")

    monkeypatch.setattr(cli, "cmd_check", broken)
    monkeypatch.delenv("DIGEST_DEBUG", raising=False)
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: RuntimeError: something digest did not expect\nThis is a bug in digest")
    assert "Traceback" not in err
