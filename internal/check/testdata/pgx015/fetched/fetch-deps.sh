#!/bin/sh
# Fetches the JSON library the module compiles in.
set -e
rm -rf third_party/ujson
git clone --depth 1 https://example.org/ujson.git "third_party/ujson"
