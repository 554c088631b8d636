#!/bin/sh
# A pgext-ls that dies at start, for the test that the VS Code extension
# reports a broken server readably instead of failing silently.
echo "pgext-ls-broken: simulated crash at start" >&2
exit 3
