"""The authoring area: what grantgrid writes for people to fill in or edit — dossier
skeletons, and the round-trip YAML editor that writes values back into their files."""
