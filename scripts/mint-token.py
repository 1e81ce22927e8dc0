#!/usr/bin/env python3
"""Mints an internal token as the gateway does (ES256, 2 minutes, jti) for scripts that talk to one service directly.
usage: mint-token.py SIGNING_KEY_PEM TENANT [ROLE] [--sandbox]   (openssl signs; its DER signature becomes JWS r||s)"""
import base64, hashlib, json, subprocess, sys, time, uuid

b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
args = [a for a in sys.argv[1:] if a != "--sandbox"]
key, tenant, role = args[0], args[1], (args[2] if len(args) > 2 else "admin")
public = subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-outform", "DER"], check=True, capture_output=True).stdout
now = int(time.time())
claims = {"iss": "thalian-gateway", "aud": "thalian-services", "tenant": tenant, "role": role, "sub": "script",
          "jti": uuid.uuid4().hex, "iat": now, "nbf": now, "exp": now + 120}
if "--sandbox" in sys.argv:
    claims["sandbox"] = "true"
header = {"alg": "ES256", "typ": "JWT", "kid": b64(hashlib.sha256(public).digest())[:16]}
signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
der = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=signing_input.encode(), check=True, capture_output=True).stdout
# DER: 30 len 02 rlen r 02 slen s
rlen = der[3]; r = der[4:4 + rlen]; s = der[6 + rlen:6 + rlen + der[5 + rlen]]
raw = r.lstrip(b"\0").rjust(32, b"\0") + s.lstrip(b"\0").rjust(32, b"\0")
print(signing_input + "." + b64(raw))
