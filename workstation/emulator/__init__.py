"""The CCCD card emulator: a card-side implementation of the chip's file system and protocols.

It is the simulated card of `workstation --simulate` and the test bed of the chip reader: it speaks
APDUs, in-process (inserted into the simulated reader) or through pcscd's virtual reader (vpcd).
"""
