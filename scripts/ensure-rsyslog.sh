#!/usr/bin/env bash
# rsyslog with its GnuTLS driver, for the syslog delivery tests: each test fixture starts its own rsyslogd
# (own config, own port, own pid file) and never the machine's syslog. Nothing is started here.
# A failed install is reported, not fatal: the syslog tests then fail saying what is missing.
set -uo pipefail
if [ ! -x /usr/sbin/rsyslogd ] || ! ls /usr/lib/*/rsyslog/lmnsd_gtls.so >/dev/null 2>&1; then
  echo "[rsyslog] installing rsyslog and rsyslog-gnutls (Debian packages)"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends rsyslog rsyslog-gnutls >/dev/null \
    || echo "[rsyslog] could not install rsyslog/rsyslog-gnutls" >&2
fi
exit 0
