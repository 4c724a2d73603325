// Admin: the tenant's channels (SMS numbers, inboxes, messaging accounts), read-only.
import { badge, listAll, pageHeader, table, td, timeEl } from "../components";
import { el } from "../dom";
import { showProblem } from "../fields";
import { channelKindLabel, channelProfileLabel, shortName } from "../labels";
import type { Ctx } from "../session";

export function channelsPage(root: HTMLElement, ctx: Ctx): () => void {
  const abort = new AbortController();
  const area = el("div", {}, el("p", { className: "muted" }, "Loading…"));
  root.replaceChildren(pageHeader("Channels"), area);
  listAll(async (pageToken) => {
    const r = await ctx.api.channels.listChannels({ pageSize: 1000, pageToken }, { signal: abort.signal });
    return { items: r.channels, next: r.nextPageToken };
  })
    .then((channels) => {
      if (!channels.length) {
        area.replaceChildren(el("p", { className: "empty-page" }, "No channels yet."));
        return;
      }
      area.replaceChildren(
        table(
          "Channels",
          ["Channel", "Kind", "Profile", "State", "Default queue", "Created"],
          channels.map((c) =>
            el(
              "tr",
              { dataset: { channel: c.name } },
              td(el("strong", {}, c.displayName || shortName(c.name)), el("br", {}), el("span", { className: "muted small mono" }, c.name)),
              td(channelKindLabel(c.kind)),
              td(channelProfileLabel(c.profile)),
              td(c.enabled === false ? badge("Disabled", "bad") : badge("Enabled", "good")),
              td(c.bot ? `bot ${c.bot}` : c.defaultQueue || "queues/default"),
              td(timeEl(c.createTime)),
            ),
          ),
        ),
      );
    })
    .catch((err) => {
      if (!abort.signal.aborted) {
        area.replaceChildren();
        showProblem(area, err);
      }
    });
  return () => abort.abort();
}
