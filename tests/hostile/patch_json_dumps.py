# expect: WA|RE
# needs: none
# why: replaces json.dumps in the shared process so the case's report claims an internal error of the judge (a candidate must never cause IE)
import json

BREACH = "HOSTILE-" + "BREACH"
real_dumps = json.dumps


def forging_dumps(obj, *args, **kwargs):
    if isinstance(obj, dict) and "nonce" in obj:
        obj = {"status": "internal", "message": BREACH + " forged an internal error", "nonce": obj["nonce"]}
    return real_dumps(obj, *args, **kwargs)


def solve(x):
    json.dumps = forging_dumps
    return -1
