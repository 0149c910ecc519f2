"""The leaders\x27 area: sign-in, scope, participants and exports."""
