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
          // React changes less often than the app: a chunk of its own stays cached across releases.
          groups: [{ name: "react", test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
});
