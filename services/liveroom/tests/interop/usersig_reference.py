"""Signs UserSigs with Tencent's reference library (PyPI `tls-sig-api-v2`).

usage: usersig_reference.py SDKAPPID KEY USER EXPIRE [USERBUF_HEX]
"""
import sys

import TLSSigAPIv2  # the reference implementation, not ours

sdkappid, key, user, expire = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
api = TLSSigAPIv2.TLSSigAPIv2(sdkappid, key)
if len(sys.argv) > 5:
    print(api.gen_sig_with_userbuf(user, expire, bytes.fromhex(sys.argv[5])))
else:
    print(api.gen_sig(user, expire))
