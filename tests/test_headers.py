"""The parsed-header index (queries/headers.json): current, and never trusted when stale."""

import json
import shutil

from naseigraph import headers
from naseigraph.graph import resource_dir
from naseigraph.queries import list_queries

QUERIES = resource_dir("queries")


def test_the_index_of_the_canned_queries_is_current():
    written = (QUERIES / headers.INDEX).read_text(encoding="utf-8")
    assert written == headers.index(QUERIES), "run: python -m naseigraph.headers queries"


def test_the_index_holds_what_yaml_reads(tmp_path):
    # Without the index every header is read by PyYAML: the same queries must come out.
    folder = tmp_path / "queries"
    shutil.copytree(QUERIES, folder)
    (folder / headers.INDEX).unlink()
    for query in list_queries():
        from_yaml = headers.read_header(folder / f"{query.name}.rq")[0]
        indexed = headers.read_header(QUERIES / f"{query.name}.rq")[0]
        # as JSON text: the order of the parameters counts (forms and listings follow it)
        assert json.dumps(indexed) == json.dumps(from_yaml), query.name


def test_an_edited_header_is_read_again_not_taken_from_the_index(tmp_path):
    folder = tmp_path / "queries"
    shutil.copytree(QUERIES, folder)
    path = folder / "dft-values.rq"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "#+ title: Values from DFT calculations", "#+ title: DFT values, edited"
        ),
        encoding="utf-8",
    )
    meta, _ = headers.read_header(path)
    assert meta["title"] == "DFT values, edited"
    assert (
        headers.read_header(QUERIES / "dft-values.rq")[0]["title"] == "Values from DFT calculations"
    )
