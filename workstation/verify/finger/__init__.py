"""Fingerprints: reading images (WSQ included), NFIQ 2 quality and 1:1 matching with NIST NBIS."""
