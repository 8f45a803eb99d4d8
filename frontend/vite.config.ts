import { fileURLToPath, URL } from "node:url";
import { constants as zlibConstants } from "node:zlib";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";

const backend = "http://127.0.0.1:5000";

export default defineConfig({
  base: "/",
  plugins: [
    react(),
    tailwindcss(),
    // Every text file of the build (public/ included) also as .br and .gz beside it, compressed
    // once at the highest levels; the server picks one by Accept-Encoding. A variant that would
    // not be smaller is not written, and the server sends the file itself.
    compression({
      include: /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|xml)$/i,
      threshold: 0,
      skipIfLargerOrEqual: true,
      algorithms: [
        defineAlgorithm("brotliCompress", { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm("gzip", { level: 9 }),
      ],
    }),
  ],
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./src", import.meta.url)),
    },
  },
  server: {
    proxy: {
      "/api": backend,
      "/admin": backend,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // A group holds only the modules it names, not all they import (a module both the charts
          // and the main chunk use stays with the main chunk, which the charts chunk imports).
          includeDependenciesRecursively: false,
          // React changes less often than the app: a chunk of its own stays cached across releases.
          groups: [
            { name: "react", test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // The chart library and what only it uses (not use-sync-external-store, which wouter needs
            // too), loaded with the analytics pages alone.
            {
              name: "charts",
              test: /[\\/]node_modules[\\/](recharts|victory-vendor|d3-[^\\/]+|internmap|@reduxjs|react-redux|redux|redux-thunk|immer|reselect|decimal\.js-light|es-toolkit|eventemitter3|tiny-invariant|react-is)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
