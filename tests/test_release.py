"""`naseigraph release -o DIR`: a dataset that loads without naseigraph (pandas, rdflib, the
RO-Crate library), counts what `naseigraph stats` counts, describes itself truly, and is the
same bytes every time."""

import datetime
import hashlib
import json
import re
import shlex
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pandas
import pytest
import rdflib
import yaml
from rdflib.compare import isomorphic

from naseigraph import release as releasing
from naseigraph.graph import NaseigraphError, data_files, ontology_file
from naseigraph.queries import run
from naseigraph.store import load_store

ROOT = Path(__file__).parents[1]
REVIEW = rdflib.URIRef("https://doi.org/10.20944/preprints202305.1544.v1")
ONTOLOGY = rdflib.URIRef("https://w3id.org/naseigraph/ontology")
NSG = rdflib.Namespace("https://w3id.org/naseigraph/ontology#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
RDF_FORMATS = {"naseigraph.trig": "trig", "naseigraph.nq": "nquads", "naseigraph.jsonld": "json-ld"}
# Each table and the row of `naseigraph stats` that counts its kind of fact.
KINDS = {
    "systems.csv": "artificial protective layer",
    "values.csv": "reported value",
    "cell-tests.csv": "cell test",
    "references.csv": "cited reference",
    "claims.csv": "claim",
}
CLASSES = {
    "artificial protective layer": NSG.ProtectiveLayer,
    "reported value": NSG.ReportedValue,
    "cell test": NSG.CellTest,
    "cited reference": NSG.CitedReference,
    "claim": NSG.Claim,
}


def naseigraph(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "naseigraph", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env={"PATH": ""},
    )  # fmt: skip


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """Two releases of this version: one made here, one by the command in another process."""
    here = releasing.release(tmp_path_factory.mktemp("here") / "release")
    there = tmp_path_factory.mktemp("there") / "release"
    done = naseigraph("release", "-o", there)
    assert done.returncode == 0, done.stderr
    return here, there


@pytest.fixture(scope="module")
def folder(folders):
    return folders[0]


@pytest.fixture(scope="module")
def stats():
    """`naseigraph stats`'s first table, by what it counts."""
    return {row[0].value: int(row[1].value) for row in run("graph-summary", load_store())}


@pytest.fixture(scope="module")
def datasets(folder):
    """Each RDF file as rdflib reads it, queried as the union of its graphs."""
    found = {}
    for name, fmt in RDF_FORMATS.items():
        found[name] = rdflib.Dataset(default_union=True)
        found[name].parse(folder / name, format=fmt)
    return found


def test_two_releases_of_one_version_are_byte_identical(folders):
    here, there = folders
    names = sorted(p.name for p in here.iterdir())
    assert names == sorted(p.name for p in there.iterdir())
    assert len(names) == 13
    for name in names:
        assert (here / name).read_bytes() == (there / name).read_bytes(), name


@pytest.mark.parametrize("table", KINDS)
def test_each_table_has_a_row_per_fact_that_stats_counts(folder, stats, table):
    frame = pandas.read_csv(folder / table)
    assert len(frame) == stats[KINDS[table]] > 0
    assert frame["iri"].is_unique


def test_the_references_are_the_127_of_the_reviews_list(folder):
    # counted in data/references.ttl by hand: one `a nsg:CitedReference` per entry, 1 to 127
    text = (ROOT / "data" / "references.ttl").read_text(encoding="utf-8")
    assert text.count(" a nsg:CitedReference") == 127
    frame = pandas.read_csv(folder / "references.csv")
    assert sorted(frame["number"]) == list(range(1, 128))
    first = frame[frame["number"] == 1].iloc[0]  # as data/references.ttl prints entry 1
    assert first["title"] == "Sodium-ion batteries: present and future"
    assert first["journal"] == "Chem. Soc. Rev." and first["pages"] == "3529-3614"


def test_a_value_row_keeps_the_text_as_printed_and_its_place(folder):
    values = pandas.read_csv(folder / "values.csv").set_index("iri")
    # data/inorganic-a.ttl: the Na3P layer's ionic conductivity, Figure 4f, reference 71
    row = values.loc["https://w3id.org/naseigraph/resource/value-red-p-ionic-conductivity"]
    assert row["value"] == 0.12 and row["text_as_printed"] == "~0.12 mS cm-1"
    assert row["qualifier"] == "approximately" and row["figures"] == "Figure 4f"
    assert str(row["refs"]) == "71" and row["about"].endswith("/layer-red-p")


@pytest.mark.parametrize("name", RDF_FORMATS)
def test_the_rdf_holds_the_review_and_the_ontology_in_their_own_named_graphs(datasets, name):
    dataset = datasets[name]
    graphs = {g.identifier: len(g) for g in dataset.graphs() if len(g)}
    assert set(graphs) == {REVIEW, ONTOLOGY}  # and nothing in the default graph
    review = rdflib.Graph()
    for file in data_files():  # rdflib's own parser, not naseigraph's
        review.parse(file)
    assert isomorphic(dataset.graph(REVIEW), review)
    assert isomorphic(dataset.graph(ONTOLOGY), rdflib.Graph().parse(ontology_file()))


@pytest.mark.parametrize("name", RDF_FORMATS)
def test_the_rdf_counts_what_stats_counts(datasets, stats, name):
    query = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a/rdfs:subClassOf* ?c }"
    for what, cls in CLASSES.items():
        (found,) = datasets[name].query(query, initBindings={"c": cls})
        assert int(found[0]) == stats[what], what


