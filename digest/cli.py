"""The ``digest`` command: argument parsing only; the work is done by the library.

Exit codes: 0 success, 1 content or build errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from digest.errors import DigestError

CONTENT_DIR = Path("content")
TOPICS_FILE = CONTENT_DIR / "topics.yaml"


def cmd_build(args: argparse.Namespace) -> int:
    from digest.build import build

    result = build(Path.cwd(), settings_file=args.settings, output=args.output)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"Built {result.articles} articles into {result.output} in {result.seconds:.2f} s")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from digest.importer import import_articles
    from digest.topics import parse_topics

    topics = parse_topics(TOPICS_FILE.read_text(encoding="utf-8")) if TOPICS_FILE.exists() else ()
    write = not (args.stdout or args.dry_run)
    results = import_articles([Path(source) for source in args.sources], CONTENT_DIR, topics, write=write)
    failed = 0
    for result in results:
        if result.error:
            failed += 1
            print(f"error: {result.error}", file=sys.stderr)
        elif args.stdout:
            sys.stdout.write(result.text)
        elif args.dry_run:
            print(f"would write {result.path} from {result.source}")
        else:
            print(f"wrote {result.path} from {result.source}")
    if failed:
        print(f"{failed} of {len(results)} sources failed", file=sys.stderr)
    return 1 if failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from digest.build import build
    from digest.serve import HOST, serve_forever

    result = build(Path.cwd(), settings_file=args.settings)
    print(f"Built {result.articles} articles; serving {result.output} at http://{HOST}:{args.port}/ (Ctrl-C stops)")
    try:
        serve_forever(result.output, args.port)
    except KeyboardInterrupt:
        print("stopped")
    except OSError as error:
        raise DigestError(f"cannot listen on {HOST}:{args.port}: {error.strerror}: try another --port") from None
    return 0


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
    build_cmd.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file (default: pelicanconf.py)")
    build_cmd.add_argument("--output", help="folder to build into (default: the settings' OUTPUT_PATH, output/)")

    import_cmd = command("import", cmd_import, "Import raw articles (plain text copied from a news site) into content/articles/.",
                         "digest import ../shared/seeds/000_43d5906aaa2d0b91.txt")
    import_cmd.add_argument("sources", nargs="+", metavar="SRC", help="a .txt file with the copied article")
    import_cmd.add_argument("--stdout", action="store_true", help="print the Markdown instead of writing it")
    import_cmd.add_argument("--dry-run", action="store_true", help="say what would be written, write nothing")

    serve_cmd = command("serve", cmd_serve, "Build the site and serve output/ on 127.0.0.1.", "digest serve --port 8000")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    serve_cmd.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file (default: pelicanconf.py)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except DigestError as error:
        print(error, file=sys.stderr)
        return 1
