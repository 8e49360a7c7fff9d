// One entry point for "this runtime's client failed to reach that peer", dispatching to the
// per-runtime phrasing tables.
import { dotnetNet, nginxNet } from "./net-dotnet-nginx";
import { goNet, javaNet } from "./net-go-java";
import { nodeNet, pythonNet } from "./net-node-python";
import type { NetCtx, NetMode, Peer, Phrase } from "./phrase";
import type { Runtime } from "./runtimes";
import type { Gen } from "./rng";

export function netError(g: Gen, rt: Runtime, peer: Peer, mode: NetMode, c: NetCtx): Phrase {
  switch (rt) {
    case "go":
      return goNet(g, peer, mode, c);
    case "java":
      return javaNet(g, peer, mode, c);
    case "node":
      return nodeNet(g, peer, mode);
    case "python":
      return pythonNet(g, peer, mode, c);
    case "dotnet":
      return dotnetNet(g, peer, mode, c);
    case "nginx":
      return nginxNet(g, peer, mode);
  }
}
