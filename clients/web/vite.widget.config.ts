// The chat widget: one self-contained script (styles inside), what a website embeds with
// a single <script> tag. Built into the Python package, which Envoy serves under /widget/.
import { defineConfig } from "vite";

export default defineConfig({
  publicDir: false,
  build: {
    outDir: "../../server/nexus/web/widget",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    lib: {
      entry: "src/widget/main.ts",
      formats: ["iife"],
      name: "NexusChat",
      fileName: () => "widget.js",
    },
  },
});
