"""The child process of ``wsq_isolated``: run as a script (not imported), so that it starts with
nothing but the native decoder. Reads a WSQ file on standard input, writes width and height
(4 bytes each, big-endian) and the pixels on standard output; limits its own memory and CPU first,
so a hostile file cannot take the machine's memory either."""
import resource
import struct
import sys

MEMORY_BYTES = 1 << 30      # a 4096² print decodes in well under 200 MB
CPU_SECONDS = 20


def main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    import _wsq

    data = sys.stdin.buffer.read()
    try:
        pixels, width, height, _ppi = _wsq.decompress(data)
    except Exception as exc:  # noqa: BLE001 - the parent turns any refusal into one message
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(struct.pack(">II", width, height) + bytes(pixels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
