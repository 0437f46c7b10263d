#!/usr/bin/env bash
# `make bench` loads the servers with wrk (C, epoll): a Python client needs more CPU per
# request than a page-cache hit and caps those figures on a small machine. Install it from
# Debian's packages when missing and allowed (root with apt-get); otherwise say so, and
# benchmarks/run.py falls back to its Python client.
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; } \
    || echo "wrk could not be installed: using the Python load generator"
else
  echo "wrk not found (Debian: sudo apt-get install wrk): using the Python load generator"
fi
exit 0
