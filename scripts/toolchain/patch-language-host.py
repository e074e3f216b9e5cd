"""Patches the Node.js language host's main.go (sdk/v3 v3.68.0) before it is built by ensure-pulumi.sh.

1. Drops the original RunPlugin ("not supported"); language-host-runplugin.go supplies a working one.
2. Backports the fix of pulumi/pulumi#13689 (merged after 3.68): in `Run`, the goroutines that forward
   rpc-server and pipe errors send on `responseChannel`, which `Run` closes when it returns. When the
   program has finished and the pipes then shut down with an error, that send panics the host
   ("panic: send on closed channel", seen in our CI after every step of an `up` had finished). The channel
   becomes buffered for all three senders (program, server, pipes) and is no longer closed, so a late
   send neither blocks nor panics; Run still returns the first response, as before.
"""
import sys

path = sys.argv[1]
source = open(path).read()


def replace_once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        sys.exit(f"patch-language-host: expected exactly one occurrence of {old!r} in {path}")
    return text.replace(old, new)


start = source.index("func (host *nodeLanguageHost) RunPlugin(")
end = source.index("\n}\n", start) + 3
source = source[:start] + source[end:]

source = replace_once(
    source,
    "\tresponseChannel := make(chan *pulumirpc.RunResponse)\n\tdefer close(responseChannel)\n",
    "\t// Buffered for its three senders and never closed: see patch-language-host.py (pulumi/pulumi#13689).\n"
    "\tresponseChannel := make(chan *pulumirpc.RunResponse, 3)\n",
)

open(path, "w").write(source)
