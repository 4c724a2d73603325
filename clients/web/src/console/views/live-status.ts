// The "Live / Reconnecting…" indicator of a page that watches events.
import { el, setText } from "../dom";
import type { LiveStatus } from "../live";

export function liveStatusEl(): { el: HTMLElement; show(s: LiveStatus): void } {
  const text = el("span", {});
  const node = el("span", { className: "live-status", role: "status", dataset: { live: "connecting" } }, text);
  setText(text, "Connecting…");
  return {
    el: node,
    show(s: LiveStatus) {
      node.dataset.live = s.kind;
      if (s.kind === "connecting") setText(text, "Connecting…");
      else if (s.kind === "live") setText(text, "Live");
      else if (s.kind === "retrying") setText(text, `Reconnecting in ${Math.ceil(s.inMs / 1000)} s (${s.message})`);
      else setText(text, `Live updates stopped: ${s.message}`);
    },
  };
}
