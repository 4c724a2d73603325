// The embedding site's settings, read from the widget's own <script> tag.

export interface WidgetConfig {
  widgetKey: string;
  /** Where nexus answers, without a trailing slash. */
  nexusUrl: string;
  queue: string;
  title: string;
  /** Browser tests only: see main.ts. */
  openShadow: boolean;
}

export const DEFAULT_TITLE = "Chat with us";

/** The settings of `script`, or an error saying what is missing. */
export function readConfig(
  script: Pick<HTMLScriptElement, "getAttribute" | "src"> | null,
): WidgetConfig | string {
  if (!script) return "cannot find its <script> tag (load it with a plain <script src>)";
  const widgetKey = script.getAttribute("data-widget-key")?.trim() ?? "";
  if (!widgetKey) return "the <script> tag needs a data-widget-key attribute";
  const given = script.getAttribute("data-nexus-url")?.trim() ?? "";
  let nexusUrl: string;
  try {
    // Default: the nexus that served this script. A given URL keeps its path (a proxy
    // may serve nexus under a prefix).
    const url = new URL(given || script.src);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error();
    nexusUrl = given ? url.href.replace(/\/+$/, "") : url.origin;
  } catch {
    return `data-nexus-url is not an http(s) URL: ${given || script.src}`;
  }
  return {
    widgetKey,
    nexusUrl,
    queue: script.getAttribute("data-queue")?.trim() ?? "",
    title: script.getAttribute("data-title")?.trim() || DEFAULT_TITLE,
    openShadow: script.getAttribute("data-test-open-shadow") === "1",
  };
}
