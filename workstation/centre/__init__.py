"""The centre: the server side of sync (onboarding, verified intake, PostgreSQL). It imports verify/
and the package code, never ui/ or devices/."""
