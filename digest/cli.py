"""The ``digest`` command: argument parsing only; the work is done by the library.

Exit codes: 0 success, 1 content or build errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from digest.errors import DigestError



def _output(args: argparse.Namespace):
    from digest.terminal import Output

    return Output(getattr(args, "verbose", 0) - getattr(args, "quiet", 0))


class _NoSite(Exception):
    """No site around the working folder (said already): a usage error."""


def _site(args: argparse.Namespace):
    """The site the command runs in, found from the working folder upwards (``digest.config``)."""
    from digest.config import find_config

    try:
        return find_config(Path.cwd(), args.settings)
    except DigestError as error:
        print(f"error: {str(error).removeprefix('error: ')}", file=sys.stderr)
        raise _NoSite from None


def _here(path: Path) -> Path:
    """``path`` as the editor typed it from here: relative to the working folder (as git shows paths)."""
    return Path(os.path.relpath(path))


def _topics(config) -> tuple:
    from digest.topics import parse_topics

    return parse_topics(config.topics_file.read_text(encoding="utf-8")) if config.topics_file.exists() else ()


def _import_site(config):
    from digest.importer import ImportSite

    site = ImportSite.of(config)
    return ImportSite(_here(site.content_dir), _here(site.articles_dir), tuple(map(_here, site.known_dirs)),
                      _here(site.backups_dir))


def cmd_build(args: argparse.Namespace) -> int:
    from digest.build import build
    from digest.processes import stop_on_signals
    from digest.stages import Stages

    out = _output(args)
    config = _site(args)
    stop_on_signals()  # a build stopped by Ctrl-C or kill removes its staging folder on the way out
    stages = Stages()
    try:
        with out.running(stages):  # the running step on a terminal; in a log (CI), only the summary
            result = build(config, output=args.output, stages=stages, remove_in_background=True, drafts=args.drafts)
    except KeyboardInterrupt:
        out.error("stopped: output/ is unchanged")
        return 130
    for problem in result.problems:
        out.problem(problem, sys.stderr)
    for warning in result.warnings:
        out.warning(warning)
    drafts = " (drafts included, each marked)" if args.drafts else ""
    if result.up_to_date:
        out.success(f"{_here(result.output)} is up to date: nothing changed since the last build "
                    f"({result.articles} article{'' if result.articles == 1 else 's'}, checked in {result.seconds:.2f} s)")
    else:
        out.success(
            f"Built {result.articles} article{'' if result.articles == 1 else 's'} into {_here(result.output)} in "
            f"{result.seconds:.2f} s ({result.pages_rendered:,} pages rendered, {result.pages_reused:,} unchanged){drafts}")
    if args.profile:
        print(result.stages.table(result.seconds))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from digest.check import CheckReport, github_annotation

    checked = _checked_site(args)
    if checked is None:
        return 2
    out, config, only, report = checked
    if only:
        # The whole site is checked (links and duplicates need every file); only these files are told.
        report = CheckReport(tuple(problem for problem in report.problems if problem.path in only), files=len(only))
    for problem in report.problems:
        if args.format == "github":
            print(github_annotation(problem))
        else:
            out.problem(problem)
    if not out.quiet or report.problems:
        print(report.summary())
    return 1 if report.errors or (args.strict and report.warnings) else 0


def _checked_site(args: argparse.Namespace):
    """(output, the site, the site-relative names of ``args.files``, the whole site's check) for
    ``digest check`` and ``digest publish``; None after saying which FILE is not an article here."""
    out = _output(args)
    config = _site(args)
    only = _site_paths(config, args.files)
    if only is None:
        return None
    return out, config, only, _check(config)


def _check(config):
    """Every check of the site, through the content cache that digest build shares (unchanged files
    are not read again)."""
    from digest.check import check_site
    from digest.content_cache import ContentCache
    from digest.processes import fewer_collections

    cache = ContentCache.of(config, convert=False)
    with fewer_collections():
        report = check_site(config, cache=cache)
    cache.save()
    return report


def _site_paths(config, files: list[Path]) -> set[str] | None:
    """The site-relative names of ``files`` (as typed from here), or None after saying which is not
    an article file of this site."""
    names = set()
    for file in files:
        path = Path(os.path.abspath(file))
        if not path.is_file():
            print(f"error: {file}: no such file", file=sys.stderr)
            return None
        if not path.is_relative_to(config.root) or not any(path.is_relative_to(folder) for folder in config.article_dirs):
            print(f"error: {file} is not in the site's articles folder ({_here(config.articles_dir)})", file=sys.stderr)
            return None
        names.add(config.relative(path))
    return names


def cmd_import(args: argparse.Namespace) -> int:
    from digest.importer import ImportOptions, import_articles, what_is_missing

    if args.watch is not None:
        return _import_watch(args)
    if not args.sources:
        print("error: give at least one SRC to import, or --watch INBOX", file=sys.stderr)
        return 2
    out = _output(args)
    config = _site(args)
    if _unknown_topics(config, args.topic):
        return 2
    topics = _topics(config)
    options = ImportOptions(
        write=not (args.stdout or args.dry_run), force=args.force, check_existing=not args.stdout,
        topics=tuple(dict.fromkeys(args.topic)), default_date=args.date, timeout=args.timeout,
    )
    several = len(args.sources) > 1 or any(os.path.isdir(source) for source in args.sources)
    with out.progress("Importing", show=several and not args.stdout) as advance:
        results = import_articles(args.sources, _import_site(config), topics, options=options,
                                  on_each=lambda result, total: advance(result.source, total))
    failed = 0
    written = []
    would = "would " if args.dry_run else ""
    for result in results:
        if result.error:
            failed += 1
            out.error(result.error)
        elif args.stdout:
            sys.stdout.write(result.text)
        elif result.skipped:
            out.info(f"{would}skip {result.source}: already imported as {result.path} (--force imports it again)"
                     if args.dry_run else f"skipped {result.source}: already imported as {result.path} (--force imports it again)")
        elif result.replaced:
            out.info(f"would replace {result.path} from {result.source}, keeping a backup at {result.backup}"
                     if args.dry_run else f"replaced {result.path} from {result.source}; the old file is kept at {result.backup}")
        else:
            out.info(f"{would}write {result.path} from {result.source}" if args.dry_run else f"wrote {result.path} from {result.source}")
        if result.article is not None and not args.stdout:
            written.append(result)
        for warning in result.warnings:  # about the source: its lines and columns are the source's
            out.warning(f"{result.source}: {warning}")
    if failed:
        print(f"{failed} of {len(results)} sources failed", file=sys.stderr)
    # Then, for the editor, what each file still lacks and what to run next.
    for result in written:
        found = [name for name in ("date", "authors", "source", "lang", "topics", "summary", "images")
                 if getattr(result.article, name)]
        out.detail(f"{result.path}: found the title, {', '.join(found) or 'nothing else'} and the text")
        gaps = what_is_missing(result.article)
        if gaps:
            out.hint(f"{result.path}: {'; '.join(gaps)}")
    if written and not args.dry_run:
        paths = [shlex.quote(str(result.path)) for result in written]
        shown = " ".join(paths[:3]) + (" ..." if len(paths) > 3 else "")
        out.hint(f"Imported as drafts. Next: read and fix them (digest check {shown}), look at them in "
                 f"digest serve, then digest publish {shown}")
    return 1 if failed else 0


def _import_watch(args: argparse.Namespace) -> int:
    import threading

    from digest.importer import ImportOptions
    from digest.inbox import watch_inbox
    from digest.processes import stop_on_signals

    if args.sources or args.stdout or args.dry_run:
        print("error: --watch imports what is dropped into INBOX: give no SRC, --stdout or --dry-run with it", file=sys.stderr)
        return 2
    if not args.watch.is_dir():
        print(f"error: {args.watch} is not a folder: make the inbox first", file=sys.stderr)
        return 2
    config = _site(args)
    if _unknown_topics(config, args.topic):
        return 2
    options = ImportOptions(force=args.force, topics=tuple(dict.fromkeys(args.topic)), default_date=args.date,
                            timeout=args.timeout)

    def report(outcome) -> None:
        if outcome.ok:
            print(f"{outcome.source}: {outcome.message}; moved to {outcome.moved_to}", flush=True)
        else:
            print(f"error: {outcome.message} (moved to {outcome.moved_to}; see {outcome.log})", file=sys.stderr, flush=True)

    stop_on_signals()
    print(f"Watching {args.watch} for articles to import (Ctrl-C stops)", flush=True)
    try:
        watch_inbox(args.watch, _import_site(config), config.topics_file, options, report=report,
                    warn=lambda text: print(text, file=sys.stderr, flush=True), stop=threading.Event())
    except KeyboardInterrupt:
        print("Stopped.")
    return 0


def _unknown_topics(config, slugs: list[str]) -> bool:
    """Whether a --topic is not in the topics file (after saying so, with the nearest one)."""
    import difflib

    from digest.importer import unknown_topics

    if not slugs:
        return False
    topics = _topics(config)
    unknown = unknown_topics(slugs, topics)
    known = [topic.slug for topic in topics]
    for slug in unknown:
        close = difflib.get_close_matches(slug, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"add it to {_here(config.topics_file)} first"
        print(f"error: unknown topic '{slug}': {hint} (topics: {', '.join(known) or 'none'})", file=sys.stderr)
    return bool(unknown)


def cmd_new(args: argparse.Namespace) -> int:
    from digest.new import UsageError, create_article, left_to_fill_in

    config = _site(args)
    if _unknown_topics(config, args.topic):
        return 2
    try:
        path, text = create_article(args.title, _here(config.articles_dir), topics=args.topic, lang=args.lang,
                                    source_url=args.source)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except FileExistsError as error:
        print(f"error: {error.filename} already exists: nothing was written; "
              "edit that file, or give the new article another title", file=sys.stderr)
        return 1
    print(path)
    _output(args).hint(f"A draft: fill in {', '.join(left_to_fill_in(text))} and write the article in place of the "
                       f"placeholder text; `digest check` says what is still missing, `digest serve` shows it, "
                       f"`digest publish {shlex.quote(str(path))}` puts it on the site.")
    return 0


def _date_argument(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2022-12-03") from None


def _seconds_argument(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds between 0 and 600")
    return value


def cmd_serve(args: argparse.Namespace) -> int:
    from digest.serve import serve
    from digest.processes import stop_on_signals

    config = _site(args)
    stop_on_signals()
    try:
        # A folder without a settings file previews with plain_config's (until the editor writes one).
        settings_file = config.settings_path.name if config.settings_path else args.settings
        serve(config.root, args.port, settings_file=settings_file, host=args.bind,
              drafts=not args.no_drafts, open_browser=args.open)
    except KeyboardInterrupt:
        print("Stopped.")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from digest.check import check_file
    from digest.errors import ContentError
    from digest.files import write_atomically
    from digest.publish import publish_text

    checked = _checked_site(args)  # the checks across files (links, duplicates) as they stand
    if checked is None:
        return 2
    out, config, only, report = checked
    today = _site_today(config)
    refused = 0
    for name in sorted(only):
        path = config.root / name
        try:
            text = path.read_bytes().decode("utf-8")
            published = publish_text(text, today)
        except (OSError, UnicodeDecodeError):
            out.error(f"{name} was not published: it cannot be read as UTF-8 text (digest check says where)")
            refused += 1
            continue
        except ContentError as error:
            out.error(str(error.at(name)))
            refused += 1
            continue
        # As the file will be: a published article may not leave its date or text to fill in.
        after = check_file(name, published.text, articles=config.relative(config.articles_dir))
        errors = sorted({*(problem for problem in after.problems if problem.level == "error"),
                         *(problem for problem in report.problems if problem.path == name and problem.level == "error"
                           and problem.code not in _FILE_ALONE_CODES)})
        if errors:
            for problem in errors:
                out.problem(problem, sys.stderr)
            out.error(f"{name} was not published: fix the errors above first; the file is unchanged")
            refused += 1
            continue
        if not published.changed:
            out.info(f"{name}: already published, nothing to change")
            continue
        write_atomically(path, published.text.encode("utf-8"))
        out.success(f"published {name}: {'; '.join(published.changes)}")
        publish_at = after.entry.article.publish_at if after.entry and after.entry.article else None
        if publish_at is not None and publish_at > _site_now(config):
            out.hint(f"  it goes out with the first build after {publish_at:%Y-%m-%d %H:%M} (publish_at)")
    if refused:
        out.error(f"{refused} of {len(only)} files were not published")
        return 1
    return 0


# Problems check_file finds in a file alone: publish_text's result is checked for those again.
_FILE_ALONE_CODES = {"empty-body", "placeholder-body", "missing-date"}


def _site_now(config):
    from digest.config import site_now

    return site_now(config.settings)


def _site_today(config):
    return _site_now(config).date()


def cmd_init(args: argparse.Namespace) -> int:
    from digest.init import create_site, default_title

    out = _output(args)
    folder = args.folder
    title = args.title or default_title(folder)
    written = create_site(folder, title=title, lang=args.lang)
    out.success(f"Wrote a new digest, {title!r}, into {folder}/ ({len(written)} files)")
    go = "" if os.path.abspath(folder) == os.getcwd() else f"cd {shlex.quote(str(folder))} && "
    out.hint(f"Next: {go}digest serve --open   (the preview, with the example draft)\n"
             "Then edit content/topics.yaml and the draft in content/articles/; README.md there says the rest.")
    return 0


def _port_argument(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number between 0 and 65535")
    return port


def _settings_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--settings", default="pelicanconf.py", metavar="FILE",
                         help="the site's settings file, looked for in this folder and the ones above it "
                              "(default: pelicanconf.py)")


def _verbosity_options(parser: argparse.ArgumentParser, default) -> None:
    # On the command and on each subcommand, so both "digest -q build" and "digest build -q" work.
    parser.add_argument("-q", "--quiet", action="count", default=default,
                        help="print only problems and errors")
    parser.add_argument("-v", "--verbose", action="count", default=default,
                        help="print more: each step of a build, what an import found")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("digest")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Build a news digest: import articles, group them into topic timelines, render the site.",
        epilog="Start one: digest init my-digest. Every command works from any folder inside a site.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"digest {_version()}")
    _verbosity_options(parser, 0)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    verbosity = argparse.ArgumentParser(add_help=False)
    _verbosity_options(verbosity, argparse.SUPPRESS)

    def command(name: str, handler, help_text: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, epilog=f"Example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter, parents=[verbosity],
        )
        sub.set_defaults(handler=handler)
        return sub

    init_cmd = command("init", cmd_init, "Start a new digest: write a blank site (settings, topics, one example draft, "
                       "a Makefile, the GitHub workflow, a README) into FOLDER, which must be empty or new.",
                       'digest init my-digest --lang id --title "Kabar Kawasan"')
    init_cmd.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER",
                          help="where to write it (default: this folder)")
    init_cmd.add_argument("--lang", choices=("en", "id"), default="en",
                          help="the site's language, for its interface and its example (default: en)")
    init_cmd.add_argument("--title", default="", help="the digest's name (default: made from the folder's name)")

    build_cmd = command("build", cmd_build, "Build the site from content/ into output/ with Pelican; drafts and "
                        "stories not yet due are left out.", "digest build --settings publishconf.py")
    _settings_option(build_cmd)
    build_cmd.add_argument("--output", help="folder to build into (default: the settings' OUTPUT_PATH, output/)")
    build_cmd.add_argument("--drafts", action="store_true",
                           help="include drafts and stories not yet due, each marked as a draft")
    build_cmd.add_argument("--profile", action="store_true", help="after the build, print how long each step took")

    check_cmd = command("check", cmd_check,
                        "Check every article and topics.yaml; list every problem with its file, line and column.",
                        "digest check --strict --format github")
    check_cmd.add_argument("files", nargs="*", type=Path, metavar="FILE",
                           help="tell only these article files' problems (the whole site is still read)")
    _settings_option(check_cmd)
    check_cmd.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too, not only on errors")
    check_cmd.add_argument("--format", choices=("text", "github"), default="text",
                           help="text: path:line:col: level: message [code] (default); github: GitHub Actions annotations")

    import_cmd = command(
        "import", cmd_import,
        "Import raw articles (text copied from a news page, a saved page, or a page's address) into "
        "content/articles/, as drafts.",
        "digest import copied.txt saved-page.html https://example.com/news/story.html",
    )
    import_cmd.add_argument("sources", nargs="*", metavar="SRC",
                            help="a .txt file (copied text), an .html/.htm file (a saved page), "
                                 "a folder (every such file in it) or an http(s) address")
    import_cmd.add_argument("--watch", type=Path, metavar="INBOX",
                            help="import every file dropped into this folder until Ctrl-C, moving each to "
                                 "INBOX/done/ or INBOX/failed/ with a .log beside it")
    _settings_option(import_cmd)
    import_cmd.add_argument("--stdout", action="store_true", help="print the Markdown instead of writing it")
    import_cmd.add_argument("--dry-run", action="store_true", help="say what would be written, write nothing")
    import_cmd.add_argument("--force", action="store_true",
                            help="replace an existing file (or an earlier import of the same source), "
                                 "keeping the old file under .digest/backups/")
    import_cmd.add_argument("--topic", action="append", default=[], metavar="SLUG",
                            help="add this topic from content/topics.yaml to every article (repeatable)")
    import_cmd.add_argument("--date", type=_date_argument, metavar="YYYY-MM-DD",
                            help="the date of an article whose source gives none")
    import_cmd.add_argument("--timeout", type=_seconds_argument, default=20.0, metavar="SECONDS",
                            help="how long to wait for a web address to answer (default: 20)")

    new_cmd = command("new", cmd_new, "Start a new article as a draft: write content/articles/YYYY/<slug>.md with "
                      "today's date and the front matter to fill in, and print its path. Never overwrites a file.",
                      'digest new "Belarus and Russia form a joint force" --topic belarus-russia-military --lang en')
    new_cmd.add_argument("title", help="the article's title; the file name is made from it")
    new_cmd.add_argument("--topic", action="append", default=[], metavar="SLUG",
                         help="a topic from content/topics.yaml (repeatable)")
    _settings_option(new_cmd)
    new_cmd.add_argument("--lang", default="", metavar="CODE",
                         help="the article's language, such as id or en (default: the site's DEFAULT_LANG)")
    new_cmd.add_argument("--source", default="", metavar="URL", help="the address of the original article")

    publish_cmd = command("publish", cmd_publish, "Publish drafts: set status: published (and today's date if a "
                          "file has none), after checking each file as it will be. Refuses a file with errors.",
                          "digest publish content/articles/2026/a-new-story.md")
    publish_cmd.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the article files to publish")
    _settings_option(publish_cmd)

    serve_cmd = command(
        "serve", cmd_serve,
        "Preview the site, drafts included: rebuild it on every save in content/, the theme or the settings, "
        "and reload the open pages. Ctrl-C stops it.",
        "digest serve --port 8000 --open",
    )
    serve_cmd.add_argument("--port", type=_port_argument, default=8000,
                           help="port to listen on (default: 8000; 0 picks a free one)")
    serve_cmd.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS",
                           help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 lets "
                                "other machines on the network see the preview)")
    serve_cmd.add_argument("--open", action="store_true", help="open the preview in the browser once it is built")
    serve_cmd.add_argument("--no-drafts", action="store_true", help="leave drafts out, as the published site does")
    _settings_option(serve_cmd)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.handler(args)
    except _NoSite:
        return 2
    except DigestError as error:
        print(error, file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - a bug: one line for the user, the traceback on request
        if os.environ.get("DIGEST_DEBUG"):
            raise
        from digest.errors import describe_error

        print(f"{describe_error(error)}\nThis is a bug in digest: please report it with the command you ran "
              "(DIGEST_DEBUG=1 shows the traceback).", file=sys.stderr)
        return 1
