"""An independent UserSig v2 verifier written from the published algorithm with the Python
standard library only (no liveroom code). Exit 0 and print the claims if valid.

usage: usersig_verify.py SDKAPPID KEY USER SIG
"""
import base64
import hashlib
import hmac
import json
import sys
import time
import zlib

sdkappid, key, user, sig = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
raw = sig.replace("*", "+").replace("-", "/").replace("_", "=")
doc = json.loads(zlib.decompress(base64.b64decode(raw)))
assert doc["TLS.ver"] == "2.0", doc
assert int(doc["TLS.sdkappid"]) == sdkappid, "sdkappid"
assert doc["TLS.identifier"] == user, "identifier"
t, exp = int(doc["TLS.time"]), int(doc["TLS.expire"])
assert time.time() <= t + exp, "expired"
text = f"TLS.identifier:{user}\nTLS.sdkappid:{sdkappid}\nTLS.time:{t}\nTLS.expire:{exp}\n"
if "TLS.userbuf" in doc:
    text += "TLS.userbuf:" + doc["TLS.userbuf"] + "\n"
want = hmac.new(key.encode(), text.encode(), hashlib.sha256).digest()
assert hmac.compare_digest(want, base64.b64decode(doc["TLS.sig"])), "signature"
print(json.dumps({"identifier": user, "time": t, "expire": exp}))
