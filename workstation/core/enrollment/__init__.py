"""One enrollment from card to sealed package: the workflow, its checks, and the simulated run."""
