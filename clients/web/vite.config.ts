import { defineConfig } from "vite";
import vue from "@vitejs/plugin-vue";

// `npm run build` writes dist/, which huikuan-server serves at / (--web_root). For `vite dev`,
// API calls go to a running server's HTTP side (HUIKUAN_HTTP, default 127.0.0.1:8081).
export default defineConfig({
  plugins: [vue()],
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Vue, the router, pinia and i18n change together and load on every page.
        manualChunks: (id) =>
          /node_modules\/(@vue|vue|vue-router|pinia|vue-i18n|@intlify)\//.test(id) ? "vue" : undefined,
      },
    },
  },
  server: {
    proxy: {
      "/huikuan.v1.": `http://${process.env.HUIKUAN_HTTP ?? "127.0.0.1:8081"}`,
    },
  },
});
