"""Commands of the programming committee: committee check, meeting, minutes, maquette."""
