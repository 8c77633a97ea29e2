"""The ``digest`` command: argument parsing only; the work is done by the library.

Exit codes: 0 success, 1 content or build errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from digest.errors import DigestError



class _NoSite(Exception):
    """No site around the working folder (said already): a usage error."""


def _site(args: argparse.Namespace):
    """The site the command runs in, found from the working folder upwards (``digest.config``)."""
    from digest.config import PLAIN_LAYOUT, SETTINGS_FILE, load_config, plain_config

    try:
        return load_config(Path.cwd(), args.settings)
    except DigestError as error:
        if args.settings == SETTINGS_FILE and (Path.cwd() / PLAIN_LAYOUT["PATH"]).is_dir():
            return plain_config(Path.cwd())  # content/ and no settings: digest's own layout and defaults
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

    from digest.stages import Stages, progress_line

    config = _site(args)
    stop_on_signals()  # a build stopped by Ctrl-C or kill removes its staging folder on the way out
    # On a terminal, each step as it ends; in a log (CI), only the summary line.
    def on_end(stage) -> None:
        if stage.seconds >= 0.05:  # the steps that take a noticeable time
            print(progress_line(stage), file=sys.stderr, flush=True)
    on_end = on_end if sys.stderr.isatty() else None
    try:
        result = build(config, output=args.output, stages=Stages(on_end=on_end), remove_in_background=True)
    except KeyboardInterrupt:
        print("Stopped: output/ is unchanged.", file=sys.stderr)
        return 130
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"Built {result.articles} articles into {result.output} in {result.seconds:.2f} s "
          f"({result.pages_rendered:,} pages rendered, {result.pages_reused:,} unchanged)")
    if args.profile:
        print(result.stages.table(result.seconds))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from digest.check import check_site, github_annotation
    from digest.content_cache import ContentCache

    config = _site(args)
    cache = ContentCache.of(config, convert=False)  # shared with digest build: unchanged files are not read again
    report = check_site(config, cache=cache)
    cache.save()
    for problem in report.problems:
        print(github_annotation(problem) if args.format == "github" else problem.format())
    print(report.summary())
    return 1 if report.errors or (args.strict and report.warnings) else 0


def cmd_import(args: argparse.Namespace) -> int:
    from digest.importer import ImportOptions, import_articles, unknown_topics

    if args.watch is not None:
        return _import_watch(args)
    if not args.sources:
        print("error: give at least one SRC to import, or --watch INBOX", file=sys.stderr)
        return 2
    config = _site(args)
    topics = _topics(config)
    unknown = unknown_topics(args.topic, topics)
    if unknown:
        known = ", ".join(topic.slug for topic in topics) or "none"
        print(f"error: unknown topic {', '.join(map(repr, unknown))}: add it to {_here(config.topics_file)} first "
              f"(topics: {known})", file=sys.stderr)
        return 2
    options = ImportOptions(
        write=not (args.stdout or args.dry_run), force=args.force, check_existing=not args.stdout,
        topics=tuple(dict.fromkeys(args.topic)), default_date=args.date, timeout=args.timeout,
    )
    results = import_articles(args.sources, _import_site(config), topics, options=options)
    failed = 0
    would = "would " if args.dry_run else ""
    for result in results:
        if result.error:
            failed += 1
            print(f"error: {result.error}", file=sys.stderr)
        elif args.stdout:
            sys.stdout.write(result.text)
        elif result.skipped:
            print(f"{would}skip {result.source}: already imported as {result.path} (--force imports it again)"
                  if args.dry_run else f"skipped {result.source}: already imported as {result.path} (--force imports it again)")
        elif result.replaced:
            print(f"would replace {result.path} from {result.source}, keeping a backup at {result.backup}"
                  if args.dry_run else f"replaced {result.path} from {result.source}; the old file is kept at {result.backup}")
        else:
            print(f"{would}write {result.path} from {result.source}" if args.dry_run else f"wrote {result.path} from {result.source}")
        for warning in result.warnings:  # about the source: its lines and columns are the source's
            print(f"warning: {result.source}: {warning}", file=sys.stderr)
    if failed:
        print(f"{failed} of {len(results)} sources failed", file=sys.stderr)
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
    """Whether a --topic is not in the topics file (after saying so)."""
    from digest.importer import unknown_topics

    if not slugs:
        return False
    topics = _topics(config)
    unknown = unknown_topics(slugs, topics)
    if unknown:
        known = ", ".join(topic.slug for topic in topics) or "none"
        print(f"error: unknown topic {', '.join(map(repr, unknown))}: add it to {_here(config.topics_file)} first "
              f"(topics: {known})", file=sys.stderr)
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
    print(f"Fill in {', '.join(left_to_fill_in(text))} and write the article in place of the placeholder text; "
          "digest check says what is still missing.", file=sys.stderr)
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
        serve(config.root, args.port, settings_file=config.settings_path.name)
    except KeyboardInterrupt:
        print("Stopped.")
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digest",
        description="Build a news digest: import articles, group them into topic timelines, render the site.",
        epilog="Example: digest build",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler, help_text: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, epilog=f"Example: {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    build_cmd = command("build", cmd_build, "Build the site from content/ into output/ with Pelican.",
                        "digest build --settings publishconf.py")
    _settings_option(build_cmd)
    build_cmd.add_argument("--output", help="folder to build into (default: the settings' OUTPUT_PATH, output/)")
    build_cmd.add_argument("--profile", action="store_true", help="after the build, print how long each step took")

    check_cmd = command("check", cmd_check,
                        "Check every article and topics.yaml; list every problem with its file, line and column.",
                        "digest check --strict --format github")
    _settings_option(check_cmd)
    check_cmd.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too, not only on errors")
    check_cmd.add_argument("--format", choices=("text", "github"), default="text",
                           help="text: path:line:col: level: message [code] (default); github: GitHub Actions annotations")

    import_cmd = command(
        "import", cmd_import,
        "Import raw articles (text copied from a news page, a saved page, or a page's address) into content/articles/.",
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

    new_cmd = command("new", cmd_new, "Start a new article: write content/articles/YYYY/<slug>.md with today's date "
                      "and the front matter to fill in, and print its path. Never overwrites a file.",
                      'digest new "Belarus and Russia form a joint force" --topic belarus-russia-military --lang en')
    new_cmd.add_argument("title", help="the article's title; the file name is made from it")
    new_cmd.add_argument("--topic", action="append", default=[], metavar="SLUG",
                         help="a topic from content/topics.yaml (repeatable)")
    _settings_option(new_cmd)
    new_cmd.add_argument("--lang", default="", metavar="CODE",
                         help="the article's language, such as id or en (default: the site's DEFAULT_LANG)")
    new_cmd.add_argument("--source", default="", metavar="URL", help="the address of the original article")

    serve_cmd = command(
        "serve", cmd_serve,
        "Preview the site on 127.0.0.1: rebuild it on every save in content/, the theme or the settings, "
        "and reload the open pages. Ctrl-C stops it.",
        "digest serve --port 8000",
    )
    serve_cmd.add_argument("--port", type=_port_argument, default=8000,
                           help="port on 127.0.0.1 (default: 8000; 0 picks a free one)")
    _settings_option(serve_cmd)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
