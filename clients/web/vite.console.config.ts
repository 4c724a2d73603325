// The console: a single-page app served by Envoy under /console/ (stable file names, so
// Envoy's routes to them never change between builds).
import { defineConfig } from "vite";

export default defineConfig({
  root: "src/console",
  base: "/console/",
  publicDir: false,
  build: {
    outDir: "../../../../server/nexus/web/console",
    emptyOutDir: true,
    target: "es2020",
    sourcemap: false,
    modulePreload: false,
    rollupOptions: {
      output: {
        entryFileNames: "console.js",
        chunkFileNames: "console-[name].js",
        assetFileNames: "console[extname]",
      },
    },
  },
});
