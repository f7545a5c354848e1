from cica_qa.index.manifest import Manifest, new_manifest
from cica_qa.ingest.changes import plan_changes


def manifest(documents: dict[str, str]) -> Manifest:
    return new_manifest({}, documents, model_id="m", chunker="c", ingested_at="2026-01-01")


def test_documents_are_sorted_by_what_happened_to_them():
    plan = plan_changes(
        manifest({"kept.md": "1", "edited.md": "2", "gone.md": "3"}),
        {"kept.md": "1", "edited.md": "2b", "new.md": "4"},
        wanted={"a", "b", "c"},
        present={"a", "z"},
    )
    assert (plan.added, plan.changed, plan.removed, plan.unchanged) == (
        ("new.md",),
        ("edited.md",),
        ("gone.md",),
        ("kept.md",),
    )
    assert (plan.to_embed, plan.to_remove) == (2, 1)
    assert plan.line() == (
        "1 added, 1 changed, 1 removed, 1 unchanged documents; 2 chunks to embed, 0 to reuse, "
        "1 to remove"
    )


def test_a_first_ingest_adds_everything():
    plan = plan_changes(None, {"a.md": "1"}, wanted={"x"}, present=set())
    assert plan.added == ("a.md",) and plan.to_embed == 1
