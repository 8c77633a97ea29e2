"""The CI workflow runs unattended on every push: nothing in it may be swapped under it or leak its token."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

@pytest.fixture(scope="module")
def workflows(tmp_path_factory) -> list[Path]:
    """This repository's workflows, and the one `digest init` writes into a new site, as it writes it
    (into pytest's own temporary folder, which pytest cleans up)."""
    import datetime as dt

    from digest.init import site_files

    new_site = tmp_path_factory.mktemp("init-workflow") / "site.yml"
    new_site.write_text(site_files("News", "en", dt.date(2026, 12, 1), "digest==0.1.0")[".github/workflows/site.yml"])
    return [*sorted((REPO / ".github/workflows").glob("*.yml")), new_site]


def steps(workflows):
    for workflow in workflows:
        for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values():
            yield from job.get("steps", [])


def test_every_action_is_pinned_to_a_commit_with_its_tag_beside_it(workflows):
    for workflow in workflows:
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$", line), line


def test_both_workflows_build_every_day_for_scheduled_stories_and_never_publish_a_pull_request(workflows):
    for workflow in workflows:
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        triggers = data[True]  # YAML 1.1 reads the key "on" as true
        assert triggers["schedule"] and "workflow_dispatch" in triggers, workflow
        deploy = data["jobs"]["deploy"]["if"]
        assert "github.event_name != 'pull_request'" in deploy and "refs/heads/main" in deploy, workflow


def test_checkout_leaves_no_credentials_behind(workflows):
    checkouts = [step for step in steps(workflows) if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)


def _zizmor() -> str | None:
    found = Path(sys.executable).with_name("zizmor")
    return str(found) if found.exists() else shutil.which("zizmor")


@pytest.mark.skipif(_zizmor() is None, reason="zizmor is installed by make test (the test extra)")
def test_zizmor_finds_nothing_of_medium_or_high_severity(workflows):
    result = subprocess.run([_zizmor(), "--offline", "--format=json", "--min-severity=medium", *map(str, workflows)],
                            capture_output=True, text=True, timeout=120)
    findings = json.loads(result.stdout or "[]")
    assert findings == [], result.stdout