def test_literals_are_as_the_turtle_writes_them(folder):
    # data/inorganic-a.ttl writes `qudt:value 1.0` for the NaBr test's current density; a store
    # would give 1 back
    quads = (folder / "naseigraph.nq").read_text(encoding="utf-8")
    node = "<https://w3id.org/naseigraph/resource/value-bromopropane-current-density>"
    line = f'{node} <http://qudt.org/schema/qudt/value> "1.0"^^'
    assert line in quads


def test_void_counts_the_triples_and_classes(folder, datasets, stats):
    void = rdflib.Graph().parse(folder / "void.ttl")
    me = rdflib.URIRef(f"https://w3id.org/naseigraph/release/{version('naseigraph')}/")
    assert (me, rdflib.RDF.type, VOID.Dataset) in void
    dataset = datasets["naseigraph.nq"]
    lines = (folder / "naseigraph.nq").read_text(encoding="utf-8").splitlines()
    assert int(void.value(me, VOID.triples)) == len(lines) == len(dataset)
    subsets = {void.value(s, SD.name): int(void.value(s, VOID.triples))
               for s in void.objects(me, VOID.subset)}  # fmt: skip
    assert subsets == {g.identifier: len(g) for g in dataset.graphs() if len(g)}
    partitions = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
                  for p in void.objects(me, VOID.classPartition)}  # fmt: skip
    for what, cls in CLASSES.items():
        assert partitions[cls] == stats[what], what
    assert str(void.value(me, rdflib.OWL.versionInfo)) == version("naseigraph")


def test_dcat_gives_every_file_with_its_size_and_checksum(folder):
    dcat = rdflib.Graph().parse(folder / "dcat.ttl")
    (me,) = dcat.subjects(rdflib.RDF.type, DCAT.Dataset)
    assert str(dcat.value(me, DCAT.version)) == version("naseigraph")
    licence = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert dcat.value(me, rdflib.DCTERMS.license) == licence
    assert dcat.value(me, rdflib.DCTERMS.source) == REVIEW
    listed = {}
    for node in dcat.objects(me, DCAT.distribution):
        checksum = dcat.value(node, SPDX.checksum)
        assert dcat.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        listed[str(dcat.value(node, rdflib.DCTERMS.title))] = (
            int(dcat.value(node, DCAT.byteSize)), str(dcat.value(checksum, SPDX.checksumValue))
        )  # fmt: skip
    files = {p.name for p in folder.iterdir()} - {"dcat.ttl", "ro-crate-metadata.json"}
    assert set(listed) == files
    for name, (size, digest) in listed.items():
        data = (folder / name).read_bytes()
        assert (size, digest) == (len(data), hashlib.sha256(data).hexdigest()), name


