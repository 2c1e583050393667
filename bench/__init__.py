"""The consortium-scale benchmark: `make bench` (see README, "Performance and scaling out")."""
