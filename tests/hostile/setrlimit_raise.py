# expect: TLE
# needs: none
# why: tries to raise its own CPU, memory, file-size and process limits to infinity, then spins
import resource


def solve(x):
    for name in ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_DATA", "RLIMIT_STACK"):
        limit = getattr(resource, name)
        try:
            resource.setrlimit(limit, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        except (ValueError, OSError):
            try:
                soft, hard = resource.getrlimit(limit)
                resource.setrlimit(limit, (hard, hard))
            except (ValueError, OSError):
                pass
    while True:
        pass
