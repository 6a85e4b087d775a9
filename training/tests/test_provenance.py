"""Run records name the code that ran, also from a copied tree whose git history may be stale."""
from conservator_ml.provenance import git_commit


def test_the_commit_given_by_the_copying_script_wins(monkeypatch):
    monkeypatch.setenv("CONSERVATOR_COMMIT", "e16dc0ff126e7630be368aa90a45b8a0d1b6a870")
    assert git_commit() == "e16dc0ff126e7630be368aa90a45b8a0d1b6a870"


def test_without_it_the_checked_out_commit_is_recorded(monkeypatch):
    monkeypatch.delenv("CONSERVATOR_COMMIT", raising=False)
    commit = git_commit()
    assert commit == "unknown" or (len(commit) == 40 and all(c in "0123456789abcdef" for c in commit))
