"""The authoring area: dossier skeletons and the round-trip YAML editor.

Everything here writes into YAML files that people also edit by hand: the editor
(`yaml_edit.apply_edits`) splices canonical text for the values typed by a committee into the
original text, so that comments, key order, quoting, indentation, line endings and every
untouched byte stay as they were, and it re-reads its own output before handing it back.
"""