def test_the_ro_crate_reads_back_and_holds_no_date_of_today(folder):
    from rocrate.rocrate import ROCrate

    crate = ROCrate(folder)  # the library reads what it wrote
    # data/review.ttl: dcterms:issued "2023-05-23", the newest (only) source's date
    assert crate.root_dataset["datePublished"] == "2023-05-23"
    assert crate.root_dataset["version"] == version("naseigraph")
    parts = {entity.id for entity in crate.root_dataset["hasPart"]}
    assert parts == {p.name for p in folder.iterdir()} - {"ro-crate-metadata.json"}
    text = (folder / "ro-crate-metadata.json").read_text(encoding="utf-8")
    assert datetime.date.today().isoformat() not in text
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", text)  # no uuid for an id
    assert json.loads(text)["@graph"][0]["license"] == {
        "@id": "https://creativecommons.org/licenses/by/4.0/"
    }


def test_the_citation_names_the_release_and_the_review(folder):
    cff = yaml.safe_load((folder / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["version"] == version("naseigraph") and cff["license"] == "CC-BY-4.0"
    (review,) = cff["references"]
    # as data/review.ttl prints them: "Pengcheng Shi, Xu Wang, Xiaolong Cheng, Yu Jiang"
    assert [a["family-names"] for a in review["authors"]] == ["Shi", "Wang", "Cheng", "Jiang"]
    assert review["doi"] == "10.20944/preprints202305.1544.v1" and review["year"] == 2023


def test_the_release_readme_describes_every_file_and_every_column(folder):
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for path in folder.iterdir():
        assert f"| `{path.name}` |" in readme, path.name
    for table in KINDS:
        section = readme.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
        for column in pandas.read_csv(folder / table, nrows=0).columns:
            assert re.search(rf"^\| `{column}` \| \S", section, re.MULTILINE), (table, column)


def test_the_readme_shows_a_real_release(tmp_path):
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Releases", 1)[1]
    block = re.search(r"```shell\n(.*?)```", section, re.DOTALL).group(1)
    for command, shown in re.findall(r"^\$ (.+)\n((?:(?!\$ ).*\n)*)", block, re.MULTILINE):
        args = shlex.split(command)
        if args[0] == "naseigraph":
            done = naseigraph(*args[1:], cwd=tmp_path)
            assert done.returncode == 0, done.stderr
            assert done.stdout == shown
        else:  # head -1 FILE
            assert args[:2] == ["head", "-1"]
            first = (tmp_path / args[2]).read_text(encoding="utf-8").splitlines()[0]
            assert first + "\n" == shown


def test_a_folder_that_is_not_empty_or_a_file_is_refused(tmp_path):
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine")
    a_file = tmp_path / "a-file"
    a_file.write_text("mine")
    said = {full: "is not empty; give a new or empty folder", a_file: "is not a directory"}
    for target, message in said.items():
        done = naseigraph("release", "-o", target)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr == f"naseigraph: error: {target}: {message}\n"
    assert (full / "notes.txt").read_text() == "mine" and a_file.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "full"]


def test_a_failure_leaves_nothing_behind(tmp_path, monkeypatch):
    def broken(*_):
        raise NaseigraphError("the RO-Crate failed")

    monkeypatch.setattr(releasing, "_crate", broken)
    with pytest.raises(NaseigraphError, match="the RO-Crate failed"):
        releasing.release(tmp_path / "release")
    assert list(tmp_path.iterdir()) == []  # neither the folder nor the one it was built in


def test_without_ro_crate_py_the_error_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "rocrate", None)
    with pytest.raises(
        NaseigraphError, match=r"release needs ro-crate-py: pip install .*\[release\]"
    ):
        releasing.release(tmp_path / "release")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "path", sorted((releasing.HERE / "tables").glob("*.rq")), ids=lambda path: path.stem
)
def test_every_column_of_a_table_query_is_described(path):
    from naseigraph.headers import read_header

    meta, text = read_header(path)
    selected = re.search(r"^SELECT (.*?)\nWHERE", text, re.MULTILINE | re.DOTALL).group(1)
    assert list(meta["columns"]) == re.findall(r"\?(\w+)", selected)
    assert all(isinstance(v, str) and len(v) > 10 for v in meta["columns"].values())
    assert meta["title"] and meta["description"]
