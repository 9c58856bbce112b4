"""Resilience drills: `make drills`. See README.md, "Resilience drills"."""
