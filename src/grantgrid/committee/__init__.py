"""The programming committee (SPEC-committee §1, §2, §5, §6): seats, meetings, the double
quorum, conflicts of interest, decisions and their minutes.

The integration calls `decisions_for_run` (pure) with the loaded committee and meetings and
the run's dossiers as `DossierFacts`, and `to_json` for `score --json`; the commands are plain
functions in `commands.py`.
"""
