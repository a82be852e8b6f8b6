"""``--dist loadgroup`` that keeps its word: the tests of one ``xdist_group`` run on one worker.

pytest-xdist 3.8 groups tests by appending ``@name`` to their node ids in each worker, through
an attribute that pytest 9.2 no longer reads: every test became a group of its own, and a
module that builds its data once (``tests.shared_data.built_once``) built it again on every
worker that took one of its tests. Here each worker writes the groups it collected to a file
in a folder the controller hands it, and the controller's scheduler (xdist's loadgroup
scheduler) reads the groups from there. Tests keep the order of the collection: bin/test asks
xdist not to sort the groups by size, so the tests that start processes still go first
(tests/conftest.py).
"""

import json
import os
import tempfile
from pathlib import Path

import pytest
from xdist.scheduler import LoadGroupScheduling

FOLDER = "firstask_xdist_groups"
FOLDER_KEY = pytest.StashKey[str]()


def group_of(item: pytest.Item) -> str | None:
    names = sorted(
        {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
    )
    return "_".join(names) or None


def write_groups(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a worker: the group of every grouped test, by node id, for the controller."""
    workerinput = getattr(config, "workerinput", None)
    if not workerinput or FOLDER not in workerinput:
        return
    groups = {item.nodeid: group for item in items if (group := group_of(item))}
    path = Path(workerinput[FOLDER]) / f"{workerinput['workerid']}.json"
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(groups))
    partial.rename(path)


class GroupScheduling(LoadGroupScheduling):
    """xdist's loadgroup scheduler, with the groups the workers wrote."""

    def __init__(self, config, log=None):
        super().__init__(config, log)
        self.folder = Path(config.stash[FOLDER_KEY])
        self.groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if "@" in nodeid.rsplit("]", 1)[-1]:  # an xdist that marks the node id itself
            return super()._split_scope(nodeid)
        if self.groups is None:
            # Every worker has written its file before it reported its collection, and the
            # scheduler asks only once all collections are in.
            self.groups = {}
            for path in sorted(self.folder.glob("*.json")):
                self.groups.update(json.loads(path.read_text()))
        group = self.groups.get(nodeid)
        return f"group:{group}" if group else nodeid


# The hooks (imported into tests/conftest.py); optional, as they are xdist's.


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """In the controller: a folder for the workers' group files, one per run."""
    config = node.config
    if FOLDER_KEY not in config.stash:
        config.stash[FOLDER_KEY] = tempfile.mkdtemp(prefix="xdist-groups-")
    node.workerinput[FOLDER] = config.stash[FOLDER_KEY]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadgroup" or FOLDER_KEY not in config.stash:
        return None
    return GroupScheduling(config, log)


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(FOLDER_KEY, None)
    if folder is None:
        return
    for path in Path(folder).iterdir():
        path.unlink()
    os.rmdir(folder)
