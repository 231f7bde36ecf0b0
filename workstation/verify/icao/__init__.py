"""ICAO Doc 9303 part 11 cryptography shared by the reader and the card emulator."""
